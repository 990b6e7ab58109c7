import test from 'ava';
import { DynamoRequestError, InvalidRequestError, MappingError } from '../../../src/index.js';
import { serialized } from '../../support/recording-client.js';
import {
  JOINED,
  Member,
  MemberFields,
  MemberKeys,
  OrderFields,
  recordingRepositories,
  storedMember,
} from '../support/entities.js';

test('toInput: a key by field and formatted value, or by property, gives the stored, prefixed key', (t) => {
  const { members } = recordingRepositories();
  const expected = { TableName: 'unit_members', Key: { pk: { S: 'MEMBER#m1' } } };
  t.deepEqual(members.get.withKey(MemberFields.memberId, MemberKeys.pk('m1')).toInput(), expected);
  t.deepEqual(members.get.withKey({ memberId: 'm1' }).toInput(), expected);
});

test('toInput: a partition and sort key, consistent read and consumed capacity', (t) => {
  const { orders } = recordingRepositories();
  t.deepEqual(
    orders.get.withKey({ customerId: 'c1', orderId: 'o9' }).consistentRead().returnConsumedCapacity().toInput(),
    {
      TableName: 'unit_orders',
      Key: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o9' } },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    },
  );
  t.false('ConsistentRead' in orders.get.withKey({ customerId: 'c1', orderId: 'o9' }).consistentRead(false).toInput());
});

test('toInput: a projection of reserved words and renamed properties is aliased', (t) => {
  const { members, orders } = recordingRepositories();
  t.deepEqual(
    members.get.withKey({ memberId: 'm1' }).withProjection(MemberFields.name, MemberFields.email, 'status').toInput(),
    {
      TableName: 'unit_members',
      Key: { pk: { S: 'MEMBER#m1' } },
      ProjectionExpression: '#n0, #n1, #n2',
      ExpressionAttributeNames: { '#n0': 'name', '#n1': 'mail', '#n2': 'status' },
    },
  );
  t.is(OrderFields.orderState, 'state');
  t.deepEqual(orders.get.withKey({ customerId: 'c', orderId: 'o' }).withProjection(OrderFields.orderState).toInput(), {
    TableName: 'unit_orders',
    Key: { pk: { S: 'CUSTOMER#c' }, sk: { S: 'ORDER#o' } },
    ProjectionExpression: '#n0',
    ExpressionAttributeNames: { '#n0': 'state' },
  });
});

test('toInput: a missing or partial key is refused before anything is built', (t) => {
  const { members, orders, recorder } = recordingRepositories();
  t.throws(() => members.get.toInput(), { instanceOf: InvalidRequestError });
  t.throws(() => orders.get.withKey({ customerId: 'c1' }).toInput(), {
    instanceOf: MappingError,
    message: /Order\.orderId: key sk needs orderId, which is missing/,
  });
  t.is(recorder.requests.length, 0);
});

test('execute: sends exactly toInput() as GetItem and hydrates the item as a Member', async (t) => {
  const { members, recorder } = recordingRepositories();
  const builder = members.get.withKey({ memberId: 'm1' }).consistentRead();
  recorder.reply({ Item: storedMember('m1', { version: { N: '3' }, ttl: { N: '1800000000' } }) });
  const { item } = await builder.execute();
  t.deepEqual(recorder.requests, [{ operation: 'GetItem', body: serialized(builder.toInput()) }]);
  t.true(item instanceof Member);
  t.is(item?.memberId, 'm1', 'the prefix is stripped off the key property');
  t.is(item?.email, 'm1@example.com', 'the stored name mail comes back as email');
  t.is(item?.joinedAt.toISOString(), JOINED.toISOString());
  t.is(item?.version, 3);
  t.is(item?.expiresAt?.getTime(), 1_800_000_000_000);
  t.is(item?.greet(), 'Hello, Name m1');
});

test('execute: no Item in the answer gives undefined; consumed capacity is passed on', async (t) => {
  const { members, recorder } = recordingRepositories();
  recorder.reply({ ConsumedCapacity: { TableName: 'unit_members', CapacityUnits: 0.5 } });
  const result = await members.get.withKey({ memberId: 'none' }).returnConsumedCapacity().execute();
  t.is(result.item, undefined);
  t.deepEqual(result.consumedCapacity, { TableName: 'unit_members', CapacityUnits: 0.5 });
  t.is(recorder.bodiesOf('GetItem')[0]?.ReturnConsumedCapacity, 'TOTAL');
});

test('execute: a projected read comes back as a partial instance', async (t) => {
  const { members, recorder } = recordingRepositories();
  recorder.reply({ Item: { pk: { S: 'MEMBER#m2' }, name: { S: 'Only name' } } });
  const { item } = await members.get.withKey({ memberId: 'm2' }).withProjection(MemberFields.name).execute();
  t.true(item instanceof Member);
  const defined = Object.fromEntries(Object.entries({ ...item }).filter(([, v]) => v !== undefined));
  t.deepEqual(defined, { memberId: 'm2', name: 'Only name' });
});

test('execute: an AWS error becomes a DynamoRequestError naming the operation and key', async (t) => {
  const { members, recorder } = recordingRepositories();
  recorder.replyError('ResourceNotFoundException', { message: 'Requested resource not found' });
  const error = await t.throwsAsync(members.get.withKey({ memberId: 'm3' }).execute(), {
    instanceOf: DynamoRequestError,
  });
  t.is(error?.operation, 'GetItem');
  t.is(error?.code, 'ResourceNotFoundException');
  t.regex(error?.message ?? '', /GetItem on unit_members \(pk=MEMBER#m3\)/);
  t.is(recorder.requests.length, 1);
});
