import test from 'ava';
import { InvalidRequestError } from '../../../src/index.js';
import { serialized } from '../../support/recording-client.js';
import { MemberFields as F, Member, recordingRepositories, storedMember } from '../support/entities.js';

test('toInput: a filter on reserved and renamed attributes, a projection, a segment, a page size', (t) => {
  const { members } = recordingRepositories();
  const input = members.scan
    .withFilter(`${F.status} = {0} AND contains(${F.email}, {1})`, 'active', '@example.com')
    .withProjection(F.name)
    .segment(1, 4)
    .pageSize(50)
    .toInput();
  t.deepEqual(serialized(input), {
    TableName: 'unit_members',
    FilterExpression: '#n0 = :v0 AND contains(#n1, :v1)',
    ProjectionExpression: '#n2',
    ExpressionAttributeNames: { '#n0': 'status', '#n1': 'mail', '#n2': 'name' },
    ExpressionAttributeValues: { ':v0': { S: 'active' }, ':v1': { S: '@example.com' } },
    Limit: 50,
    Segment: 1,
    TotalSegments: 4,
  });
});

test('toInput: two filters are joined with AND; an index scan with a start key', (t) => {
  const { members } = recordingRepositories();
  const start = { pk: { S: 'MEMBER#m1' }, mail: { S: 'm1@example.com' } };
  const input = members.scan
    .withIndex('EmailIndex')
    .withFilter(`${F.score} > {0}`, 10)
    .withFilter(`attribute_exists(${F.name})`)
    .startAt(start)
    .toInput();
  t.is(input.IndexName, 'EmailIndex');
  t.is(input.FilterExpression, '(#n0 > :v0) AND (attribute_exists(#n1))');
  t.deepEqual(input.ExpressionAttributeNames, { '#n0': 'score', '#n1': 'name' });
  t.deepEqual(input.ExclusiveStartKey, start);
});

test('toInput: a filter naming properties uses their stored names and converts their values as the properties are stored', (t) => {
  const { members } = recordingRepositories();
  const input = members.scan.withFilter('email = {0} AND joinedAt < {1}', 'a@b', new Date(0)).toInput();
  t.deepEqual(serialized(input), {
    TableName: 'unit_members',
    FilterExpression: '#n0 = :v0 AND #n1 < :v1',
    ExpressionAttributeNames: { '#n0': 'mail', '#n1': 'joined' },
    ExpressionAttributeValues: { ':v0': { S: 'a@b' }, ':v1': { S: '1970-01-01T00:00:00.000Z' } },
  });
});

test('toInput: bad segments and limits are refused', (t) => {
  const { members } = recordingRepositories();
  t.throws(() => members.scan.segment(4, 4), { instanceOf: InvalidRequestError });
  t.throws(() => members.scan.limit(0), {
    instanceOf: InvalidRequestError,
    message: 'limit needs an integer from 1 to 9007199254740991, got 0',
  });
  t.throws(() => members.scan.segment(0, 2).parallel(2), { instanceOf: InvalidRequestError });
});

test('execute: sends exactly toInput() and hydrates Members', async (t) => {
  const { members, recorder } = recordingRepositories();
  const builder = members.scan.withFilter(`${F.status} = {0}`, 'active').returnConsumedCapacity();
  recorder.reply({
    Items: [storedMember('m1'), storedMember('m2')],
    Count: 2,
    ScannedCount: 3,
    ConsumedCapacity: { TableName: 'unit_members', CapacityUnits: 1 },
  });
  const page = await builder.execute();
  t.deepEqual(recorder.requests, [{ operation: 'Scan', body: serialized(builder.toInput()) }]);
  t.deepEqual(
    page.items.map((m) => [m instanceof Member, m.memberId]),
    [
      [true, 'm1'],
      [true, 'm2'],
    ],
  );
  t.is(page.scannedCount, 3);
  t.deepEqual(page.consumedCapacity, { TableName: 'unit_members', CapacityUnits: 1 });
  t.is(page.lastEvaluatedKey, undefined);
  t.is(page.cursor, undefined);
});

test('parallel(n) sends one Scan per segment', async (t) => {
  const { members, recorder } = recordingRepositories();
  recorder.reply({ Items: [storedMember('m1')], Count: 1 }, { Items: [storedMember('m2')], Count: 1 });
  const ids: string[] = [];
  for await (const m of members.scan.parallel(2)) ids.push(m.memberId);
  t.deepEqual(ids.sort(), ['m1', 'm2']);
  t.deepEqual(
    recorder
      .bodiesOf('Scan')
      .map((b) => [b.Segment, b.TotalSegments])
      .sort(),
    [
      [0, 2],
      [1, 2],
    ],
  );
});
