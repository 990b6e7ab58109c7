import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { ConfigurationError } from '../clients/configuration-error.js';
import type { EntityClass } from '../metadata/types.js';
import type { TenantClaims } from '../middleware/shared/types.js';
import { FluentDynamoCoreModule } from './fluent-dynamo-core.module.js';
import type { FluentDynamoModuleAsyncOptions, FluentDynamoModuleOptions } from './options.js';
import type { FluentDynamoResources } from './resources.js';
import { FLUENT_DYNAMO_RESOURCES, getRepositoryToken } from './tokens.js';

/** An entity of `forFeature`, on another table than its `@Table` (per environment, per test). */
export interface FeatureEntity {
  /** The entity class whose Repository the feature module provides. */
  readonly entity: EntityClass;
  /** The table of its items, instead of the `@Table` name. */
  readonly tableName?: string;
}

function repositoryProvider(feature: EntityClass | FeatureEntity): Provider & { provide: symbol } {
  const entity = typeof feature === 'function' ? feature : feature?.entity;
  const tableName = typeof feature === 'function' ? undefined : feature?.tableName;
  if (typeof entity !== 'function') {
    throw new ConfigurationError(
      'FluentDynamoModule.forFeature takes entity classes or { entity, tableName }',
      'entity',
    );
  }
  return {
    provide: getRepositoryToken(entity),
    // A default-scoped (singleton) provider: the tenant reaches the repository
    // through the ambient client of the request, never through request-scoped
    // providers, which would rebuild the controller's object graph per request.
    // Nest 12 makes one module instance per forFeature() call: the resources'
    // cache is what gives all of them the same Repository object.
    useFactory: (resources: FluentDynamoResources) => resources.repository(entity, tableName),
    inject: [FLUENT_DYNAMO_RESOURCES],
  };
}

/**
 * fluent-dynamo for NestJS:
 *
 * ```ts
 * @Module({
 *   imports: [
 *     FluentDynamoModule.forRoot({ clientConfig: { region: 'us-east-1' }, tenants: { roleArn: (t) => `arn:...:role/TenantRole-${t}` } }),
 *     FluentDynamoModule.forFeature([User, Order]),
 *   ],
 *   controllers: [UsersController],   // constructor(@InjectRepository(User) users: Repository<User>)
 * })
 * ```
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest modules are classes, configured through static forRoot/forFeature.
export class FluentDynamoModule {
  /** The default client and the tenant provider, for the whole application (a global module). Import it once, in the root module. */
  static forRoot<P extends object = TenantClaims>(options: FluentDynamoModuleOptions<P>): DynamicModule {
    return FluentDynamoCoreModule.forRoot(options as unknown as FluentDynamoModuleOptions<object>);
  }

  /** forRoot with options from other providers (configuration, secrets). */
  static forRootAsync<P extends object = TenantClaims>(options: FluentDynamoModuleAsyncOptions<P>): DynamicModule {
    return FluentDynamoCoreModule.forRootAsync(options as unknown as FluentDynamoModuleAsyncOptions<object>);
  }

  /** A `Repository` for each entity, injectable in this module with `@InjectRepository(Entity)`. */
  static forFeature(entities: ReadonlyArray<EntityClass | FeatureEntity>): DynamicModule {
    if (!Array.isArray(entities)) {
      throw new ConfigurationError('FluentDynamoModule.forFeature takes an array of entity classes', 'entities');
    }
    const providers = entities.map(repositoryProvider);
    return { module: FluentDynamoModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
