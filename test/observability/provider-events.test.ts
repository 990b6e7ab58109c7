// The tenant provider's onEvent channel also carries the operations run on its clients, with the tenant.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { createTable, Repository } from '../../src/index.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../src/testing/index.js';
import { newUser, User } from '../fixtures/entities.js';
import { uniqueTableName } from '../support/dynamo.js';
import { member, stackFor } from '../tenancy/support/stack.js';

let dynamo: LocalDynamoDb;
let admin: DynamoDBClient;
let users: Repository<User>;

test.before(async () => {
  // sharedDb: the tenants' credentials (new access key ids) see the admin's table.
  dynamo = await startLocalDynamoDb({ via: 'java', sharedDb: true, startTimeoutMs: 60_000 });
  admin = dynamo.client();
  users = new Repository(User, { client: admin, tableName: uniqueTableName('provider-ops') });
  await createTable(admin, User, { tableName: users.tableName });
});

test.after.always(async () => {
  await dynamo?.stop();
});

test("operations on a provider's clients reach its onEvent with their tenant; other clients' do not", async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(dynamo.endpoint);
  await tenants.run('acme', member('u1', 'acme'), () => users.put.withItem(newUser('acme-1')).execute());
  // A scoped client used outside run(): the provider still knows whose it is.
  const globex = await tenants.clientFor('globex', member('u2', 'globex'));
  await users.get.withKey({ userId: 'acme-1' }).withClient(globex).execute();
  // The application's own client is not the provider's.
  await users.get.withKey({ userId: 'acme-1' }).execute();

  const operations = stack.eventsOf('operation');
  t.deepEqual(
    operations.map((e) => [e.tenantId, e.operation, e.operationEvent?.outcome, e.operationEvent?.table]),
    [
      ['acme', 'PutItem', 'success', users.tableName],
      ['globex', 'GetItem', 'success', users.tableName],
    ],
  );
  t.true(operations.every((e) => (e.durationMs ?? -1) >= 0 && e.operationEvent?.requests === 1));
});
