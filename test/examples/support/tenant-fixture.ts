import type { RequestListener } from 'node:http';
import { seedUsers } from '../../../examples/local-development/demo-users.js';
import { LocalTenantClients } from '../../../examples/local-development/local-tenant-clients.js';
import { User } from '../../../examples/shared/user.js';
import { Repository } from '../../../src/index.js';
import type { TenantClaims, TenantClientProvider } from '../../../src/middleware/shared/types.js';
import { randomAlphanumeric, testClient, testEndpoint } from '../../support/dynamo.js';

/** What the Express and Koa example apps are built from. */
export interface UsersAppDeps {
  users: Repository<User>;
  tenants: TenantClientProvider<TenantClaims>;
}

export type BuildUsersApp = (deps: UsersAppDeps) => RequestListener;

export interface TenantFixture {
  readonly tenants: LocalTenantClients;
  /** On a client of its own database without the users table: a request that escaped its tenant fails. */
  readonly users: Repository<User>;
  /** The access key id (= the DynamoDB Local database) of a tenant. */
  accessKeyOf(tenantId: string): string;
  close(): void;
}

/**
 * LocalTenantClients on the test DynamoDB Local, with access keys unique to
 * this fixture (test files run concurrently on one DynamoDB Local), and the
 * users table created in each tenant's database with `seed(tenantId)`.
 */
export async function tenantFixture(
  tenantIds: readonly string[],
  seed: (tenantId: string) => User[],
  options: { maxSockets?: number } = {},
): Promise<TenantFixture> {
  const run = `r${randomAlphanumeric(8)}`;
  const accessKeyOf = (tenantId: string) => `${run}tenant${tenantId}`;
  const tenants = new LocalTenantClients({
    endpoint: testEndpoint(),
    region: process.env.DYNAMODB_REGION ?? 'us-east-1',
    accessKeyFor: accessKeyOf,
    maxSockets: options.maxSockets,
  });
  // Ten at a time: table creation is the slow part of DynamoDB Local.
  for (let i = 0; i < tenantIds.length; i += 10) {
    await Promise.all(tenantIds.slice(i, i + 10).map((id) => seedUsers(tenants.client(id), seed(id))));
  }
  const defaultClient = testClient(`${run}default`);
  return {
    tenants,
    users: new Repository(User, defaultClient),
    accessKeyOf,
    close: () => {
      tenants.destroy();
      defaultClient.destroy();
    },
  };
}
