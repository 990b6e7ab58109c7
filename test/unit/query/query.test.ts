import test from 'ava';
import { ExpressionError, InvalidRequestError, indexesOf } from '../../../src/index.js';
import { serialized } from '../../support/recording-client.js';
import {
  MemberFields as F,
  Member,
  MemberKeys,
  OrderFields,
  recordingRepositories,
  storedMember,
} from '../support/entities.js';

const MemberIndexes = indexesOf(Member);

test('toInput: a key condition on the table, a sort order and a page size', (t) => {
  const { orders } = recordingRepositories();
  const input = orders.query
    .where(`${OrderFields.customerId} = {0} AND begins_with(${OrderFields.orderId}, {1})`, 'CUSTOMER#c1', 'ORDER#2026')
    .scanForward(false)
    .pageSize(10)
    .consistentRead()
    .toInput();
  t.deepEqual(serialized(input), {
    TableName: 'unit_orders',
    KeyConditionExpression: '#n0 = :v0 AND begins_with(#n1, :v1)',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk' },
    ExpressionAttributeValues: { ':v0': { S: 'CUSTOMER#c1' }, ':v1': { S: 'ORDER#2026' } },
    Limit: 10,
    ConsistentRead: true,
    ScanIndexForward: false,
  });
});

test('toInput: a template naming properties maps them to stored keys and formats the key values with their prefixes', (t) => {
  const { orders } = recordingRepositories();
  const byProperty = orders.query.where('customerId = {0} AND begins_with(orderId, {1})', 'c1', '2026').toInput();
  t.deepEqual(serialized(byProperty), {
    TableName: 'unit_orders',
    KeyConditionExpression: '#n0 = :v0 AND begins_with(#n1, :v1)',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk' },
    ExpressionAttributeValues: { ':v0': { S: 'CUSTOMER#c1' }, ':v1': { S: 'ORDER#2026' } },
  });
});

test('toInput: an index by descriptor, a renamed key attribute, a filter on a reserved word, a projection and a limit', (t) => {
  const { members } = recordingRepositories();
  const input = members.query
    .withIndex(MemberIndexes.EmailIndex)
    .where(`${F.email} = {0}`, 'a@example.com')
    .withFilter(`${F.status} = {0}`, 'active')
    .withProjection(F.memberId, F.name)
    .limit(25)
    .toInput();
  t.deepEqual(serialized(input), {
    TableName: 'unit_members',
    IndexName: 'EmailIndex',
    KeyConditionExpression: '#n0 = :v0',
    FilterExpression: '#n1 = :v1',
    ProjectionExpression: '#n2, #n3',
    ExpressionAttributeNames: { '#n0': 'mail', '#n1': 'status', '#n2': 'pk', '#n3': 'name' },
    ExpressionAttributeValues: { ':v0': { S: 'a@example.com' }, ':v1': { S: 'active' } },
    Limit: 25,
  });
});

test('toInput: a sort-key range on a GSI with {n:o} dates; startAt a lastEvaluatedKey', (t) => {
  const { members } = recordingRepositories();
  const start = {
    pk: { S: 'MEMBER#m9' },
    status: { S: 'active' },
    joined: { S: '2026-02-01T00:00:00.000Z' },
  };
  const input = members.query
    .withIndex('StatusIndex')
    .where(
      `${F.status} = {0} AND ${F.joinedAt} BETWEEN {1:o} AND {2:o}`,
      'active',
      new Date('2026-01-01T00:00:00.000Z'),
      new Date('2026-03-01T00:00:00.000Z'),
    )
    .startAt(start)
    .toInput();
  t.is(input.KeyConditionExpression, '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2');
  t.deepEqual(input.ExpressionAttributeNames, { '#n0': 'status', '#n1': 'joined' });
  t.deepEqual(input.ExpressionAttributeValues, {
    ':v0': { S: 'active' },
    ':v1': { S: '2026-01-01T00:00:00.000Z' },
    ':v2': { S: '2026-03-01T00:00:00.000Z' },
  });
  t.deepEqual(input.ExclusiveStartKey, start);
});

test('toInput: refusals before anything is sent: no key condition, a filter on the key, an unknown index, consistent GSI reads', (t) => {
  const { members, recorder } = recordingRepositories();
  t.throws(() => members.query.toInput(), { instanceOf: InvalidRequestError, message: /query needs where/ });
  t.throws(
    () =>
      members.query.where(`${F.memberId} = {0}`, MemberKeys.pk('m1')).withFilter(`${F.memberId} = {0}`, 'x').toInput(),
    { instanceOf: ExpressionError, message: /names pk, a key of the table queried/ },
  );
  t.throws(() => members.query.withIndex('NoSuchIndex'), {
    instanceOf: InvalidRequestError,
    message: "Member declares no index 'NoSuchIndex' (known: EmailIndex, StatusIndex)",
  });
  t.throws(() => members.query.withIndex('EmailIndex').where(`${F.email} = {0}`, 'a').consistentRead().toInput(), {
    instanceOf: InvalidRequestError,
    message: /consistentRead is not available on global secondary index EmailIndex/,
  });
  t.is(recorder.requests.length, 0);
});

test('execute: sends exactly toInput() and hydrates the page, with lastEvaluatedKey and a cursor that resumes there', async (t) => {
  const { members, recorder } = recordingRepositories();
  const builder = members.query.where(`${F.memberId} = {0}`, MemberKeys.pk('m1'));
  const last = { pk: { S: 'MEMBER#m1' } };
  recorder.reply({ Items: [storedMember('m1')], Count: 1, ScannedCount: 1, LastEvaluatedKey: last });
  const page = await builder.execute();
  t.deepEqual(recorder.requests, [{ operation: 'Query', body: serialized(builder.toInput()) }]);
  t.is(page.items.length, 1);
  t.true(page.items[0] instanceof Member);
  t.is(page.items[0]?.email, 'm1@example.com');
  t.is(page.count, 1);
  t.is(page.scannedCount, 1);
  t.deepEqual(page.lastEvaluatedKey, last);
  t.is(typeof page.cursor, 'string');
  t.deepEqual(builder.startAt(page.cursor).toInput().ExclusiveStartKey, last);
});

test('execute with limit(n): requests more pages until n items, each asking only for what is left', async (t) => {
  const { orders, recorder } = recordingRepositories();
  const row = (orderId: string) => ({
    pk: { S: 'CUSTOMER#c1' },
    sk: { S: `ORDER#${orderId}` },
    total: { N: '1' },
    _type: { S: 'Order' },
  });
  const firstLast = { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o2' } };
  recorder.reply(
    { Items: [row('o1'), row('o2')], Count: 2, ScannedCount: 4, LastEvaluatedKey: firstLast },
    {
      Items: [row('o3')],
      Count: 1,
      ScannedCount: 1,
      LastEvaluatedKey: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o3' } },
    },
  );
  const page = await orders.query.where('customerId = {0}', 'c1').withFilter('total > {0}', 0).limit(3).execute();
  t.deepEqual(
    recorder.bodiesOf('Query').map((b) => [b.Limit, b.ExclusiveStartKey]),
    [
      [3, undefined],
      [1, firstLast],
    ],
  );
  t.deepEqual(
    page.items.map((o) => o.orderId),
    ['o1', 'o2', 'o3'],
  );
  t.is(page.count, 3);
  t.is(page.scannedCount, 5);
  t.deepEqual(page.lastEvaluatedKey, { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o3' } });
});

test('iteration reads every page until no LastEvaluatedKey; count() asks for Select COUNT', async (t) => {
  const { orders, recorder } = recordingRepositories();
  const key = { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' } };
  recorder.reply(
    { Items: [{ ...key, total: { N: '5' }, _type: { S: 'Order' } }], Count: 1, LastEvaluatedKey: key },
    { Items: [], Count: 0 },
  );
  const totals: number[] = [];
  for await (const order of orders.query.where('customerId = {0}', 'c1')) totals.push(order.total);
  t.deepEqual(totals, [5]);
  t.deepEqual(
    recorder.bodiesOf('Query').map((b) => b.ExclusiveStartKey),
    [undefined, key],
  );
  recorder.reply({ Count: 7 });
  t.is(await orders.query.where('customerId = {0}', 'c1').count(), 7);
  t.is(recorder.bodiesOf('Query')[2]?.Select, 'COUNT');
});
