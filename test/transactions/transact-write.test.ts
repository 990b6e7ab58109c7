import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import type { TransactionReason } from '../../src/builders/batching/transaction-cancellation.js';
import { TransactWriteItemsRequestBuilder } from '../../src/builders/transact-write/transact-write-items-builder.js';
import {
  createTable,
  DynamoRequestError,
  fieldsOf,
  InvalidRequestError,
  keysOf,
  Repository,
  runWithClient,
  TransactionCanceledError,
} from '../../src/index.js';
import { Event, newEvent } from '../batch/entities.js';
import { refusingClient } from '../batch/helpers.js';
import { newUser, OrderLine, User } from '../fixtures/entities.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

const client = testClient();
const users = new Repository(User, { client, tableName: uniqueTableName('tx-users') });
const events = new Repository(Event, { client, tableName: uniqueTableName('tx-events') });
const lines = new Repository(OrderLine, { client, tableName: uniqueTableName('tx-lines') }); // has a local secondary index
const UserFields = fieldsOf(User);
const UserKeys = keysOf(User);

test.before(async () => {
  await Promise.all([
    createTable(client, User, { tableName: users.tableName }),
    createTable(client, Event, { tableName: events.tableName }),
    createTable(client, OrderLine, { tableName: lines.tableName }),
  ]);
});

const getUser = async (userId: string) => (await users.get.withKey({ userId }).consistentRead().execute()).item;

test('put, update, delete and conditionCheck across two repositories, with @Version and timestamps', async (t) => {
  await users.put.withItem(newUser('ops-upd')).execute(); // version 1
  await users.put.withItem(newUser('ops-check')).execute();
  await events.put.withItem(newEvent('ops', 1)).execute();

  const tx = new TransactWriteItemsRequestBuilder(client);
  tx.put(users, (b) => b.withItem(newUser('ops-new')));
  tx.update(users, (b) =>
    b
      .withKey(UserFields.userId, UserKeys.pk('ops-upd'))
      .set(`SET ${UserFields.status} = {0}`, 'inactive')
      .expectVersion(1),
  );
  tx.delete(events, (b) => b.withKey({ stream: 'ops', seq: 1 }));
  tx.conditionCheck(users, (b) => b.withKey({ userId: 'ops-check' }).where(`attribute_exists(${UserFields.userId})`));
  tx.put(events, (b) => b.withItem(newEvent('ops', 2)));
  t.is(tx.size, 5);
  const result = await tx.returnConsumedCapacity().returnItemCollectionMetrics().execute();

  t.truthy(result.clientRequestToken);
  t.true((result.consumedCapacity?.length ?? 0) > 0, 'consumed capacity returned');
  const created = await getUser('ops-new');
  t.is(created?.version, 1, '@Version set on put');
  t.true(created?.updatedAt instanceof Date, '@UpdatedAt set on put');
  const updated = await getUser('ops-upd');
  t.is(updated?.status, 'inactive');
  t.is(updated?.version, 2, '@Version incremented by update');
  t.is(updated?.updatedAt?.getTime(), created?.updatedAt?.getTime(), 'one timestamp for the whole transaction');
  t.is((await events.get.withKey({ stream: 'ops', seq: 1 }).execute()).item, undefined);
  t.is((await events.get.withKey({ stream: 'ops', seq: 2 }).execute()).item?.payload, 'payload ops/2');
});

test('item collection metrics are asked for and passed on', async (t) => {
  // DynamoDB Local returns no ItemCollectionMetrics at all, so a stub client answers as DynamoDB does.
  const metrics = {
    [lines.tableName]: [{ ItemCollectionKey: { pk: { S: 'TENANT#t1' } }, SizeEstimateRangeGB: [0, 1] }],
  };
  const sent: unknown[] = [];
  const stub = {
    async send(command: { input: unknown }) {
      sent.push(command.input);
      return { ItemCollectionMetrics: metrics };
    },
  };
  const line = Object.assign(new OrderLine(), { tenantId: 't1', orderId: 'o1', line: 1, product: 'p' });
  const result = await new TransactWriteItemsRequestBuilder(stub as unknown as typeof client)
    .put(lines, (b) => b.withItem(line))
    .returnItemCollectionMetrics()
    .execute();
  t.is((sent[0] as { ReturnItemCollectionMetrics?: string }).ReturnItemCollectionMetrics, 'SIZE');
  t.deepEqual(result.itemCollectionMetrics, metrics);
});

test('one failing condition cancels everything: the error names the right operation, nothing is written', async (t) => {
  await users.put.withItem(newUser('cx-upd')).execute();
  const tx = new TransactWriteItemsRequestBuilder(client)
    .put(users, (b) => b.withItem(newUser('cx-new')))
    .update(users, (b) => b.withKey({ userId: 'cx-upd' }).set(`SET ${UserFields.name} = {0}`, 'changed'))
    .conditionCheck(users, (b) => b.withKey({ userId: 'cx-missing' }).where(`attribute_exists(${UserFields.userId})`))
    .put(events, (b) => b.withItem(newEvent('cx', 1)));
  const error = await t.throwsAsync(tx.execute(), { instanceOf: TransactionCanceledError });

  t.deepEqual(
    error.reasons.map((r) => [r.index, r.code]),
    [
      [0, 'None'],
      [1, 'None'],
      [2, 'ConditionalCheckFailed'],
      [3, 'None'],
    ],
  );
  const failed = error.reasons[2] as TransactionReason;
  t.is(failed.operation, 'ConditionCheck');
  t.is(failed.table, users.tableName);
  t.deepEqual(failed.key, { pk: { S: 'USER#cx-missing' } });
  t.regex(error.message, /operation 2 \(ConditionCheck on User, pk=USER#cx-missing\): ConditionalCheckFailed/);
  t.is(await getUser('cx-new'), undefined, 'the put did not happen');
  t.is((await getUser('cx-upd'))?.name, 'Name cx-upd', 'the update did not happen');
  t.is((await events.get.withKey({ stream: 'cx', seq: 1 }).execute()).item, undefined);
});

test('a stale @Version cancels the transaction and the reason carries the stored item', async (t) => {
  await users.put.withItem(newUser('stale')).execute(); // version 1
  await users.update.withKey({ userId: 'stale' }).set(`SET ${UserFields.name} = {0}`, 'moved on').execute(); // version 2
  const staleCopy = newUser('stale', { version: 1 });
  const error = await t.throwsAsync(
    new TransactWriteItemsRequestBuilder(client)
      .put(events, (b) => b.withItem(newEvent('stale', 1)))
      .put(users, (b) => b.withItem(staleCopy))
      .execute(),
    { instanceOf: TransactionCanceledError },
  );
  const reason = error.reasons[1];
  t.is(reason?.code, 'ConditionalCheckFailed');
  t.is(reason?.item?.version?.N, '2', 'the item as stored, for the @Version check');
  t.regex(error.message, /@Version check failed/);
  t.is((await getUser('stale'))?.name, 'moved on');
});

test('a put of a new item under a taken key cancels the transaction, and the reason says the key is taken', async (t) => {
  await users.put.withItem(newUser('taken')).execute();
  const error = await t.throwsAsync(
    new TransactWriteItemsRequestBuilder(client)
      .put(events, (b) => b.withItem(newEvent('taken', 1)))
      .put(users, (b) => b.withItem(newUser('taken')))
      .execute(),
    { instanceOf: TransactionCanceledError },
  );
  t.is(error.reasons[1]?.code, 'ConditionalCheckFailed');
  t.regex(
    error.message,
    /operation 1 \(Put on User, .*\): ConditionalCheckFailed \(an item with this key already exists/,
  );
  t.notRegex(error.message, /@Version check failed/);
});

test('returnFailedItems() asks for the stored item of any failed condition', async (t) => {
  await users.put.withItem(newUser('failed-item', { status: 'inactive' })).execute();
  const tx = new TransactWriteItemsRequestBuilder(client).update(users, (b) =>
    b
      .withKey({ userId: 'failed-item' })
      .set(`SET ${UserFields.name} = {0}`, 'x')
      .where(`${UserFields.status} = {0}`, 'active'),
  );
  const without = await t.throwsAsync(tx.execute(), { instanceOf: TransactionCanceledError });
  t.is(without.reasons[0]?.item, undefined);
  const withItem = await t.throwsAsync(tx.returnFailedItems().execute(), { instanceOf: TransactionCanceledError });
  t.is(withItem.reasons[0]?.item?.status?.S, 'inactive');
});

test('101 operations are refused before anything is sent; a transaction is never split', async (t) => {
  const spy = refusingClient();
  const tx = new TransactWriteItemsRequestBuilder(spy);
  for (let i = 0; i < 100; i++) tx.put(events, (b) => b.withItem(newEvent('max', i)));
  const error = t.throws(() => tx.put(events, (b) => b.withItem(newEvent('max', 100))), {
    instanceOf: InvalidRequestError,
  });
  t.regex(error.message, /at most 100 operations; operation #100 .* is one too many.*never split/);
  t.is(tx.size, 100);
  t.is(spy.sent, 0);
});

test('100 operations run as one transaction', async (t) => {
  const tx = new TransactWriteItemsRequestBuilder(client);
  for (let i = 0; i < 100; i++) tx.put(events, (b) => b.withItem(newEvent('hundred', i)));
  await tx.execute();
  t.is((await events.get.withKey({ stream: 'hundred', seq: 99 }).execute()).item?.seq, 99);
});

test('two operations on one item are refused when added', (t) => {
  const tx = new TransactWriteItemsRequestBuilder(client).put(users, (b) => b.withItem(newUser('twice')));
  t.throws(
    () => tx.conditionCheck(users, (b) => b.withKey({ userId: 'twice' }).where('attribute_exists(pk)' as string)),
    {
      instanceOf: InvalidRequestError,
      message: /operations #0 \(Put\) and #1 \(ConditionCheck\) both address User \(pk=USER#twice\)/,
    },
  );
});

test('refused before sending: empty transaction, returnValues, a condition check without condition', async (t) => {
  const spy = refusingClient();
  await t.throwsAsync(new TransactWriteItemsRequestBuilder(spy).execute(), {
    instanceOf: InvalidRequestError,
    message: /at least one/,
  });
  const tx = new TransactWriteItemsRequestBuilder(spy);
  t.throws(() => tx.put(users, (b) => b.withItem(newUser('rv')).returnValues('ALL_OLD')), {
    message: /returns no item values/,
  });
  t.throws(() => tx.conditionCheck(users, (b) => b.withKey({ userId: 'rv' })), { message: /needs where/ });
  t.throws(() => tx.withClientRequestToken('x'.repeat(37)), { instanceOf: InvalidRequestError });
  t.is(spy.sent, 0);
});

test('the client request token makes a retried transaction idempotent', async (t) => {
  await users.put.withItem(newUser('token')).execute(); // version 1; each update adds 1
  const bump = () =>
    new TransactWriteItemsRequestBuilder(client).update(users, (b) =>
      b.withKey({ userId: 'token' }).set(`SET ${UserFields.name} = {0}`, 'bumped'),
    );
  const tx = bump().withClientRequestToken('token-same-builder');
  t.is((await tx.execute()).clientRequestToken, 'token-same-builder');
  await tx.execute(); // a retry: the same request, timestamps included
  t.is((await getUser('token'))?.version, 2, 'written once');

  const at = new Date();
  await bump().withClientRequestToken('token-fresh-builders', at).execute();
  await bump().withClientRequestToken('token-fresh-builders', at).execute();
  t.is((await getUser('token'))?.version, 3, 'a new builder with the same token and instant is the same request');

  const mismatch = await t.throwsAsync(bump().withClientRequestToken('token-fresh-builders').execute(), {
    instanceOf: DynamoRequestError,
  });
  t.is(mismatch.code, 'IdempotentParameterMismatchException');
  t.regex(mismatch.message, /same `at`/);

  const generated = await bump().execute();
  t.regex(generated.clientRequestToken, /^[0-9a-f-]{36}$/);
  t.is((await getUser('token'))?.version, 4, 'without a token every execute() writes');
});

test('toInput shows the request: conditions, @Version check and one timestamp', (t) => {
  const at = new Date('2030-01-01T00:00:00.000Z');
  const input = new TransactWriteItemsRequestBuilder(client)
    .put(users, (b) => b.withItem(newUser('inspect', { version: 3 })))
    .toInput(at);
  const put = input.TransactItems?.[0]?.Put;
  t.is(put?.Item?.version?.N, '4');
  t.is(put?.Item?.updatedAt?.S, at.toISOString());
  t.regex(String(put?.ConditionExpression), /#n\d+ = :v\d+/);
  t.is(put?.ReturnValuesOnConditionCheckFailure, 'ALL_OLD');
});

test('client precedence: withClient > runWithClient > constructor; operations must agree on one client', async (t) => {
  const other = testClient();
  await createTable(other, Event, { tableName: events.tableName });
  const tx = (seq: number) =>
    new TransactWriteItemsRequestBuilder(client).put(events, (b) => b.withItem(newEvent('txwho', seq)));
  const where = async (seq: number) => {
    const key = { TableName: events.tableName, Key: { pk: { S: 'STREAM#txwho' }, sk: { N: String(seq) } } };
    const [a, b] = await Promise.all([client.send(new GetItemCommand(key)), other.send(new GetItemCommand(key))]);
    return `${a.Item ? 'default' : ''}${b.Item ? 'other' : ''}`;
  };
  await tx(1).execute();
  t.is(await where(1), 'default');
  await runWithClient(other, () => tx(2).execute());
  t.is(await where(2), 'other');
  const original = tx(3);
  await runWithClient(client, () => original.withClient(other).execute());
  t.is(await where(3), 'other');
  await original.put(events, (b) => b.withItem(newEvent('txwho', 4))).execute();
  t.is(await where(4), 'default', 'withClient returned a new builder');

  const mixed = new TransactWriteItemsRequestBuilder(client)
    .put(events, (b) => b.withItem(newEvent('txwho', 5)).withClient(other))
    .put(events, (b) => b.withItem(newEvent('txwho', 6)).withClient(client));
  await t.throwsAsync(mixed.execute(), { instanceOf: InvalidRequestError, message: /another client/ });
  t.is(await where(5), '');
});
