import test from 'ava';
import { BatchIncompleteError, BatchWriteItemRequestBuilder, InvalidRequestError } from '../../../src/index.js';
import { newMember, newOrder, recordingRepositories } from '../support/entities.js';
import { recordedInstant, requestItemsOf } from '../support/wire.js';

const NO_WAIT = { baseDelayMs: 0, maxDelayMs: 0 };

test('execute: puts and deletes of two tables in one BatchWriteItem, puts stamped with one instant', async (t) => {
  const { members, orders, recorder } = recordingRepositories();
  const result = await new BatchWriteItemRequestBuilder(recorder.client)
    .put(orders, (b) => b.withItem(newOrder('c1', 'o1', 12)))
    .put(members, (b) => b.withItem(newMember('m1', { version: 3 })).skipVersionCheck())
    .delete(members, (b) => b.withKey({ memberId: 'm2' }))
    .execute();
  const [sent] = recorder.requests;
  t.is(sent?.operation, 'BatchWriteItem');
  const items = sent?.body.RequestItems as Record<string, Array<Record<string, { Item?: Record<string, unknown> }>>>;
  const stamped = recordedInstant(items.unit_members?.[0]?.PutRequest?.Item, 'updatedAt');
  t.deepEqual(sent?.body, {
    RequestItems: {
      unit_orders: [
        {
          PutRequest: {
            Item: { total: { N: '12' }, pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' }, _type: { S: 'Order' } },
          },
        },
      ],
      unit_members: [
        {
          PutRequest: {
            Item: members.put
              .withItem(newMember('m1', { version: 3 }))
              .skipVersionCheck()
              .toInput(stamped).Item,
          },
        },
        { DeleteRequest: { Key: { pk: { S: 'MEMBER#m2' } } } },
      ],
    },
  });
  t.deepEqual({ ...result }, { processed: 3, unprocessed: [], uncertain: [] });
  t.is(result.items.length, 3);
});

test('execute: UnprocessedItems are sent again, and only they', async (t) => {
  const { orders, recorder } = recordingRepositories();
  const second = {
    PutRequest: { Item: { total: { N: '2' }, pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o2' }, _type: { S: 'Order' } } },
  };
  recorder.reply({ UnprocessedItems: { unit_orders: [second] } }, {});
  const progress: number[] = [];
  const result = await new BatchWriteItemRequestBuilder(recorder.client)
    .put(orders, (b) => b.withItem(newOrder('c1', 'o1', 1)))
    .put(orders, (b) => b.withItem(newOrder('c1', 'o2', 2)))
    .withRetry(NO_WAIT)
    .onProgress((p) => progress.push(p.processed))
    .execute();
  const bodies = recorder.bodiesOf('BatchWriteItem');
  t.is(bodies.length, 2);
  t.is(requestItemsOf<unknown[]>(bodies[0]).unit_orders?.length, 2);
  t.deepEqual(bodies[1], { RequestItems: { unit_orders: [second] } });
  t.deepEqual(progress, [1, 2]);
  t.is(result.processed, 2);
});

test('execute: writes still unprocessed after the last attempt are a BatchIncompleteError naming them', async (t) => {
  const { orders, recorder } = recordingRepositories();
  const del = { DeleteRequest: { Key: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' } } } };
  recorder.reply({ UnprocessedItems: { unit_orders: [del] } });
  const error = await t.throwsAsync(
    new BatchWriteItemRequestBuilder(recorder.client)
      .delete(orders, (b) => b.withKey({ customerId: 'c1', orderId: 'o1' }))
      .withRetry({ ...NO_WAIT, maxAttempts: 1 })
      .execute(),
    { instanceOf: BatchIncompleteError },
  );
  t.deepEqual(
    error?.unprocessed.map((u) => [u.index, u.kind, u.table, u.key]),
    [[0, 'delete', 'unit_orders', { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' } }]],
  );
  t.is(recorder.requests.length, 1);
});

test('execute: a versioned put without skipVersionChecks is refused before anything is sent', async (t) => {
  const { members, recorder } = recordingRepositories();
  await t.throwsAsync(
    new BatchWriteItemRequestBuilder(recorder.client).put(members, (b) => b.withItem(newMember('m1'))).execute(),
    { instanceOf: InvalidRequestError, message: /1 put\(s\) of entities with a @Version \(first: #0 on Member\)/ },
  );
  t.is(recorder.requests.length, 0);
});

test('execute: more than 25 writes go in requests of at most 25', async (t) => {
  const { orders, recorder } = recordingRepositories();
  const batch = new BatchWriteItemRequestBuilder(recorder.client).concurrency(1);
  for (let i = 0; i < 30; i += 1) batch.delete(orders, (b) => b.withKey({ customerId: 'c', orderId: `o${i}` }));
  const result = await batch.execute();
  t.deepEqual(
    recorder.bodiesOf('BatchWriteItem').map((b) => requestItemsOf<unknown[]>(b).unit_orders?.length),
    [25, 5],
  );
  t.is(result.processed, 30);
});
