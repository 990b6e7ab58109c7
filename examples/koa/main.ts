/**
 * `npm run example:koa`: the multi-tenant users API on Koa 3, against
 * DynamoDB Local (one database per tenant). Starts everything, tries the
 * API, stops. `-- --serve` keeps serving on PORT (default 3000):
 *
 *   curl -H 'x-user-id: alice' -H 'x-user-tenants: acme' localhost:3000/api/tenants/acme/users
 */
import { Repository } from '../../src/index.js';
import { DEMO_TENANTS, seedUsers } from '../local-development/demo-users.js';
import { LocalTenantClients } from '../local-development/local-tenant-clients.js';
import { runLocally } from '../local-development/run-locally.js';
import { usersApiTour } from '../local-development/users-api-tour.js';
import { User } from '../shared/user.js';
import { createKoaApp } from './app.js';

await runLocally('koa', async (dynamo, print) => {
  const tenants = new LocalTenantClients({ endpoint: dynamo.endpoint, region: dynamo.region });
  for (const [tenantId, users] of Object.entries(DEMO_TENANTS)) {
    print(`Seeding tenant ${tenantId} (its own DynamoDB Local database)`);
    await seedUsers(tenants.client(tenantId), users());
  }
  // The repository's own client: a database without the users table, so a
  // request that escaped its tenant's scope would fail instead of reading.
  const users = new Repository(User, dynamo.client());
  return { listener: createKoaApp({ users, tenants }).callback(), tour: usersApiTour, close: () => tenants.destroy() };
});
