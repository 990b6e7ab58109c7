// followStream against DynamoDB Local: it refuses a table without a stream, stops following when the handler
// throws (stop() rejects with that error), and stop() leaves no timer or request behind. As Lambda does, a batch
// whose handler reports batchItemFailures is delivered again from the lowest failed record on (the records after
// it included), up to maxRetryAttempts times, so a streamHandler that stops at a failure loses no record.
import { type _Record, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import test from 'ava';
import { InvalidRequestError } from '../../src/errors/errors.js';
import { Repository } from '../../src/index.js';
import { type DynamoDBRecord, type DynamoDBStreamEvent, streamHandler } from '../../src/streams/index.js';
import { createTable } from '../../src/tables/table-admin.js';
import { followStream } from '../../src/testing/follow-stream.js';
import { Note, note, Task, task } from '../streams/entities.js';
import { eventually } from '../streams/support.js';
import { randomAlphanumeric, testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';

const client = testClient();

/** Counts of the event loop's handles by kind (timers, sockets). */
function handles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

test.serial(
  'stop() ends a long poll wait at once, leaves no timer behind, and nothing is delivered after it',
  async (t) => {
    const table = uniqueTableName('follow-stop');
    await createTable(client, [Task, Note], { tableName: table, stream: 'NEW_IMAGE' });
    const tasks = new Repository(Task, { client, tableName: table });
    await tasks.put.withItem(task('acme', 'warm-up')).execute();
    await new Promise((resolve) => setImmediate(resolve));
    const before = handles();
    let events = 0;
    // Records are there from the start: the first poll delivers, the next waits a minute, which stop() must cut short.
    const following = await followStream(
      client,
      table,
      () => {
        events += 1;
      },
      { pollIntervalMs: 60_000 },
    );
    await eventually(() => following.delivered >= 1, 'the first record');
    await new Promise((resolve) => setTimeout(resolve, 100)); // into the minute's wait
    const stopping = Date.now();
    await following.stop();
    t.true(Date.now() - stopping < 2000, `stop() took ${Date.now() - stopping} ms`);
    await new Promise((resolve) => setImmediate(resolve));
    const after = handles();
    for (const kind of ['Timeout', 'TCPSocketWrap']) {
      t.true(
        (after.get(kind) ?? 0) <= (before.get(kind) ?? 0),
        `${kind}: ${before.get(kind)} before, ${after.get(kind)} after`,
      );
    }
    const delivered = events;
    await new Repository(Note, { client, tableName: table }).put.withItem(note('acme', 'late')).execute();
    await new Promise((resolve) => setTimeout(resolve, 300)); // long enough for a running follow to pick it up
    t.is(events, delivered);
    await following.stop(); // again: still fine
  },
);

test('a table without a stream is refused with a named error', async (t) => {
  const table = uniqueTableName('follow-none');
  await createTable(client, Task, { tableName: table });
  const error = await t.throwsAsync(
    followStream(client, table, () => {}),
    { instanceOf: InvalidRequestError },
  );
  t.regex(error?.message ?? '', /has no stream/);
});

test('a handler that throws stops following; stop() rejects with its error', async (t) => {
  const table = uniqueTableName('follow-throws');
  await createTable(client, Task, { tableName: table, stream: 'KEYS_ONLY' });
  let calls = 0;
  const following = await followStream(client, table, () => {
    calls += 1;
    throw new Error('handler broke');
  });
  await new Repository(Task, { client, tableName: table }).put.withItem(task('acme', 'x')).execute();
  await eventually(() => following.error !== undefined, 'the handler error');
  await t.throwsAsync(following.stop(), { message: 'handler broke' });
  t.is(calls, 1);
});

/** A stream-enabled table holding tasks t1..t<count> before anybody follows it (so one GetRecords reads them all). */
async function tableWithTasks(count: number): Promise<string> {
  const table = uniqueTableName('stream-follow');
  await createTable(client, [Task], { tableName: table, stream: 'NEW_IMAGE' });
  const tasks = new Repository(Task, { client, tableName: table });
  for (let i = 1; i <= count; i++) await tasks.put.withItem(task('acme', `t${i}`)).execute();
  return table;
}

const sequenceNumbers = (event: DynamoDBStreamEvent | undefined) =>
  (event?.Records ?? []).map((r: DynamoDBRecord) => r.dynamodb?.SequenceNumber);

test('a reported failure is delivered again from the failed record on, the records after it included, and nothing is lost', async (t) => {
  const table = await tableWithTasks(4);
  const handled: string[] = [];
  let failNext = true;
  const handler = streamHandler(
    [Task],
    (change) => {
      const id = (change.newItem as Task).taskId;
      if (id === 't2' && failNext) {
        failNext = false;
        throw new Error('projection store unavailable');
      }
      handled.push(id);
    },
    { tableName: table, onFailure: () => {} },
  );
  const events: DynamoDBStreamEvent[] = [];
  const following = await followStream(client, table, (event) => {
    events.push(event);
    return handler(event);
  });
  t.teardown(() => following.stop());
  await eventually(() => handled.length >= 4 || following.error !== undefined, 't1..t4 handled', 10_000).catch(
    () => {},
  );
  await following.stop();
  t.is(events[0]?.Records.length, 4, 'the four records came in one event');
  t.deepEqual(handled, ['t1', 't2', 't3', 't4'], 'every record handled once, in order');
  const [first, second] = events;
  t.deepEqual(following.failures, [sequenceNumbers(first)[1]]);
  t.deepEqual(sequenceNumbers(second), sequenceNumbers(first).slice(1), 'redelivered from t2 on');
  t.is(following.delivered, 4 + 3);
});

test('a failure reported again and again is delivered maxRetryAttempts more times, then passed over', async (t) => {
  const table = await tableWithTasks(2);
  const seen: string[] = [];
  const handler = streamHandler(
    [Task],
    (change) => {
      const id = (change.newItem as Task).taskId;
      seen.push(id);
      if (id === 't1') throw new Error('poison');
    },
    { tableName: table, onFailure: () => {} },
  );
  const following = await followStream(client, table, handler, { maxRetryAttempts: 2 });
  t.teardown(() => following.stop());
  const repository = new Repository(Task, { client, tableName: table });
  await eventually(() => following.failures.length >= 3, 'three failures', 10_000);
  // A record written after the poison one was passed over still arrives.
  await repository.put.withItem(task('acme', 't3')).execute();
  await eventually(() => seen.includes('t3'), 't3 handled', 10_000);
  await following.stop();
  t.deepEqual(
    seen,
    ['t1', 't1', 't1', 't3'],
    't1 delivered once and retried twice; t2, of the batch passed over, never runs (as Lambda discards it)',
  );
  t.is(new Set(following.failures).size, 1);
  t.is(following.failures.length, 3);
});

test('maxRetryAttempts must be a non-negative integer', async (t) => {
  const table = uniqueTableName('stream-follow');
  await createTable(client, [Task], { tableName: table, stream: 'NEW_IMAGE' });
  for (const maxRetryAttempts of [-1, 1.5, Number.NaN]) {
    await t.throwsAsync(
      followStream(client, table, () => {}, { maxRetryAttempts }),
      {
        name: 'InvalidRequestError',
        message: /maxRetryAttempts/,
      },
    );
  }
});

test("records carry the record's userIdentity as Lambda delivers it (a TTL delete's DynamoDB service principal)", async (t) => {
  // DynamoDB Local does not expire items: its GetRecords answers are given the userIdentity DynamoDB puts on
  // a delete made by TTL, on their way to followStream.
  const accessKeyId = `t${randomAlphanumeric(15)}`;
  const own = testClient(accessKeyId);
  const table = uniqueTableName('follow-ttl');
  await createTable(own, [Task], { tableName: table, stream: 'NEW_AND_OLD_IMAGES' });
  const streamsClient = new DynamoDBStreamsClient({
    endpoint: testEndpoint(),
    region: process.env.DYNAMODB_REGION ?? 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'local' },
  });
  t.teardown(() => streamsClient.destroy());
  streamsClient.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      for (const record of (result.output as { Records?: _Record[] }).Records ?? []) {
        if (record.eventName === 'REMOVE')
          record.userIdentity = { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' };
      }
      return result;
    },
    { step: 'initialize', name: 'ttlDeletes' },
  );
  const records: DynamoDBRecord[] = [];
  const following = await followStream(own, table, (event) => void records.push(...event.Records), { streamsClient });
  t.teardown(() => following.stop());
  const tasks = new Repository(Task, { client: own, tableName: table });
  await tasks.put.withItem(task('acme', 'x')).execute();
  await tasks.delete.withKey({ tenantId: 'acme', taskId: 'x' }).execute();
  await eventually(() => records.length >= 2, 'two records');
  await following.stop();
  t.deepEqual(
    records.map((r) => [r.eventName, r.userIdentity]),
    [
      ['INSERT', undefined],
      ['REMOVE', { type: 'Service', principalId: 'dynamodb.amazonaws.com' }],
    ],
  );
  t.false('userIdentity' in (records[0] as object), 'no userIdentity where the record has none');
});

test('stop() during a handler call waits for it to finish; nothing is delivered after', async (t) => {
  const table = await tableWithTasks(1);
  let release: () => void = () => {};
  const inHandler = new Promise<void>((entered) => {
    release = entered;
  });
  let finished = false;
  let calls = 0;
  const following = await followStream(client, table, async () => {
    calls += 1;
    release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    finished = true;
  });
  await inHandler;
  await following.stop();
  t.true(finished, 'stop() resolved after the handler finished');
  t.is(following.delivered, 1);
  await new Repository(Task, { client, tableName: table }).put.withItem(task('acme', 'late')).execute();
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.is(calls, 1);
});

test('maxRetryAttempts counts per lowest failed record: a record failing on the retry of an earlier one gets its own retries', async (t) => {
  const table = uniqueTableName('stream-follow');
  await createTable(client, [Task], { tableName: table, stream: 'NEW_IMAGE' });
  const tasks = new Repository(Task, { client, tableName: table });
  // Written before following starts, so that one GetRecords reads them all.
  for (const id of ['a', 'x', 'b', 'y', 'c']) await tasks.put.withItem(task('acme', id)).execute();
  const seen: string[] = [];
  let xFailed = false;
  const handler = streamHandler(
    [Task],
    (change) => {
      const id = (change.newItem as Task).taskId;
      seen.push(id);
      if (id === 'x' && !xFailed) {
        xFailed = true;
        throw new Error('x: transient');
      }
      if (id === 'y') throw new Error('y: poison');
    },
    { tableName: table, onFailure: () => {} },
  );
  const events: DynamoDBStreamEvent[] = [];
  const following = await followStream(
    client,
    table,
    (event) => {
      events.push(event);
      return handler(event);
    },
    { maxRetryAttempts: 1 },
  );
  t.teardown(() => following.stop());
  await eventually(() => following.failures.length >= 3, 'three failures', 10_000);
  // Following goes on after the batch passed over.
  await tasks.put.withItem(task('acme', 'd')).execute();
  await eventually(() => seen.includes('d'), 'd handled', 10_000);
  await following.stop();
  t.is(events[0]?.Records.length, 5, 'the five records came in one event');
  const [x, y] = [sequenceNumbers(events[0])[1], sequenceNumbers(events[0])[3]];
  t.deepEqual(following.failures, [x, y, y], 'x failed once; y failed, then once more on its one retry');
  t.deepEqual(
    seen,
    ['a', 'x', 'x', 'b', 'y', 'y', 'd'],
    'y delivered again once (maxRetryAttempts 1) after the retry of x; then [y, c] is passed over, as Lambda discards it',
  );
});

for (const [thrown, shown] of [
  [undefined, 'undefined'],
  ['boom', '"boom"'],
] as const) {
  test(`a handler that throws ${shown}, not an Error, stops following with an error whose cause it is`, async (t) => {
    const table = uniqueTableName('follow-throws');
    await createTable(client, Task, { tableName: table, stream: 'KEYS_ONLY' });
    let calls = 0;
    const following = await followStream(client, table, () => {
      calls += 1;
      throw thrown;
    });
    await new Repository(Task, { client, tableName: table }).put.withItem(task('acme', 'x')).execute();
    await eventually(() => following.error !== undefined, 'the error', 10_000);
    const error = following.error as Error;
    t.true(error instanceof Error);
    t.is(error.cause, thrown);
    t.true(error.message.includes(`${shown} was thrown`), error.message);
    t.is(await t.throwsAsync(following.stop()), error);
    t.is(calls, 1);
  });
}
