import test from 'ava';
import { InvalidRequestError, TransactionCanceledError, TransactWriteItemsRequestBuilder } from '../../../src/index.js';
import { serialized } from '../../support/recording-client.js';
import { MemberFields as F, newMember, newOrder, recordingRepositories } from '../support/entities.js';

const AT = new Date('2026-05-06T07:08:09.000Z');

function transaction() {
  const repos = recordingRepositories();
  const { members, orders, recorder } = repos;
  const tx = new TransactWriteItemsRequestBuilder(recorder.client)
    .put(orders, (b) => b.withItem(newOrder('c1', 'o1', 10)))
    .update(members, (b) => b.withKey({ memberId: 'm1' }).set(`SET ${F.status} = {0}`, 'inactive').expectVersion(2))
    .delete(orders, (b) => b.withKey({ customerId: 'c1', orderId: 'o0' }))
    .conditionCheck(members, (b) => b.withKey({ memberId: 'm9' }).where(`attribute_exists(${F.email})`))
    .withClientRequestToken('token-1', AT);
  return { ...repos, tx };
}

test('toInput: each operation is the single-item request it would be, with one instant for the whole transaction', (t) => {
  const { members, orders, tx } = transaction();
  const update = members.update
    .withKey({ memberId: 'm1' })
    .set(`SET ${F.status} = {0}`, 'inactive')
    .expectVersion(2)
    .toInput(AT);
  t.deepEqual(serialized(tx.toInput()), {
    TransactItems: [
      { Put: serialized(orders.put.withItem(newOrder('c1', 'o1', 10)).toInput(AT)) },
      {
        Update: {
          TableName: update.TableName,
          Key: update.Key,
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: update.ConditionExpression,
          ExpressionAttributeNames: update.ExpressionAttributeNames,
          ExpressionAttributeValues: update.ExpressionAttributeValues,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      { Delete: { TableName: 'unit_orders', Key: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o0' } } } },
      {
        ConditionCheck: {
          TableName: 'unit_members',
          Key: { pk: { S: 'MEMBER#m9' } },
          ConditionExpression: 'attribute_exists(#n0)',
          ExpressionAttributeNames: { '#n0': 'mail' },
        },
      },
    ],
    ClientRequestToken: 'token-1',
  });
});

test('toInput: an empty transaction and two operations on one item are refused', (t) => {
  const { members, recorder } = recordingRepositories();
  t.throws(() => new TransactWriteItemsRequestBuilder(recorder.client).toInput(), {
    instanceOf: InvalidRequestError,
    message: /needs at least one operation/,
  });
  const tx = new TransactWriteItemsRequestBuilder(recorder.client).delete(members, (b) =>
    b.withKey({ memberId: 'm1' }),
  );
  t.throws(() => tx.conditionCheck(members, (b) => b.withKey({ memberId: 'm1' }).where('attribute_exists(name)')), {
    instanceOf: InvalidRequestError,
  });
  t.is(recorder.requests.length, 0);
});

test('execute: sends exactly toInput() and returns its token', async (t) => {
  const { recorder, tx } = transaction();
  const result = await tx.execute();
  t.deepEqual(recorder.requests, [{ operation: 'TransactWriteItems', body: serialized(tx.toInput()) }]);
  t.deepEqual(result, { clientRequestToken: 'token-1' });
});

test('execute: without a token, a fresh one is sent and returned', async (t) => {
  const { orders, recorder } = recordingRepositories();
  const result = await new TransactWriteItemsRequestBuilder(recorder.client)
    .delete(orders, (b) => b.withKey({ customerId: 'c', orderId: 'o' }))
    .execute();
  t.regex(result.clientRequestToken, /^[0-9a-f-]{36}$/);
  t.is(recorder.bodiesOf('TransactWriteItems')[0]?.ClientRequestToken, result.clientRequestToken);
});

test('execute: a cancellation is a TransactionCanceledError naming the failing operation, its table, key and item', async (t) => {
  const { recorder, tx } = transaction();
  const stored = { pk: { S: 'MEMBER#m1' }, version: { N: '3' } };
  recorder.replyError('TransactionCanceledException', {
    message:
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None, None]',
    CancellationReasons: [
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: stored },
      { Code: 'None' },
      { Code: 'None' },
    ],
  });
  const error = await t.throwsAsync(tx.execute(), { instanceOf: TransactionCanceledError });
  t.is(
    error?.message,
    'TransactWriteItems was cancelled, nothing was written: operation 1 (Update on Member, pk=MEMBER#m1): ' +
      'ConditionalCheckFailed (its condition or @Version check failed): The conditional request failed',
  );
  const failed = error?.reasons.filter((r) => r.code !== 'None');
  t.deepEqual(failed, [
    {
      index: 1,
      code: 'ConditionalCheckFailed',
      operation: 'Update',
      table: 'unit_members',
      message: 'The conditional request failed',
      item: stored,
      key: { pk: { S: 'MEMBER#m1' } },
    },
  ]);
  t.is(error?.reasons.length, 4);
  t.is(recorder.requests.length, 1);
});

test('returnFailedItems asks for the old item of every operation that has a condition', (t) => {
  const { orders, recorder } = recordingRepositories();
  const input = new TransactWriteItemsRequestBuilder(recorder.client)
    .delete(orders, (b) => b.withKey({ customerId: 'c', orderId: 'o' }).where('attribute_exists(total)'))
    .returnFailedItems()
    .toInput(AT);
  t.is(input.TransactItems?.[0]?.Delete?.ReturnValuesOnConditionCheckFailure, 'ALL_OLD');
});

test('a put of a new versioned item carries its create-only condition into the transaction', (t) => {
  const { members, recorder } = recordingRepositories();
  const input = new TransactWriteItemsRequestBuilder(recorder.client)
    .put(members, (b) => b.withItem(newMember('m5')))
    .toInput(AT);
  const put = input.TransactItems?.[0]?.Put;
  t.is(put?.ConditionExpression, 'attribute_not_exists(#n0)');
  t.deepEqual(put?.ExpressionAttributeNames, { '#n0': 'pk' });
  t.deepEqual(put?.Item?.version, { N: '1' });
});
