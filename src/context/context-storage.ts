import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { globalSingleton } from '../internal/global-singleton.js';

/** The tenant a call tree acts for, and how to tell its keys (made by runInTenantScope). */
export interface TenantScope {
  /** The tenant the call tree acts for. */
  readonly tenantId: string;
  /** The partition-key prefix the tenant owns (`TENANT#<tenantId>` by default). */
  readonly keyPrefix: string;
  /** What follows the prefix in the tenant's longer keys (`#` by default). */
  readonly separator: string;
  /** Whether scans are allowed inside the scope. */
  readonly allowScan: boolean;
  /** The entity property a put fills in from the scope when it is unset. */
  readonly tenantProperty: string;
  /** Whether a partition key value belongs to this tenant. */
  owns(value: AttributeValue | undefined): boolean;
}

/**
 * What a call tree runs with: the ambient client and the tenant scope,
 * together, so that whatever captures, restores or clears one (the bind
 * helpers, runWithoutClient, a stream bound to a request) does the same to
 * the other. A listener bound in acme's request can never run with acme's
 * client under another tenant's guard, or under none.
 *
 * @internal
 */
export interface AmbientContext {
  readonly client: DynamoDBClient | undefined;
  readonly scope: TenantScope | undefined;
  /**
   * The tenant the call tree acts for (currentTenant()): set by the tenant
   * entry points (middleware, `@TenantScoped()`, the provider's run()) and by
   * runInTenantScope, kept by runWithClient, cleared by runWithoutClient.
   * Held with the client and scope so that it can never describe another
   * request than they do.
   */
  readonly tenantId: string | undefined;
  /**
   * The tenant whose scoped client the call tree was given: by a tenant entry point (the client it resolved,
   * which may be a pool's for a pooled tenant), or by the outermost runWithClient of a provider's client.
   * Kept by inner runWithClient and runInTenantScope. A scoped client of another tenant refuses to send here:
   * one kept from another request cannot be slipped in by a runWithClient of its own.
   */
  readonly clientTenant?: string | undefined;
}

/**
 * The one AsyncLocalStorage behind runWithClient, runInTenantScope, the bind
 * helpers and resolveClient. Shared by the ESM and CommonJS copies of the
 * package (see global-singleton), so a scope opened through one copy is seen
 * by builders of the other.
 *
 * No store at all means "no context was entered": code that lost its request's
 * context (a callback fired by someone else), or application code that never
 * had one. A store with neither client nor scope is an explicit application
 * context (runWithoutClient).
 *
 * @internal
 */
export const contextStorage: AsyncLocalStorage<AmbientContext> = globalSingleton(
  'ambient-context',
  () => new AsyncLocalStorage<AmbientContext>(),
);

/** The store of runWithoutClient: no client, no scope, entered on purpose. @internal */
export const APPLICATION_CONTEXT: AmbientContext = Object.freeze({
  client: undefined,
  scope: undefined,
  tenantId: undefined,
});
