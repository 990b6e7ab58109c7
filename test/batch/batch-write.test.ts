import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { BatchWriteItemRequestBuilder } from '../../src/builders/batch-write/batch-write-item-builder.js';
import type { BatchWriteProgress } from '../../src/builders/batch-write/batch-write-result.js';
import { createTable, DynamoDbTable, InvalidRequestError, Repository, runWithClient } from '../../src/index.js';
import { newUser, User } from '../fixtures/entities.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { Event, newEvent } from './entities.js';
import { countItems, refusingClient } from './helpers.js';

const client = testClient();
const userTable = uniqueTableName('bw-users');
const users = new Repository(User, { client, tableName: userTable });
const events = new Repository(Event, { client, tableName: uniqueTableName('bw-events') });
const bulk = new Repository(Event, { client, tableName: uniqueTableName('bw-bulk') });

test.before(async () => {
  await Promise.all([
    createTable(client, User, { tableName: users.tableName }),
    createTable(client, Event, { tableName: events.tableName }),
    createTable(client, Event, { tableName: bulk.tableName }),
  ]);
});

test('batch write of 10,000 items: all land, with timestamps, and progress is reported', async (t) => {
  const progress: BatchWriteProgress[] = [];
  const batch = new BatchWriteItemRequestBuilder(client).concurrency(8).onProgress((p) => progress.push(p));
  for (let i = 0; i < 10_000; i++) batch.put(bulk, (b) => b.withItem(newEvent(`s${i % 13}`, i)));
  const result = await batch.execute();
  t.is(result.processed, 10_000);
  t.deepEqual(result.unprocessed, []);
  t.is(await countItems(client, bulk.tableName), 10_000);
  t.is(progress.length, 400, 'one report per request of 25');
  t.deepEqual(progress.at(-1), { processed: 10_000, total: 10_000 });
  t.true(progress.every((p, i) => i === 0 || p.processed > (progress[i - 1] as BatchWriteProgress).processed));
  const { item } = await bulk.get.withKey({ stream: 's10', seq: 9_994 }).execute();
  t.is(item?.payload, 'payload s10/9994');
  t.true(item?.created instanceof Date, '@CreatedAt set');
  t.true(item?.updatedAt instanceof Date, '@UpdatedAt set');
});

test('puts and deletes of several repositories in one batch', async (t) => {
  await events.put.withItem(newEvent('mix', 1)).execute();
  await events.put.withItem(newEvent('mix', 2)).execute();
  const result = await new BatchWriteItemRequestBuilder(client)
    .delete(events, (b) => b.withKey({ stream: 'mix', seq: 1 }))
    .put(events, (b) => b.withItem(newEvent('mix', 3)))
    .put(users, (b) => b.withItem(newUser('mix1')).skipVersionCheck())
    .returnConsumedCapacity()
    .execute();
  t.is(result.processed, 3);
  t.true((result.consumedCapacity?.length ?? 0) > 0);
  t.is((await events.get.withKey({ stream: 'mix', seq: 1 }).execute()).item, undefined);
  t.is((await events.get.withKey({ stream: 'mix', seq: 2 }).execute()).item?.seq, 2);
  t.is((await events.get.withKey({ stream: 'mix', seq: 3 }).execute()).item?.seq, 3);
  t.is((await users.get.withKey({ userId: 'mix1' }).execute()).item?.version, 1);
});

test('the result gives the items the puts wrote, as entities with their timestamps and versions', async (t) => {
  const result = await new BatchWriteItemRequestBuilder(client)
    .put(events, (b) => b.withItem(newEvent('written', 1)))
    .delete(events, (b) => b.withKey({ stream: 'written', seq: 9 }))
    .put(users, (b) => b.withItem(newUser('written1', { version: 2 })).skipVersionCheck())
    .put(events, (b) => b.withItem(newEvent('written', 2)))
    .execute();
  const written = result.itemsOf(events);
  t.deepEqual(
    written.map((e) => [e.stream, e.seq]),
    [
      ['written', 1],
      ['written', 2],
    ],
  );
  t.true(written.every((e) => e instanceof Event && e.created instanceof Date && e.updatedAt instanceof Date));
  const stored = (await events.get.withKey({ stream: 'written', seq: 1 }).execute()).item;
  t.is(written[0]?.created?.getTime(), stored?.created?.getTime(), 'the timestamps that were stored');
  t.deepEqual(
    result.inRequestOrder(events).map((e) => e?.seq),
    [1, undefined, 2],
    'one entry per put() or delete() of the repository: a delete has none',
  );
  const [user] = result.itemsOf(users);
  t.true(user instanceof User);
  t.is(user?.version, 3, 'the version that was stored');
  t.is(result.items.length, 4);
  const other = new Repository(User, { client, tableName: uniqueTableName('bw-none') });
  t.throws(() => result.itemsOf(other), { instanceOf: InvalidRequestError, message: /no put\(\) or delete\(\) of/ });
});

test('two writes of one key are refused before anything is sent', async (t) => {
  const spy = refusingClient();
  const batch = new BatchWriteItemRequestBuilder(spy);
  for (let i = 0; i < 30; i++) batch.put(events, (b) => b.withItem(newEvent('dup', i)));
  batch.delete(events, (b) => b.withKey({ stream: 'dup', seq: 3 }));
  const error = await t.throwsAsync(batch.execute(), { instanceOf: InvalidRequestError });
  t.regex(error.message, /operations #3 and #30 write the same item/);
  t.is(spy.sent, 0);
});

test('versioned entities are refused by default; skipVersionChecks() writes them, incrementing the version', async (t) => {
  const spy = refusingClient();
  const refused = new BatchWriteItemRequestBuilder(spy).put(users, (b) => b.withItem(newUser('v1')));
  const error = await t.throwsAsync(refused.execute(), { instanceOf: InvalidRequestError });
  t.regex(error.message, /@Version.*skipVersionChecks\(\)/);
  t.is(spy.sent, 0);

  await users.put.withItem(newUser('v2')).execute(); // stored version 1
  const stale = newUser('v2', { version: 0, name: 'last writer' });
  await new BatchWriteItemRequestBuilder(client)
    .put(users, (b) => b.withItem(newUser('v1', { version: 4 })))
    .put(users, (b) => b.withItem(stale))
    .skipVersionChecks()
    .execute();
  t.is((await users.get.withKey({ userId: 'v1' }).execute()).item?.version, 5);
  const overwritten = (await users.get.withKey({ userId: 'v2' }).execute()).item;
  t.is(overwritten?.name, 'last writer', 'no version check: the last writer wins');
  t.is(overwritten?.version, 1);
});

test('conditions and return values are refused when added: BatchWriteItem has neither', (t) => {
  const batch = new BatchWriteItemRequestBuilder(client);
  t.throws(() => batch.put(events, (b) => b.withItem(newEvent('c', 1)).where('attribute_not_exists(pk)' as string)), {
    instanceOf: InvalidRequestError,
    message: /cannot carry conditions.*TransactWriteItemsRequestBuilder/,
  });
  t.throws(() => batch.delete(users, (b) => b.withKey({ userId: 'x' }).expectVersion(2)), {
    instanceOf: InvalidRequestError,
    message: /expectVersion/,
  });
  t.throws(() => batch.delete(events, (b) => b.withKey({ stream: 'c', seq: 1 }).returnValues('ALL_OLD')), {
    instanceOf: InvalidRequestError,
    message: /returns no values/,
  });
  t.is(batch.size, 0);
});

test('an empty batch sends nothing', async (t) => {
  const spy = refusingClient();
  const result = await new BatchWriteItemRequestBuilder(spy).execute();
  t.is(result.processed, 0);
  t.is(spy.sent, 0);
});

test('plain DynamoDbTable records, with and without a key schema', async (t) => {
  const keyed = new DynamoDbTable(client, events.tableName, { partitionKey: 'pk', sortKey: 'sk' });
  const keyless = new DynamoDbTable(client, events.tableName);
  await new BatchWriteItemRequestBuilder(client)
    .put(keyed, (b) => b.withItem({ pk: 'STREAM#plain', sk: 1, payload: 'p1' }))
    .put(keyless, (b) => b.withItem({ pk: 'STREAM#plain', sk: 2, payload: 'p2' }))
    .execute();
  const raw = await client.send(
    new GetItemCommand({ TableName: events.tableName, Key: { pk: { S: 'STREAM#plain' }, sk: { N: '2' } } }),
  );
  t.is(raw.Item?.payload?.S, 'p2');
  await new BatchWriteItemRequestBuilder(client)
    .delete(keyless, (b) => b.withKey({ pk: 'STREAM#plain', sk: 2 }))
    .execute();
  const gone = await client.send(
    new GetItemCommand({ TableName: events.tableName, Key: { pk: { S: 'STREAM#plain' }, sk: { N: '2' } } }),
  );
  t.is(gone.Item, undefined);
});

test('client precedence: withClient > runWithClient > constructor; conflicting operation clients are refused', async (t) => {
  const other = testClient();
  await createTable(other, Event, { tableName: events.tableName });
  const write = (seq: number) =>
    new BatchWriteItemRequestBuilder(client).put(events, (b) => b.withItem(newEvent('who', seq)));
  const where = async (seq: number) => {
    const key = { TableName: events.tableName, Key: { pk: { S: 'STREAM#who' }, sk: { N: String(seq) } } };
    const [inDefault, inOther] = await Promise.all([
      client.send(new GetItemCommand(key)),
      other.send(new GetItemCommand(key)),
    ]);
    return `${inDefault.Item ? 'default' : ''}${inOther.Item ? 'other' : ''}`;
  };
  await write(1).execute();
  t.is(await where(1), 'default');
  await runWithClient(other, () => write(2).execute());
  t.is(await where(2), 'other');
  await runWithClient(client, () => write(3).withClient(other).execute());
  t.is(await where(3), 'other');

  const spy = refusingClient();
  const conflicting = new BatchWriteItemRequestBuilder(spy)
    .put(events, (b) => b.withItem(newEvent('who', 4)).withClient(client))
    .put(events, (b) => b.withItem(newEvent('who', 5)).withClient(other));
  await t.throwsAsync(conflicting.execute(), {
    instanceOf: InvalidRequestError,
    message: /operation 1 .*another client/,
  });
  t.is(spy.sent, 0);
});
