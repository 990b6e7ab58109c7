import test from 'ava';
import { createTable, currentClient, Repository, runWithClient } from '../../src/index.js';
import { newUser, User } from '../fixtures/entities.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

// DynamoDB Local keeps one database per access key id: each client below
// sees only its own data, which proves which client ran each call.
const defaultClient = testClient();
const ambientClient = testClient();
const explicitClient = testClient();
const tableName = uniqueTableName('precedence');
const users = new Repository(User, { client: defaultClient, tableName });

test.before(async () => {
  for (const [client, who] of [
    [defaultClient, 'default'],
    [ambientClient, 'ambient'],
    [explicitClient, 'explicit'],
  ] as const) {
    await createTable(client, User, { tableName });
    await users.put
      .withItem(newUser('who', { name: who }))
      .withClient(client)
      .execute();
  }
});

async function whoAnswers(builder: { execute(): Promise<{ item: User | undefined }> }): Promise<string | undefined> {
  return (await builder.execute()).item?.name;
}

test('the repository client is used by default', async (t) => {
  t.is(currentClient(), undefined);
  t.is(await whoAnswers(users.get.withKey({ userId: 'who' })), 'default');
});

test('runWithClient overrides the repository client, for the whole call tree', async (t) => {
  await runWithClient(ambientClient, async () => {
    t.is(currentClient(), ambientClient);
    t.is(await whoAnswers(users.get.withKey({ userId: 'who' })), 'ambient');
    await new Promise((resolve) => setTimeout(resolve, 5));
    t.is(await whoAnswers(users.get.withKey({ userId: 'who' })), 'ambient', 'after a timer');
  });
  t.is(currentClient(), undefined, 'the scope ends with the callback');
});

test('withClient overrides runWithClient', async (t) => {
  await runWithClient(ambientClient, async () => {
    t.is(await whoAnswers(users.get.withKey({ userId: 'who' }).withClient(explicitClient)), 'explicit');
  });
});

test('nested scopes restore the outer client', async (t) => {
  await runWithClient(ambientClient, async () => {
    await runWithClient(explicitClient, async () => {
      t.is(await whoAnswers(users.get.withKey({ userId: 'who' })), 'explicit');
    });
    t.is(await whoAnswers(users.get.withKey({ userId: 'who' })), 'ambient');
  });
});

test('the client is chosen at execute(), so one prepared builder serves concurrent scopes', async (t) => {
  const prepared = users.get.withKey({ userId: 'who' });
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) => {
      const client = [defaultClient, ambientClient, explicitClient][i % 3] as typeof defaultClient;
      return runWithClient(client, () => whoAnswers(prepared));
    }),
  );
  t.deepEqual(
    answers,
    Array.from({ length: 30 }, (_, i) => ['default', 'ambient', 'explicit'][i % 3]),
  );
});

test('builders are immutable: every call returns a new builder and leaves the old one as it was', async (t) => {
  const base = users.get.withKey({ userId: 'who' });
  const withExplicit = base.withClient(explicitClient);
  const consistent = base.consistentRead();
  t.not(withExplicit, base);
  t.not(consistent, base);
  t.is(base.toInput().ConsistentRead, undefined);
  t.true(consistent.toInput().ConsistentRead);
  t.is(await whoAnswers(base), 'default');
  t.is(await whoAnswers(withExplicit), 'explicit');
  const update = users.update.withKey({ userId: 'who' });
  const a = update.set('SET name = {0}', 'a');
  t.notThrows(() => update.set('SET name = {0}', 'b'), 'the shared base has no update yet');
  const values = Object.values(a.toInput(new Date(0)).ExpressionAttributeValues ?? {}).map((v) => v.S);
  t.true(values.includes('a'));
  t.false(values.includes('b'));
});
