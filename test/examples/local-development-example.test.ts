import test from 'ava';
import { demoUser, seedUsers } from '../../examples/local-development/demo-users.js';
import { localDynamoClient } from '../../examples/local-development/local-client.js';
import { localDevelopmentApp } from '../../examples/local-development/local-development-app.js';
import { LocalTenantClients } from '../../examples/local-development/local-tenant-clients.js';
import { User } from '../../examples/shared/user.js';
import { Repository, TenantAccessDeniedError } from '../../src/index.js';
import { fetchJson, serve } from '../middleware/support/http.js';
import { randomAlphanumeric, testEndpoint } from '../support/dynamo.js';

test('the users-local app answers from DynamoDB Local through a client pointed at its endpoint', async (t) => {
  const client = localDynamoClient(testEndpoint(), `ld${randomAlphanumeric(10)}`);
  await seedUsers(client, [demoUser('user123', 'example.com', { name: 'John Doe' })], 'users-local');
  await seedUsers(client, [demoUser('user123', 'example.com', { name: 'John Doe' })], 'users-local'); // again: idempotent
  const served = await serve(localDevelopmentApp(new Repository(User, { client, tableName: 'users-local' })));
  try {
    const found = await fetchJson(served.url('/users/user123'));
    t.is(found.status, 200);
    t.like(found.body, { userId: 'user123', name: 'John Doe' });
    t.is((await fetchJson(served.url('/users/nobody'))).status, 404);
    t.is((await fetchJson(served.url('/elsewhere'))).status, 404);
    t.is((await fetchJson(served.url('/users/user123'), { method: 'DELETE' })).status, 404);
  } finally {
    await served.close();
    client.destroy();
  }
});

test('LocalTenantClients: one database per tenant, members only, like the STS provider', async (t) => {
  const tenants = new LocalTenantClients({ endpoint: testEndpoint() });
  try {
    await t.throwsAsync(tenants.clientFor('acme', { userId: 'u', tenants: ['globex'] }), {
      instanceOf: TenantAccessDeniedError,
    });
    const acme = await tenants.clientFor('acme', { userId: 'u', tenants: ['acme'] });
    t.is(acme, await tenants.clientFor('acme'), 'one cached client per tenant');
    const keys = await Promise.all(
      ['acme', 'a-b', 'hex612d62', 'x'].map(async (id) => (await tenants.client(id).config.credentials()).accessKeyId),
    );
    t.deepEqual(keys, ['tenantacme', 'hex612d62', 'tenanthex612d62', 'tenantx']);
    t.is(new Set(keys).size, keys.length, 'no two tenants share a database');
  } finally {
    tenants.destroy();
  }
});
