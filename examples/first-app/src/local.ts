import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, type TenantPrincipal } from '../../../src/index.js';
import { type LocalSts, startLocalSts } from '../../../src/testing/index.js';
import { Project, Task } from './entities.js';
import { tenantRoleArn } from './tenants.js';

// What stands in for AWS on a laptop and in tests: a local STS that knows the
// tenants' roles, and the table created in DynamoDB Local.

/** The access key id the app signs its STS calls with: the only caller the tenant roles trust. */
export const APP_CALLER = 'firstapp';
/** The sts:ExternalId of the tenant roles' trust policy. */
export const EXTERNAL_ID = 'first-app-external-id';

/** A local STS with one role per tenant, trusting only the app, with the external id. */
export function startTenantSts(tenantIds: readonly string[]): Promise<LocalSts> {
  const role = { externalId: EXTERNAL_ID, principals: [APP_CALLER] };
  return startLocalSts({
    roles: Object.fromEntries(tenantIds.map((tenantId) => [tenantRoleArn(tenantId), role])),
    unknownRoles: 'deny',
  });
}

/**
 * Creates the table. On AWS your infrastructure code does this once. DynamoDB
 * Local started with `sharedDb: true` (main.ts) has one database; one started
 * without it keeps a database per access key, so the table is created in
 * each tenant's too (createTable does nothing where it exists).
 */
export async function createLocalTables(
  client: DynamoDBClient,
  tenants: { clientFor(tenantId: string, principal?: TenantPrincipal): Promise<DynamoDBClient> },
  tenantIds: readonly string[],
): Promise<void> {
  await createTable(client, [Project, Task]);
  for (const tenantId of tenantIds) await createTable(await tenants.clientFor(tenantId), [Project, Task]);
}
