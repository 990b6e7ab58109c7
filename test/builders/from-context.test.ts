import test from 'ava';
import { BatchWriteItemRequestBuilder } from '../../src/builders/batch-write/batch-write-item-builder.js';
import { batchGet, batchWrite, transactGet, transaction } from '../../src/builders/from-context/from-context.js';
import { runWithoutClient } from '../../src/context/without-client.js';
import { createTable, currentClient, InvalidRequestError, Repository, runWithClient } from '../../src/index.js';
import { newUser, User } from '../fixtures/entities.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

// transaction(), transactGet(), batchWrite() and batchGet() choose their client like single-item builders:
// withClient() > runWithClient() > the repositories' client. DynamoDB Local keeps one database per access key id,
// so each client below sees only its own data: which database an item landed in (or was read from) proves which
// client sent the request.
const repositoryClient = testClient();
const ambientClient = testClient();
const explicitClient = testClient();
const otherRepositoryClient = testClient();
const tableName = uniqueTableName('fromcontext');
const users = new Repository(User, { client: repositoryClient, tableName });
const sameTableOtherClient = new Repository(User, { client: otherRepositoryClient, tableName });

const databases = { repository: repositoryClient, ambient: ambientClient, explicit: explicitClient } as const;
type Database = keyof typeof databases;

test.before(async () => {
  for (const client of [...Object.values(databases), otherRepositoryClient]) {
    await createTable(client, User, { tableName });
  }
  for (const [who, client] of Object.entries(databases)) {
    await users.put
      .withItem(newUser('who', { name: who }))
      .withClient(client)
      .execute();
  }
});

/** The databases holding the user `userId`. */
async function whereIs(userId: string): Promise<Database[]> {
  const found: Database[] = [];
  for (const [who, client] of Object.entries(databases) as Array<[Database, (typeof databases)[Database]]>) {
    const { item } = await users.get.withKey({ userId }).withClient(client).execute();
    if (item) found.push(who);
  }
  return found;
}

test('transaction(): the repositories client outside runWithClient, the ambient one inside, withClient() over both', async (t) => {
  t.is(currentClient(), undefined);
  await transaction((tx) => tx.put(users, (b) => b.withItem(newUser('tx-outside'))));
  t.deepEqual(await whereIs('tx-outside'), ['repository']);

  await runWithClient(ambientClient, () =>
    transaction((tx) => {
      tx.put(users, (b) => b.withItem(newUser('tx-inside')));
      tx.conditionCheck(users, (b) => b.withKey({ userId: 'who' }).where('attribute_exists(userId)'));
    }),
  );
  t.deepEqual(await whereIs('tx-inside'), ['ambient']);

  await runWithClient(ambientClient, () =>
    transaction((tx) => tx.put(users, (b) => b.withItem(newUser('tx-explicit'))).withClient(explicitClient)),
  );
  t.deepEqual(await whereIs('tx-explicit'), ['explicit'], "the transaction's withClient()");

  await runWithClient(ambientClient, () =>
    transaction((tx) => tx.put(users, (b) => b.withItem(newUser('tx-op-explicit')).withClient(explicitClient))),
  );
  t.deepEqual(await whereIs('tx-op-explicit'), ['explicit'], "an operation's withClient()");
});

test('transactGet(): each client reads its own database', async (t) => {
  const read = async () =>
    (await transactGet((tx) => tx.get(users, (b) => b.withKey({ userId: 'who' })))).itemsOf(users)[0]?.name;
  t.is(await read(), 'repository');
  t.is(await runWithClient(ambientClient, read), 'ambient');
  t.is(
    await runWithClient(ambientClient, async () => {
      const result = await transactGet((tx) =>
        tx.get(users, (b) => b.withKey({ userId: 'who' })).withClient(explicitClient),
      );
      return result.itemsOf(users)[0]?.name;
    }),
    'explicit',
  );
});

test('batchWrite() and batchGet(): the same precedence', async (t) => {
  await batchWrite((batch) => batch.put(users, (b) => b.withItem(newUser('bw-outside'))).skipVersionChecks());
  t.deepEqual(await whereIs('bw-outside'), ['repository']);
  await runWithClient(ambientClient, () =>
    batchWrite((batch) => batch.put(users, (b) => b.withItem(newUser('bw-inside'))).skipVersionChecks()),
  );
  t.deepEqual(await whereIs('bw-inside'), ['ambient']);
  await runWithClient(ambientClient, () =>
    batchWrite((batch) =>
      batch
        .put(users, (b) => b.withItem(newUser('bw-explicit')))
        .skipVersionChecks()
        .withClient(explicitClient),
    ),
  );
  t.deepEqual(await whereIs('bw-explicit'), ['explicit']);

  const names = async () =>
    (await batchGet((batch) => batch.get(users, (b) => b.withKey({ userId: 'who' }))))
      .itemsOf(users)
      .map((u) => u.name);
  t.deepEqual(await names(), ['repository']);
  t.deepEqual(await runWithClient(ambientClient, names), ['ambient']);
  t.deepEqual(
    await runWithClient(ambientClient, async () =>
      (await batchGet((batch) => batch.get(users, (b) => b.withKey({ userId: 'who' })).withClient(explicitClient)))
        .itemsOf(users)
        .map((u) => u.name),
    ),
    ['explicit'],
  );
});

test('one prepared callback serves concurrent scopes: each execution resolves its own client', async (t) => {
  const read = () => transactGet((tx) => tx.get(users, (b) => b.withKey({ userId: 'who' })));
  const order: Database[] = Array.from(
    { length: 24 },
    (_, i) => (['repository', 'ambient', 'explicit'] as const)[i % 3],
  );
  const answers = await Promise.all(
    order.map(async (who) =>
      who === 'repository'
        ? (await read()).itemsOf(users)[0]?.name
        : (await runWithClient(databases[who], read)).itemsOf(users)[0]?.name,
    ),
  );
  t.deepEqual(answers, order);
});

test('repositories with different clients: refused outside runWithClient (nothing sent), the ambient client inside', async (t) => {
  const mixed = () =>
    transaction((tx) =>
      tx
        .put(users, (b) => b.withItem(newUser('mixed-a')))
        .put(sameTableOtherClient, (b) => b.withItem(newUser('mixed-b'))),
    );
  const error = await t.throwsAsync(mixed(), { instanceOf: InvalidRequestError });
  t.regex(error?.message ?? '', /different clients.*runWithClient/);
  t.deepEqual(await whereIs('mixed-a'), []);
  await runWithClient(ambientClient, mixed);
  t.deepEqual([await whereIs('mixed-a'), await whereIs('mixed-b')], [['ambient'], ['ambient']]);
});

test('bad callbacks are named errors before anything is sent; the existing builders are unchanged', async (t) => {
  await t.throwsAsync(transaction(undefined as never), { instanceOf: InvalidRequestError, message: /callback/ });
  await t.throwsAsync(
    // biome-ignore lint/suspicious/noExplicitAny: a JavaScript caller's async callback
    transaction((async (tx: any) => tx.put(users, (b: any) => b.withItem(newUser('async')))) as never),
    { instanceOf: InvalidRequestError, message: /synchronously/ },
  );
  await t.throwsAsync(
    transaction(() => {}),
    { instanceOf: InvalidRequestError, message: /at least one operation/ },
  );
  t.deepEqual(await whereIs('async'), []);
  // The builders themselves still take their fallback from the constructor.
  await runWithoutClient(() =>
    new BatchWriteItemRequestBuilder(explicitClient)
      .put(users, (b) => b.withItem(newUser('ctor')))
      .skipVersionChecks()
      .execute(),
  );
  t.deepEqual(await whereIs('ctor'), ['explicit']);
});
