import test from 'ava';
import { BatchGetItemRequestBuilder, BatchIncompleteError } from '../../../src/index.js';
import { recordingClient } from '../../support/recording-client.js';
import { MemberFields as F, Member, Order, recordingRepositories, storedMember } from '../support/entities.js';
import { requestItemsOf } from '../support/wire.js';

/** No waiting between attempts: the retries are what is tested, not the backoff. */
const NO_WAIT = { baseDelayMs: 0, maxDelayMs: 0 };

test('execute: one BatchGetItem for keys of two tables, projection aliased, items returned per repository in call order', async (t) => {
  const { members, orders, recorder } = recordingRepositories();
  recorder.reply({
    Responses: {
      unit_members: [storedMember('m2'), storedMember('m1')],
      unit_orders: [{ pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' }, total: { N: '9' }, _type: { S: 'Order' } }],
    },
  });
  const result = await new BatchGetItemRequestBuilder(recorder.client)
    .get(members, (b) => b.withKey({ memberId: 'm1' }))
    .get(orders, (b) => b.withKey({ customerId: 'c1', orderId: 'o1' }))
    .get(members, (b) => b.withKey({ memberId: 'm2' }))
    .execute();
  t.deepEqual(recorder.requests, [
    {
      operation: 'BatchGetItem',
      body: {
        RequestItems: {
          unit_members: { Keys: [{ pk: { S: 'MEMBER#m1' } }, { pk: { S: 'MEMBER#m2' } }] },
          unit_orders: { Keys: [{ pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' } }] },
        },
      },
    },
  ]);
  const found = result.itemsOf(members);
  t.deepEqual(
    found.map((m) => [m instanceof Member, m.memberId]),
    [
      [true, 'm1'],
      [true, 'm2'],
    ],
  );
  const [order] = result.itemsOf(orders);
  t.true(order instanceof Order);
  t.is(order?.total, 9);
  t.deepEqual(result.unprocessed, []);
});

test('execute: a projection and consistent read go into the table entry, with the key attributes projected too', async (t) => {
  const { members, recorder } = recordingRepositories();
  await new BatchGetItemRequestBuilder(recorder.client)
    .get(members, (b) => b.withKey({ memberId: 'm1' }).withProjection(F.name).consistentRead())
    .execute();
  const entry = requestItemsOf(recorder.bodiesOf('BatchGetItem')[0]).unit_members;
  t.deepEqual(entry, {
    Keys: [{ pk: { S: 'MEMBER#m1' } }],
    ConsistentRead: true,
    ProjectionExpression: '#n0, #key0',
    ExpressionAttributeNames: { '#n0': 'name', '#key0': 'pk' },
  });
});

test('execute: UnprocessedKeys are sent again, and only they; the item read on the retry is returned', async (t) => {
  const { members, recorder } = recordingRepositories();
  recorder.reply(
    {
      Responses: { unit_members: [storedMember('m1')] },
      UnprocessedKeys: { unit_members: { Keys: [{ pk: { S: 'MEMBER#m2' } }] } },
    },
    { Responses: { unit_members: [storedMember('m2')] } },
  );
  const result = await new BatchGetItemRequestBuilder(recorder.client)
    .get(members, (b) => b.withKey({ memberId: 'm1' }))
    .get(members, (b) => b.withKey({ memberId: 'm2' }))
    .withRetry(NO_WAIT)
    .execute();
  t.deepEqual(
    recorder.bodiesOf('BatchGetItem').map((b) => b.RequestItems),
    [
      { unit_members: { Keys: [{ pk: { S: 'MEMBER#m1' } }, { pk: { S: 'MEMBER#m2' } }] } },
      { unit_members: { Keys: [{ pk: { S: 'MEMBER#m2' } }] } },
    ],
  );
  t.deepEqual(
    result.itemsOf(members).map((m) => m.memberId),
    ['m1', 'm2'],
  );
});

test('execute: keys still unprocessed after the last attempt are a BatchIncompleteError naming them', async (t) => {
  const recorder = recordingClient();
  const { members } = recordingRepositories();
  const unprocessed = { UnprocessedKeys: { unit_members: { Keys: [{ pk: { S: 'MEMBER#m1' } }] } } };
  recorder.reply(unprocessed, unprocessed);
  const error = await t.throwsAsync(
    new BatchGetItemRequestBuilder(recorder.client)
      .get(members, (b) => b.withKey({ memberId: 'm1' }))
      .withRetry({ ...NO_WAIT, maxAttempts: 2 })
      .execute(),
    { instanceOf: BatchIncompleteError },
  );
  t.deepEqual(
    error?.unprocessed.map((u) => [u.index, u.kind, u.table, u.key]),
    [[0, 'get', 'unit_members', { pk: { S: 'MEMBER#m1' } }]],
  );
  t.is(recorder.requests.length, 2);
});

test('execute: more than 100 keys go in requests of at most 100', async (t) => {
  const { members, recorder } = recordingRepositories();
  const batch = new BatchGetItemRequestBuilder(recorder.client).concurrency(1);
  for (let i = 0; i < 150; i += 1) batch.get(members, (b) => b.withKey({ memberId: `m${i}` }));
  await batch.execute();
  t.deepEqual(
    recorder.bodiesOf('BatchGetItem').map((b) => requestItemsOf<{ Keys: unknown[] }>(b).unit_members?.Keys.length),
    [100, 50],
  );
});
