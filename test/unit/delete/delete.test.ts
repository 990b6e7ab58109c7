import test from 'ava';
import { ConditionalCheckFailedError, VersionConflictError } from '../../../src/index.js';
import { serialized } from '../../support/recording-client.js';
import { MemberFields as F, Member, recordingRepositories, storedMember } from '../support/entities.js';

test('toInput: a plain delete by partition and sort key', (t) => {
  const { orders } = recordingRepositories();
  t.deepEqual(serialized(orders.delete.withKey({ customerId: 'c1', orderId: 'o1' }).toInput()), {
    TableName: 'unit_orders',
    Key: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#o1' } },
  });
});

test('toInput: a condition on a reserved word ANDed with expectVersion, returning the old item', (t) => {
  const { members } = recordingRepositories();
  const input = members.delete
    .withKey({ memberId: 'm1' })
    .where(`${F.status} = {0}`, 'inactive')
    .expectVersion(2)
    .returnValues('ALL_OLD')
    .returnConsumedCapacity('INDEXES')
    .toInput();
  t.deepEqual(serialized(input), {
    TableName: 'unit_members',
    Key: { pk: { S: 'MEMBER#m1' } },
    ConditionExpression: '(#n1 = :v1) AND (#n0 = :v0)',
    ExpressionAttributeNames: { '#n0': 'version', '#n1': 'status' },
    ExpressionAttributeValues: { ':v0': { N: '2' }, ':v1': { S: 'inactive' } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    ReturnValues: 'ALL_OLD',
    ReturnConsumedCapacity: 'INDEXES',
  });
});

test('toInput: several where() calls are joined with AND; a renamed property is aliased by its stored name', (t) => {
  const { members } = recordingRepositories();
  const input = members.delete
    .withKey({ memberId: 'm1' })
    .where(`attribute_exists(${F.email})`)
    .where(`${F.joinedAt} < {0:o}`, new Date('2026-01-01T00:00:00.000Z'))
    .toInput();
  t.is(input.ConditionExpression, '(attribute_exists(#n0)) AND (#n1 < :v0)');
  t.deepEqual(input.ExpressionAttributeNames, { '#n0': 'mail', '#n1': 'joined' });
  t.deepEqual(input.ExpressionAttributeValues, { ':v0': { S: '2026-01-01T00:00:00.000Z' } });
});

test('execute: sends exactly toInput() and maps ALL_OLD back to a Member', async (t) => {
  const { members, recorder } = recordingRepositories();
  const builder = members.delete.withKey({ memberId: 'm1' }).returnValues('ALL_OLD');
  recorder.reply({ Attributes: storedMember('m1', { version: { N: '3' } }) });
  const { attributes } = await builder.execute();
  t.deepEqual(recorder.requests, [{ operation: 'DeleteItem', body: serialized(builder.toInput()) }]);
  t.true(attributes instanceof Member);
  t.is(attributes?.memberId, 'm1');
  t.is(attributes?.version, 3);
});

test('execute: a refused condition is a ConditionalCheckFailedError; a refused expectVersion a VersionConflictError', async (t) => {
  const { members, recorder } = recordingRepositories();
  recorder.replyError('ConditionalCheckFailedException', { message: 'The conditional request failed' });
  const plain = await t.throwsAsync(
    members.delete.withKey({ memberId: 'm1' }).where(`${F.status} = {0}`, 'inactive').execute(),
    { instanceOf: ConditionalCheckFailedError },
  );
  t.false(plain instanceof VersionConflictError);
  recorder.replyError('ConditionalCheckFailedException', { message: 'The conditional request failed' });
  const conflict = await t.throwsAsync(members.delete.withKey({ memberId: 'm1' }).expectVersion(2).execute(), {
    instanceOf: VersionConflictError,
  });
  t.regex(conflict?.message ?? '', /expected version 2, but the item does not exist/);
  t.is(recorder.requests.length, 2);
});
