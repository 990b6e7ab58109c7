import { type DynamicModule, Inject, Module, type OnModuleDestroy, type Provider } from '@nestjs/common';
import { asyncOptionsProviders } from './async-options.js';
import type { FluentDynamoModuleAsyncOptions, FluentDynamoModuleOptions } from './options.js';
import { createResources, type FluentDynamoResources } from './resources.js';
import { DYNAMO_CLIENT, FLUENT_DYNAMO_OPTIONS, FLUENT_DYNAMO_RESOURCES, TENANT_CLIENTS } from './tokens.js';

const EXPORTS = [DYNAMO_CLIENT, TENANT_CLIENTS, FLUENT_DYNAMO_OPTIONS, FLUENT_DYNAMO_RESOURCES];

/**
 * The application-wide part behind `FluentDynamoModule.forRoot` /
 * `forRootAsync`: global, so feature modules and `@TenantScoped()` routes of
 * any module reach the clients. Its `onModuleDestroy` releases them once.
 */
@Module({})
export class FluentDynamoCoreModule implements OnModuleDestroy {
  constructor(@Inject(FLUENT_DYNAMO_RESOURCES) private readonly resources: FluentDynamoResources) {}

  /** The global module of `FluentDynamoModule.forRoot(options)`; use that. */
  static forRoot(options: FluentDynamoModuleOptions<object>): DynamicModule {
    return FluentDynamoCoreModule.define([{ provide: FLUENT_DYNAMO_OPTIONS, useValue: options }], []);
  }

  /** The global module of `FluentDynamoModule.forRootAsync(options)`; use that. */
  static forRootAsync(options: FluentDynamoModuleAsyncOptions<object>): DynamicModule {
    return FluentDynamoCoreModule.define(asyncOptionsProviders(options), options.imports ?? []);
  }

  private static define(optionProviders: Provider[], imports: DynamicModule['imports']): DynamicModule {
    const providers: Provider[] = [
      ...optionProviders,
      { provide: FLUENT_DYNAMO_RESOURCES, useFactory: createResources, inject: [FLUENT_DYNAMO_OPTIONS] },
      { provide: DYNAMO_CLIENT, useFactory: (r: FluentDynamoResources) => r.client, inject: [FLUENT_DYNAMO_RESOURCES] },
      {
        provide: TENANT_CLIENTS,
        useFactory: (r: FluentDynamoResources) => r.tenants,
        inject: [FLUENT_DYNAMO_RESOURCES],
      },
    ];
    return { module: FluentDynamoCoreModule, global: true, imports, providers, exports: EXPORTS };
  }

  /** Nest's shutdown hook: closes the tenant provider and destroys the default client, once (see `closeOnDestroy`). */
  async onModuleDestroy(): Promise<void> {
    await this.resources.close();
  }
}
