import test from 'ava';
import {
  ConditionalCheckFailedError,
  InvalidRequestError,
  ItemExistsError,
  VersionConflictError,
} from '../../../src/index.js';
import { serialized } from '../../support/recording-client.js';
import {
  MemberFields as F,
  JOINED,
  Member,
  newMember,
  newOrder,
  OrderFields,
  recordingRepositories,
  storedMember,
} from '../support/entities.js';
import { recordedInstant } from '../support/wire.js';

const AT = new Date('2026-05-06T07:08:09.000Z');
const at = { S: AT.toISOString() };

test('toInput: a new versioned item gets version 1, both timestamps, and the create-only condition', (t) => {
  const { members } = recordingRepositories();
  t.deepEqual(serialized(members.put.withItem(newMember('m1')).toInput(AT)), {
    TableName: 'unit_members',
    Item: {
      ...storedMember('m1'),
      _type: { S: 'Member' },
      createdAt: at,
      updatedAt: at,
      version: { N: '1' },
    },
    ConditionExpression: 'attribute_not_exists(#n0)',
    ExpressionAttributeNames: { '#n0': 'pk' },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
});

test('toInput: a read item is put back with its version checked and incremented, ANDed with where() on reserved words', (t) => {
  const { members } = recordingRepositories();
  const created = new Date('2025-12-31T00:00:00.000Z');
  const read = newMember('m1', { version: 2, score: 5, createdAt: created });
  const input = members.put.withItem(read).where(`${F.status} = {0}`, 'active').returnValues('ALL_OLD').toInput(AT);
  t.deepEqual(serialized(input), {
    TableName: 'unit_members',
    Item: {
      ...storedMember('m1'),
      score: { N: '5' },
      version: { N: '3' },
      createdAt: { S: created.toISOString() },
      _type: { S: 'Member' },
      updatedAt: at,
    },
    ConditionExpression: '(#n1 = :v1) AND (#n0 = :v0)',
    ExpressionAttributeNames: { '#n0': 'version', '#n1': 'status' },
    ExpressionAttributeValues: { ':v0': { N: '2' }, ':v1': { S: 'active' } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    ReturnValues: 'ALL_OLD',
  });
});

test('toInput: skipVersionCheck still increments the version but sends no condition', (t) => {
  const { members } = recordingRepositories();
  const input = members.put
    .withItem(newMember('m1', { version: 2 }))
    .skipVersionCheck()
    .toInput(AT);
  t.deepEqual(input.Item?.version, { N: '3' });
  t.deepEqual(Object.keys(serialized(input) as object).sort(), ['Item', 'TableName']);
});

test('toInput: asNew writes version 1 under the create-only condition whatever version the item carries', (t) => {
  const { members } = recordingRepositories();
  const input = members.put
    .withItem(newMember('m1', { version: 7 }))
    .asNew()
    .toInput(AT);
  t.deepEqual(input.Item?.version, { N: '1' });
  t.is(input.ConditionExpression, 'attribute_not_exists(#n0)');
  t.deepEqual(input.ExpressionAttributeNames, { '#n0': 'pk' });
});

test('toInput: an unversioned entity with a sort key and a condition on a renamed attribute', (t) => {
  const { orders } = recordingRepositories();
  const order = Object.assign(newOrder('c1', 'o1', 12.5), { orderState: 'open' });
  t.deepEqual(
    serialized(orders.put.withItem(order).where(`attribute_not_exists(${OrderFields.orderState})`).toInput(AT)),
    {
      TableName: 'unit_orders',
      Item: {
        total: { N: '12.5' },
        state: { S: 'open' },
        pk: { S: 'CUSTOMER#c1' },
        sk: { S: 'ORDER#o1' },
        _type: { S: 'Order' },
      },
      ConditionExpression: 'attribute_not_exists(#n0)',
      ExpressionAttributeNames: { '#n0': 'state' },
    },
  );
});

test('toInput: without withItem it is refused', (t) => {
  const { members } = recordingRepositories();
  t.throws(() => members.put.toInput(AT), { instanceOf: InvalidRequestError, message: /put needs withItem/ });
});

test('execute: sends exactly toInput() at its own instant and returns a stamped copy, leaving the given object alone', async (t) => {
  const { members, recorder } = recordingRepositories();
  const member = newMember('m1');
  const builder = members.put.withItem(member);
  const before = Date.now();
  const { item, attributes } = await builder.execute();
  t.is(recorder.requests.length, 1);
  const sent = recorder.requests[0];
  t.is(sent?.operation, 'PutItem');
  const stamped = recordedInstant(sent?.body, 'Item', 'updatedAt');
  t.true(stamped.getTime() >= before && stamped.getTime() <= Date.now());
  t.deepEqual(sent?.body, serialized(builder.toInput(stamped)));
  t.true(item instanceof Member);
  t.is(item.version, 1);
  t.is(item.updatedAt?.getTime(), stamped.getTime());
  t.is(item.createdAt?.getTime(), stamped.getTime());
  t.is(item.joinedAt, JOINED);
  t.is(member.version, undefined, 'the caller’s object is not changed');
  t.is(member.updatedAt, undefined);
  t.is(attributes, undefined);
});

test('execute: ALL_OLD attributes come back as a Member', async (t) => {
  const { members, recorder } = recordingRepositories();
  recorder.reply({ Attributes: storedMember('m1', { name: { S: 'Old name' }, version: { N: '2' } }) });
  const { attributes } = await members.put
    .withItem(newMember('m1', { version: 2 }))
    .returnValues('ALL_OLD')
    .execute();
  t.true(attributes instanceof Member);
  t.is(attributes?.name, 'Old name');
  t.is(attributes?.version, 2);
  t.is(recorder.bodiesOf('PutItem')[0]?.ReturnValues, 'ALL_OLD');
});

test('execute: a refused create-only put is an ItemExistsError carrying the stored item', async (t) => {
  const { members, recorder } = recordingRepositories();
  const stored = storedMember('m1', { version: { N: '4' } });
  recorder.replyError('ConditionalCheckFailedException', { message: 'The conditional request failed', Item: stored });
  const error = await t.throwsAsync(members.put.withItem(newMember('m1')).execute(), { instanceOf: ItemExistsError });
  t.deepEqual(error?.key, { pk: { S: 'MEMBER#m1' } });
  t.deepEqual(error?.item, stored);
  t.is(error?.table, 'unit_members');
});

test('execute: a refused put of version 2 over a stored 5 is a VersionConflictError', async (t) => {
  const { members, recorder } = recordingRepositories();
  recorder.replyError('ConditionalCheckFailedException', {
    message: 'The conditional request failed',
    Item: storedMember('m1', { version: { N: '5' } }),
  });
  const error = await t.throwsAsync(members.put.withItem(newMember('m1', { version: 2 })).execute(), {
    instanceOf: VersionConflictError,
  });
  t.regex(error?.message ?? '', /expected version 2, but stored version is 5/);
});

test('execute: a refused where() on an unversioned entity is a plain ConditionalCheckFailedError', async (t) => {
  const { orders, recorder } = recordingRepositories();
  recorder.replyError('ConditionalCheckFailedException', { message: 'The conditional request failed' });
  const error = await t.throwsAsync(
    orders.put
      .withItem(newOrder('c1', 'o1', 1))
      .where(`attribute_not_exists(${OrderFields.customerId})`)
      .execute(),
    { instanceOf: ConditionalCheckFailedError },
  );
  t.false(error instanceof VersionConflictError);
  t.deepEqual(error?.key, { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' } });
});
