import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../errors/errors.js';
import { applicationClientFallbackError, applicationClientFallbackRefused } from './application-fallback.js';
import { tenantOfClient } from './client-tenant.js';
import { contextStorage, type TenantScope } from './context-storage.js';

/** True for anything that can send a command: a DynamoDBClient (or a compatible double). */
export function isDynamoClient(client: unknown): client is DynamoDBClient {
  return typeof client === 'object' && client !== null && typeof (client as { send?: unknown }).send === 'function';
}

/**
 * Runs `fn` with `client` as the ambient DynamoDB client of its whole async
 * call tree. Uses `AsyncLocalStorage.run` (never `enterWith`), so the client
 * cannot leak past the end of `fn` into the caller or into other requests.
 * A tenant scope around the call stays in force (a client cannot lift the
 * key guard).
 *
 * A missing client is refused rather than treated as "no scope": in a
 * tenant's request that would silently fall back to the repository's
 * (shared) client.
 */
export function runWithClient<R>(client: DynamoDBClient, fn: () => R): R {
  if (!isDynamoClient(client)) throw new InvalidRequestError('runWithClient needs a DynamoDBClient');
  const outer = contextStorage.getStore();
  const clientTenant = outer?.clientTenant ?? tenantOfClient(client);
  return contextStorage.run({ client, scope: outer?.scope, tenantId: outer?.tenantId, clientTenant }, fn);
}

/**
 * Runs `fn` with `client` and `scope` (one run of the context), as
 * `tenantId` (default: the scope's): what the tenant middleware and the
 * provider's run() enter per request.
 *
 * @internal
 */
export function runInTenantContext<R>(
  client: DynamoDBClient,
  scope: TenantScope | undefined,
  fn: () => R,
  tenantId: string | undefined = scope?.tenantId,
): R {
  return contextStorage.run({ client, scope, tenantId, clientTenant: tenantOfClient(client) }, fn);
}

/** The client of the innermost `runWithClient` around the caller, if any. */
export function currentClient(): DynamoDBClient | undefined {
  return contextStorage.getStore()?.client;
}

/**
 * Client precedence: explicit > ambient > default. The default (the
 * repository's own client) is refused with TenantIsolationError when the
 * caller runs in no context at all while a tenant entry point with isolation
 * asked for that (see application-fallback).
 */
export function resolveClient(explicit: DynamoDBClient | undefined, fallback: DynamoDBClient): DynamoDBClient {
  if (explicit !== undefined) return explicit;
  const context = contextStorage.getStore();
  if (context === undefined) {
    if (applicationClientFallbackRefused()) throw applicationClientFallbackError();
    return fallback;
  }
  return context.client ?? fallback;
}
