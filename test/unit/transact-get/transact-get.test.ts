import test from 'ava';
import { TransactGetItemsRequestBuilder, TransactionCanceledError } from '../../../src/index.js';
import { serialized } from '../../support/recording-client.js';
import { MemberFields as F, Member, Order, recordingRepositories } from '../support/entities.js';

function reads() {
  const repos = recordingRepositories();
  const tx = new TransactGetItemsRequestBuilder(repos.recorder.client)
    .get(repos.members, (b) => b.withKey({ memberId: 'm1' }).withProjection(F.name, F.email))
    .get(repos.orders, (b) => b.withKey({ customerId: 'c1', orderId: 'o1' }))
    .get(repos.members, (b) => b.withKey({ memberId: 'gone' }));
  return { ...repos, tx };
}

test('toInput: one Get per read, with its projection aliased', (t) => {
  const { tx } = reads();
  t.deepEqual(serialized(tx.returnConsumedCapacity().toInput()), {
    TransactItems: [
      {
        Get: {
          TableName: 'unit_members',
          Key: { pk: { S: 'MEMBER#m1' } },
          ProjectionExpression: '#n0, #n1',
          ExpressionAttributeNames: { '#n0': 'name', '#n1': 'mail' },
        },
      },
      { Get: { TableName: 'unit_orders', Key: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' } } } },
      { Get: { TableName: 'unit_members', Key: { pk: { S: 'MEMBER#gone' } } } },
    ],
    ReturnConsumedCapacity: 'TOTAL',
  });
});

test('execute: sends exactly toInput() and returns the items in request order, undefined where there is none', async (t) => {
  const { members, orders, recorder, tx } = reads();
  recorder.reply({
    Responses: [
      { Item: { pk: { S: 'MEMBER#m1' }, name: { S: 'Ann' }, mail: { S: 'ann@example.com' } } },
      { Item: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' }, total: { N: '4' }, _type: { S: 'Order' } } },
      {},
    ],
  });
  const result = await tx.execute();
  t.deepEqual(recorder.requests, [{ operation: 'TransactGetItems', body: serialized(tx.toInput()) }]);
  const [member, order, missing] = result.items;
  t.true(member instanceof Member);
  t.is((member as Member).email, 'ann@example.com');
  t.true(order instanceof Order);
  t.is((order as Order).total, 4);
  t.is(missing, undefined);
  t.deepEqual(
    result.itemsOf(members).map((m) => m.name),
    ['Ann'],
  );
  t.is(result.itemsOf(orders).length, 1);
});

test('execute: a cancellation is a TransactionCanceledError naming the read that failed', async (t) => {
  const { recorder, tx } = reads();
  recorder.replyError('TransactionCanceledException', {
    message: 'Transaction cancelled',
    CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'conflict' }, { Code: 'None' }],
  });
  const error = await t.throwsAsync(tx.execute(), { instanceOf: TransactionCanceledError });
  t.regex(
    error?.message ?? '',
    /^TransactGetItems was cancelled, nothing was read: operation 1 \(Get on Order, pk=CUSTOMER#c1, sk=ORDER#o1\): TransactionConflict: conflict$/,
  );
  t.deepEqual(
    error?.reasons.map((r) => r.code),
    ['None', 'TransactionConflict', 'None'],
  );
});
