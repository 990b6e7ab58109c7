import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency, Type } from '@nestjs/common';
import type { CreateDynamoClientOptions } from '../clients/create-dynamo-client.js';
import type { TenantIsolationOptions } from '../isolation/isolation-option.js';
import type { Awaitable, TenantClaims, TenantClientProvider } from '../middleware/shared/types.js';
import type { StsTenantClientProviderOptions } from '../tenancy/types.js';
import type { TenantRequest } from './tenant-request.js';

/**
 * How `@TenantScoped()` routes find their tenant and caller. The same rules
 * as `expressTenantContext` (fluent-dynamo/express), with Nest defaults.
 */
export interface NestTenantContextOptions<P extends object = TenantClaims> {
  /**
   * Who makes the request. Default: `req.user`, where Passport and most Nest
   * authentication guards put it (guards run before the tenant scope).
   * Nothing (undefined or null) is answered 401.
   */
  principal?: (req: TenantRequest) => Awaitable<P | undefined | null>;
  /** A route parameter holding the tenant. Default 'tenantId' (`@Controller('api/tenants/:tenantId/users')`). */
  tenantParam?: string;
  /** Or a request header holding the tenant, e.g. 'x-tenant-id'. */
  tenantHeader?: string;
  /** Or a function of the request. At most one of tenantParam, tenantHeader, tenantId. */
  tenantId?: (req: TenantRequest) => Awaitable<string | undefined>;
  /** Your own access check; false is answered 403. Default: the provider decides (StsTenantClientProvider: the `tenants` claim). */
  authorize?: (tenantId: string, principal: P) => Awaitable<boolean>;
  /**
   * Also run each request in a tenant key guard scope (runInTenantScope): a key of another tenant is refused before
   * sending. Default: the provider's `isolation` (`tenants.isolation`); given in both places they must agree
   * (ConfigurationError at start-up). A tenant id the scope refuses is answered 400 before the provider is asked.
   */
  isolation?: TenantIsolationOptions;
}

/** Options of `FluentDynamoModule.forRoot`: the default client, the tenant clients, and how requests map to tenants. */
export interface FluentDynamoModuleOptions<P extends object = TenantClaims> {
  /** The default client: repositories send with it outside any tenant scope. Give this or `clientConfig`. */
  client?: DynamoDBClient;
  /** Or the settings of a client the module creates (`createDynamoClient`: region, endpoint, timeouts, retries, pool). */
  clientConfig?: CreateDynamoClientOptions;
  /**
   * Tenant clients for `@TenantScoped()` routes: the options of an
   * `StsTenantClientProvider` the module creates, or a provider you made
   * (`StsTenantClientProvider`, or anything with `clientFor(tenantId, principal)`).
   */
  tenants?: StsTenantClientProviderOptions<P> | TenantClientProvider<P>;
  /** How requests map to tenants (needs `tenants`). */
  tenantContext?: NestTenantContextOptions<P>;
  /**
   * On shutdown (`onModuleDestroy`), close the tenant provider (its connection
   * pool, STS client and cache) and destroy the default client, once. Default
   * true, also for instances you passed in; false when something outside Nest
   * still uses them.
   */
  closeOnDestroy?: boolean;
}

/** A class `forRootAsync({ useClass })` instantiates (or `useExisting` finds) to get the options. */
export interface FluentDynamoOptionsFactory<P extends object = TenantClaims> {
  /** Returns (or resolves to) the module's options. */
  createFluentDynamoOptions(): Awaitable<FluentDynamoModuleOptions<P>>;
}

/** `forRootAsync`: options from other providers (configuration, secrets). Give one of useFactory, useClass, useExisting. */
export interface FluentDynamoModuleAsyncOptions<P extends object = TenantClaims> {
  /** Modules whose providers the factory (or the class) needs. */
  imports?: ModuleMetadata['imports'];
  /** Receives the `inject` providers in order; annotate its parameters. */
  useFactory?: (...args: never[]) => Awaitable<FluentDynamoModuleOptions<P>>;
  /** The providers `useFactory` receives, in order. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** A class the module instantiates to get the options. */
  useClass?: Type<FluentDynamoOptionsFactory<P>>;
  /** A provider already registered that gives the options. */
  useExisting?: InjectionToken<FluentDynamoOptionsFactory<P>>;
}
