import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigurationError } from '../clients/configuration-error.js';
import { createDynamoClient } from '../clients/create-dynamo-client.js';
import { isDynamoClient } from '../context/client-context.js';
import type { EntityClass } from '../metadata/types.js';
import { type TenantResolution, tenantResolver } from '../middleware/shared/resolve-tenant.js';
import type { TenantClientProvider } from '../middleware/shared/types.js';
import { Repository } from '../repository/repository.js';
import { StsTenantClientProvider } from '../tenancy/sts-tenant-client-provider.js';
import type { StsTenantClientProviderOptions } from '../tenancy/types.js';
import type { FluentDynamoModuleOptions } from './options.js';
import { nestRequestAccess, type TenantRequest, userOfRequest } from './tenant-request.js';

/** What the root module made of its options: one set per application, shared by every feature module. */
export interface FluentDynamoResources {
  readonly client: DynamoDBClient;
  readonly tenants: TenantClientProvider<object> | null;
  /** The tenant of a request and its client, or the refusal; null without `tenants`. */
  readonly resolveTenant: ((req: TenantRequest) => Promise<TenantResolution>) | null;
  /**
   * The Repository of `entity` (on `tableName`, default its `@Table`) on the
   * default client: every feature module that lists it gets this same object.
   */
  repository<T extends object>(entity: EntityClass<T>, tableName?: string): Repository<T>;
  /** Releases the provider and the client (unless closeOnDestroy is false); the first call does it, later calls wait for it. */
  close(): Promise<void>;
}

// StsTenantClientProvider has close(); a provider of your own may not.
type Closable = { close?: () => unknown };

function defaultClient(options: FluentDynamoModuleOptions<object>): DynamoDBClient {
  const { client, clientConfig } = options;
  if ((client === undefined) === (clientConfig === undefined)) {
    throw new ConfigurationError('FluentDynamoModule.forRoot: give exactly one of client and clientConfig', 'client');
  }
  if (client === undefined) return createDynamoClient(clientConfig ?? {});
  if (!isDynamoClient(client))
    throw new ConfigurationError('FluentDynamoModule.forRoot: client is no DynamoDBClient', 'client');
  return client;
}

function tenantProvider(options: FluentDynamoModuleOptions<object>): TenantClientProvider<object> | null {
  const { tenants } = options;
  if (tenants === undefined) return null;
  if (typeof tenants !== 'object' || tenants === null) {
    throw new ConfigurationError('FluentDynamoModule.forRoot: tenants must be a provider or its options', 'tenants');
  }
  if (typeof (tenants as TenantClientProvider<object>).clientFor === 'function') {
    return tenants as TenantClientProvider<object>;
  }
  // The provider checks its own options (ConfigurationError naming the option).
  return new StsTenantClientProvider(tenants as StsTenantClientProviderOptions<object>);
}

function resolverOf(options: FluentDynamoModuleOptions<object>, tenants: TenantClientProvider<object> | null) {
  const context = options.tenantContext;
  if (!tenants) {
    if (context !== undefined) {
      throw new ConfigurationError('FluentDynamoModule.forRoot: tenantContext needs tenants', 'tenantContext');
    }
    return null;
  }
  const { principal, ...where } = context ?? {};
  // Checks the options now, so a misconfigured app fails at start-up, not on its first request; chooses the
  // isolation (tenantContext's, else the provider's, ConfigurationError where they disagree).
  return tenantResolver<TenantRequest, object>(
    { ...where, provider: tenants, principal: principal ?? userOfRequest },
    nestRequestAccess,
  );
}

/** Builds the application's clients from the module options; releases what it made if a later step fails. */
export function createResources(options: FluentDynamoModuleOptions<object>): FluentDynamoResources {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('FluentDynamoModule.forRoot needs options', 'options');
  }
  const client = defaultClient(options);
  const madeClient = options.client === undefined;
  let tenants: TenantClientProvider<object> | null = null;
  try {
    tenants = tenantProvider(options);
    const resolveTenant = resolverOf(options, tenants);
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        if (options.closeOnDestroy === false) return;
        await (tenants as Closable | null)?.close?.();
        client.destroy();
      })();
      return closing;
    };
    // Per entity and table: feature modules listing the same entity share one object.
    // Repositories of different entities side by side: typed per entity when handed out (a Repository<T> of a
    // generic T is not assignable to Repository<object> for every TypeScript version, so none is claimed here).
    const repositories = new Map<EntityClass, Map<string | undefined, unknown>>();
    const repository = <T extends object>(entity: EntityClass<T>, tableName?: string): Repository<T> => {
      let byTable = repositories.get(entity);
      if (!byTable) {
        byTable = new Map();
        repositories.set(entity, byTable);
      }
      const known = byTable.get(tableName);
      if (known) return known as Repository<T>;
      const made = new Repository(entity, { client, ...(tableName === undefined ? {} : { tableName }) });
      byTable.set(tableName, made);
      return made;
    };
    return { client, tenants, resolveTenant, repository, close };
  } catch (error) {
    if (tenants !== options.tenants) void (tenants as Closable | null)?.close?.();
    if (madeClient) client.destroy();
    throw error;
  }
}
