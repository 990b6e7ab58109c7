import test from 'ava';
import { ExpressionError, InvalidRequestError, VersionConflictError } from '../../../src/index.js';
import { serialized } from '../../support/recording-client.js';
import { MemberFields as F, Member, recordingRepositories, storedMember } from '../support/entities.js';
import { recordedInstant } from '../support/wire.js';

const AT = new Date('2026-05-06T07:08:09.000Z');
const at = { S: AT.toISOString() };
/** The managed actions every update of a Member carries, rendered first: #n0..#n2 and :v0..:v3. */
const MANAGED_NAMES = { '#n0': 'updatedAt', '#n1': 'createdAt', '#n2': 'version' };
const MANAGED_VALUES = { ':v0': at, ':v1': at, ':v2': { N: '0' }, ':v3': { N: '1' } };
const MANAGED_SET = '#n0 = :v0, #n1 = if_not_exists(#n1, :v1), #n2 = if_not_exists(#n2, :v2) + :v3';

test('toInput: SET on reserved words and arithmetic, with @UpdatedAt, @CreatedAt and @Version managed, a condition and ALL_NEW', (t) => {
  const { members } = recordingRepositories();
  const input = members.update
    .withKey({ memberId: 'm1' })
    .set(`SET ${F.name} = {0}, ${F.score} = ${F.score} + {1}`, 'Jane', 2)
    .where(`${F.status} = {0}`, 'active')
    .returnValues('ALL_NEW')
    .toInput(AT);
  t.deepEqual(serialized(input), {
    TableName: 'unit_members',
    Key: { pk: { S: 'MEMBER#m1' } },
    UpdateExpression: `SET #n3 = :v4, #n4 = #n4 + :v5, ${MANAGED_SET}`,
    ConditionExpression: '#n5 = :v6',
    ExpressionAttributeNames: { ...MANAGED_NAMES, '#n3': 'name', '#n4': 'score', '#n5': 'status' },
    ExpressionAttributeValues: { ...MANAGED_VALUES, ':v4': { S: 'Jane' }, ':v5': { N: '2' }, ':v6': { S: 'active' } },
    ReturnValues: 'ALL_NEW',
  });
});

test('toInput: renamed properties are written under their stored names; expectVersion adds the version condition', (t) => {
  const { members } = recordingRepositories();
  const input = members.update
    .withKey({ memberId: 'm1' })
    .set(`SET ${F.email} = {0} REMOVE ${F.expiresAt}`, 'new@example.com')
    .expectVersion(4)
    .toInput(AT);
  t.deepEqual(serialized(input), {
    TableName: 'unit_members',
    Key: { pk: { S: 'MEMBER#m1' } },
    UpdateExpression: `SET #n3 = :v4, ${MANAGED_SET} REMOVE #n4`,
    ConditionExpression: '#n2 = :v5',
    ExpressionAttributeNames: { ...MANAGED_NAMES, '#n3': 'mail', '#n4': 'ttl' },
    ExpressionAttributeValues: { ...MANAGED_VALUES, ':v4': { S: 'new@example.com' }, ':v5': { N: '4' } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
});

test('toInput: a template naming properties writes their stored names', (t) => {
  const { members } = recordingRepositories();
  const input = members.update.withKey({ memberId: 'm1' }).set('SET email = {0}', 'x@example.com').toInput(AT);
  t.is(input.UpdateExpression, `SET #n3 = :v4, ${MANAGED_SET}`);
  t.deepEqual(input.ExpressionAttributeNames, { ...MANAGED_NAMES, '#n3': 'mail' });
  t.deepEqual(input.ExpressionAttributeValues?.[':v4'], { S: 'x@example.com' });
});

test('toInput: setValues takes properties and converts them as put does', (t) => {
  const { members } = recordingRepositories();
  const joined = new Date('2024-02-03T04:05:06.000Z');
  const input = members.update.withKey({ memberId: 'm1' }).setValues({ email: 'e@x', joinedAt: joined }).toInput(AT);
  t.is(input.UpdateExpression, `SET #n3 = :v4, #n4 = :v5, ${MANAGED_SET}`);
  t.deepEqual(input.ExpressionAttributeNames, { ...MANAGED_NAMES, '#n3': 'mail', '#n4': 'joined' });
  t.deepEqual(input.ExpressionAttributeValues, {
    ...MANAGED_VALUES,
    ':v4': { S: 'e@x' },
    ':v5': { S: joined.toISOString() },
  });
});

test('toInput: a template that writes @UpdatedAt itself wins over the automatic value', (t) => {
  const { members } = recordingRepositories();
  const mine = new Date('2020-01-01T00:00:00.000Z');
  const input = members.update.withKey({ memberId: 'm1' }).set(`SET ${F.updatedAt} = {0:o}`, mine).toInput(AT);
  t.is(input.UpdateExpression, 'SET #n2 = :v3, #n0 = if_not_exists(#n0, :v0), #n1 = if_not_exists(#n1, :v1) + :v2');
  t.deepEqual(input.ExpressionAttributeNames, { '#n0': 'createdAt', '#n1': 'version', '#n2': 'updatedAt' });
  t.deepEqual(input.ExpressionAttributeValues?.[':v3'], { S: mine.toISOString() });
});

test('toInput: removing @CreatedAt or @UpdatedAt is refused before anything is sent (the update would stamp neither)', (t) => {
  const { members, recorder } = recordingRepositories();
  const base = members.update.withKey({ memberId: 'm1' });
  for (const [attribute, role] of [
    [F.updatedAt, '@UpdatedAt'],
    [F.createdAt, '@CreatedAt'],
  ] as const) {
    t.throws(() => base.set(`SET ${F.name} = {0} REMOVE ${attribute}`, 'a'), {
      instanceOf: ExpressionError,
      message: `Member: '${attribute}' is the ${role} attribute, which every write keeps; an update cannot remove it`,
    });
  }
  t.notThrows(() => base.set(`REMOVE ${F.expiresAt}`).toInput(AT), 'another attribute may be removed');
  t.is(recorder.requests.length, 0);
});

test('toInput: keys, @Version and a second set() are refused before anything is sent', (t) => {
  const { members, recorder } = recordingRepositories();
  const base = members.update.withKey({ memberId: 'm1' });
  t.throws(() => base.set(`SET ${F.version} = {0}`, 9), {
    instanceOf: ExpressionError,
    message:
      "Member: 'version' is the @Version attribute, which update increments itself; use expectVersion(n) to check it",
  });
  t.throws(() => base.set(`SET ${F.memberId} = {0}`, 'MEMBER#x'), {
    instanceOf: ExpressionError,
    message: "Member: 'pk' is a key attribute; DynamoDB cannot update keys",
  });
  t.throws(() => base.set(`SET ${F.name} = {0}`, 'a').set(`SET ${F.score} = {0}`, 1), {
    instanceOf: InvalidRequestError,
    message: /set\(\) was already called/,
  });
  t.throws(() => members.update.set(`SET ${F.name} = {0}`, 'a').toInput(AT), { instanceOf: InvalidRequestError });
  t.is(recorder.requests.length, 0);
});

test('execute: sends exactly toInput() at its own instant and maps ALL_NEW back to a Member', async (t) => {
  const { members, recorder } = recordingRepositories();
  const builder = members.update.withKey({ memberId: 'm1' }).set(`SET ${F.name} = {0}`, 'Jane').returnValues('ALL_NEW');
  recorder.reply({ Attributes: storedMember('m1', { name: { S: 'Jane' }, version: { N: '2' } }) });
  const { attributes } = await builder.execute();
  const sent = recorder.requests[0];
  t.is(sent?.operation, 'UpdateItem');
  const stamped = recordedInstant(sent?.body, 'ExpressionAttributeValues', ':v0');
  t.deepEqual(sent?.body, serialized(builder.toInput(stamped)));
  t.true(attributes instanceof Member);
  t.is(attributes?.name, 'Jane');
  t.is(attributes?.version, 2);
});

test('execute: a failed expectVersion is a VersionConflictError with the stored version', async (t) => {
  const { members, recorder } = recordingRepositories();
  recorder.replyError('ConditionalCheckFailedException', {
    message: 'The conditional request failed',
    Item: storedMember('m1', { version: { N: '6' } }),
  });
  const error = await t.throwsAsync(
    members.update.withKey({ memberId: 'm1' }).set(`SET ${F.name} = {0}`, 'x').expectVersion(5).execute(),
    { instanceOf: VersionConflictError },
  );
  t.regex(
    error?.message ?? '',
    /UpdateItem on unit_members \(pk=MEMBER#m1\): version conflict: expected version 5, but stored version is 6/,
  );
  t.is(recorder.requests.length, 1);
});
