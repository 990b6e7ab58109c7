// Which credentials sign each request, proven with the DynamoDB Local of `npm test` (no sharedDb: one database
// per access key id, and every tenant's STS credentials have their own key): each tenant only ever sees its own
// database, however its requests interleave with other tenants' on the one shared base client.
import test from 'ava';
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
    await users.put.withItem(newUser('whoami', { name: id })).withClient(client).execute();
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
