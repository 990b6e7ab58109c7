// Which credentials sign each request, proven with the DynamoDB Local of `npm test` (no sharedDb: one database
// per access key id, and every tenant's STS credentials have their own key): each tenant only ever sees its own
// database, however its requests interleave with other tenants' on the one shared base client.
import { ListTablesCommand, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import test from 'ava';
import { TenantIsolationError } from '../../src/errors/errors.js';
import { createTable, Repository } from '../../src/index.js';
import { newUser, User } from '../fixtures/entities.js';
import { testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';
import { member, stackFor } from './support/stack.js';

test("interleaved requests of many tenants each run with their own tenant's credentials", async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(testEndpoint());
  const tableName = uniqueTableName('isolation');
  const users = new Repository(User, { client: testClient(), tableName });
  const ids = ['t1', 't2', 't3', 't4', 't5'];
  for (const id of ids) {
    const client = await tenants.clientFor(id);
    await createTable(client, User, { tableName });
    await users.put
      .withItem(newUser('whoami', { name: id }))
      .withClient(client)
      .execute();
  }
  const prepared = users.get.withKey({ userId: 'whoami' });
  const order = Array.from({ length: 400 }, (_, i) => ids[(i * 7) % ids.length] as string);
  const answers = await Promise.all(
    order.map((id) =>
      tenants.run(id, member('u', id), async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        return (await prepared.execute()).item?.name;
      }),
    ),
  );
  t.deepEqual(answers, order);
  t.is(stack.assumeRoleCount(), ids.length);
});

test('a request signed with credentials its tenant did not get is refused before it is sent', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(testEndpoint());
  const a = await tenants.clientFor('iso-a');
  await tenants.clientFor('iso-b');
  const [, bKey] = stack.sts
    .assumeRoleCalls()
    .map((c) => (c.outcome.ok ? c.outcome.accessKeyId : undefined)) as string[];
  // Stands for any way the SDK could pick another tenant's credentials: swap them after signing.
  const swap: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
    const request = args.request as { headers: Record<string, string> };
    request.headers.authorization = (request.headers.authorization ?? '').replace(
      /Credential=[^/]+\//,
      `Credential=${bKey}/`,
    );
    return next(args);
  };
  a.middlewareStack.addRelativeTo(swap, {
    relation: 'before',
    toMiddleware: 'fluentDynamoTenantIsolation',
    name: 'swapCredentials',
  });
  const error = await t.throwsAsync(a.send(new ListTablesCommand({})), {
    instanceOf: TenantIsolationError,
    message: /tenant iso-a was signed with credentials its session did not issue/,
  });
  t.is(error?.tenantId, 'iso-a');
  t.is(error?.operation, 'ListTables');
  t.false(error !== undefined && 'table' in error, 'ListTables addresses no table');
});

test("the base client's credentials cannot be read outside a scoped client's send()", async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(testEndpoint());
  const client = await tenants.clientFor('iso-c');
  const credentials = client.config.credentials as () => Promise<unknown>;
  await t.throwsAsync(credentials(), { instanceOf: TenantIsolationError });
});
