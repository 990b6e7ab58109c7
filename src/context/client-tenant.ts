import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { globalSingleton } from '../internal/global-singleton.js';

/**
 * The tenant whose STS session each scoped client signs with, for the checks that a context's client and the
 * client a request is sent with belong together. One map for the ESM and CommonJS builds; weak, so a client
 * the provider dropped is not kept alive by it.
 */
const tenants = globalSingleton('clientTenants', () => new WeakMap<object, string>());

/** Records `client` as tenant `tenantId`'s (the provider calls it for each scoped client it makes). */
export function markClientTenant(client: DynamoDBClient, tenantId: string): void {
  tenants.set(client, tenantId);
}

/** The tenant of a scoped client; undefined for any other client (an application's own). */
export function tenantOfClient(client: DynamoDBClient | undefined): string | undefined {
  return client === undefined ? undefined : tenants.get(client);
}
