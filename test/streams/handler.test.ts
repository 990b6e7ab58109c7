// streamHandler and streamBatchHandler over events of DynamoDB Local's real stream: a failing record is reported
// alone in batchItemFailures (by sequence number), malformed records (a missing image, an unknown type or table,
// an image that does not map, no sequence number) are named errors or reported failures, never silently dropped.
import test from 'ava';
import { StreamRecordError } from '../../src/errors/errors.js';
import { Repository, SingleTable } from '../../src/index.js';
import {
  changesOf,
  type DynamoDBRecord,
  type DynamoDBStreamEvent,
  isChangeOf,
  streamBatchHandler,
  streamHandler,
} from '../../src/streams/index.js';
import { testClient } from '../support/dynamo.js';
import { Note, note, Task, task } from './entities.js';
import { eventually, type Followed, followedTable } from './support.js';

const client = testClient();

/** Five task puts (t1..t5, acme and globex alternating) and their stream event. */
async function fiveTasks(
  t: Parameters<typeof followedTable>[0],
): Promise<{ followed: Followed; event: DynamoDBStreamEvent }> {
  const followed = await followedTable(t, client, 'NEW_AND_OLD_IMAGES');
  const tasks = new Repository(Task, { client, tableName: followed.table });
  for (const [i, tenant] of ['acme', 'globex', 'acme', 'globex', 'acme'].entries()) {
    await tasks.put.withItem(task(tenant, `t${i + 1}`)).execute();
  }
  return { followed, event: await followed.event(5) };
}

const seq = (event: DynamoDBStreamEvent, i: number) => event.Records[i]?.dynamodb?.SequenceNumber as string;

/** A copy of a record, changed by `edit`, for the malformed cases. */
function altered(record: DynamoDBRecord | undefined, edit: (r: DynamoDBRecord) => void): DynamoDBRecord {
  const copy = structuredClone(record) as DynamoDBRecord;
  edit(copy);
  return copy;
}

test('a handler error on one record reports exactly that record; by default no later record runs', async (t) => {
  const { followed, event } = await fiveTasks(t);
  const handled: string[] = [];
  const told: unknown[] = [];
  const handler = streamHandler(
    [Task, Note],
    async (change) => {
      const id = (change.newItem as Task).taskId;
      if (id === 't3') throw new Error('projection store unavailable');
      handled.push(id);
    },
    { tableName: followed.table, onFailure: (error) => told.push(error) },
  );
  t.deepEqual(await handler(event), { batchItemFailures: [{ itemIdentifier: seq(event, 2) }] });
  // Lambda retries from the failed record on: t4 and t5 come again after t3, in order.
  t.deepEqual(handled, ['t1', 't2']);
  t.is(told.length, 1);
  t.is((told[0] as Error).message, 'projection store unavailable');
});

test("afterFailure: 'continue' runs the later records and still reports only the failed one", async (t) => {
  const { followed, event } = await fiveTasks(t);
  const handled: string[] = [];
  const handler = streamHandler(
    [Task],
    async (change) => {
      const id = (change.newItem as Task).taskId;
      if (id === 't2') throw new Error('boom');
      handled.push(id);
    },
    { tableName: followed.table, afterFailure: 'continue', onFailure: () => {} },
  );
  t.deepEqual(await handler(event), { batchItemFailures: [{ itemIdentifier: seq(event, 1) }] });
  t.deepEqual(handled, ['t1', 't3', 't4', 't5']);
});

test('followStream hands Lambda-shaped events to a streamHandler and keeps the failures it reports', async (t) => {
  const handled: string[] = [];
  // Not delivered again: the failure is reported once.
  const table = await followedTable(t, client, 'NEW_IMAGE', (event) => handler(event), { maxRetryAttempts: 0 });
  const handler = streamHandler(
    [Task, Note],
    (change) => {
      if (change.entity === Note) throw new Error('notes are not projected');
      handled.push((change.newItem as Task).taskId);
    },
    { tableName: table.table, afterFailure: 'continue', onFailure: () => {} },
  );
  await new Repository(Task, { client, tableName: table.table }).put.withItem(task('acme', 'x1')).execute();
  await new Repository(Note, { client, tableName: table.table }).put.withItem(note('acme', 'n1')).execute();
  await eventually(() => table.following.delivered >= 2, 'two delivered records');
  const record = table.records[0] as DynamoDBRecord;
  t.is(record.eventSource, 'aws:dynamodb');
  t.is(record.eventSourceARN, table.following.streamArn);
  t.is(typeof record.dynamodb?.ApproximateCreationDateTime, 'number');
  t.deepEqual(handled, ['x1']);
  t.deepEqual(table.following.failures, [table.records[1]?.dynamodb?.SequenceNumber]);
});

test('malformed records are named errors in changesOf and reported failures in the handler', async (t) => {
  const { followed, event } = await fiveTasks(t);
  const [first, second, third, fourth] = event.Records;
  const bad: DynamoDBStreamEvent = {
    Records: [
      first as DynamoDBRecord,
      altered(second, (r) => {
        delete r.dynamodb?.NewImage; // NEW_AND_OLD_IMAGES promises one
      }),
      altered(third, (r) => {
        if (r.dynamodb?.NewImage) r.dynamodb.NewImage.done = { S: 'secret-value' }; // not a boolean
      }),
      altered(fourth, (r) => {
        (r as { eventName?: string }).eventName = 'UPSERT';
      }),
    ],
  };
  const handled: string[] = [];
  const errors: unknown[] = [];
  const handler = streamHandler([Task], (change) => void handled.push((change.newItem as Task).taskId), {
    tableName: followed.table,
    afterFailure: 'continue',
    onFailure: (error) => errors.push(error),
  });
  t.deepEqual(await handler(bad), {
    batchItemFailures: [1, 2, 3].map((i) => ({ itemIdentifier: seq(event, i) })),
  });
  t.deepEqual(handled, ['t1']);
  t.deepEqual(
    errors.map((e) => [e instanceof StreamRecordError, (e as StreamRecordError).problem]),
    [
      [true, 'missing-image'],
      [true, 'hydration'],
      [true, 'malformed'],
    ],
  );
  const hydration = errors[1] as StreamRecordError;
  t.is(hydration.sequenceNumber, seq(event, 2));
  t.is(hydration.details.entity, 'Task');
  t.is(hydration.details.property, 'done');
  t.false(hydration.message.includes('secret-value'), hydration.message);
  t.is(hydration.cause, undefined);

  const thrown = t.throws(
    () =>
      changesOf({ Records: [first as DynamoDBRecord, ...bad.Records.slice(1)] }, [Task], { tableName: followed.table }),
    {
      instanceOf: StreamRecordError,
    },
  );
  t.is(thrown?.problem, 'missing-image');
  t.is(thrown?.sequenceNumber, seq(event, 1));
});

test('records of other tables or types are skipped and counted, or refused when asked', async (t) => {
  const { followed, event } = await fiveTasks(t);
  const [first, second, third] = event.Records;
  const mixed: DynamoDBStreamEvent = {
    Records: [
      first as DynamoDBRecord,
      altered(second, (r) => {
        r.eventSourceARN = r.eventSourceARN?.replace(`table/${followed.table}/`, 'table/someone-elses/');
      }),
      altered(third, (r) => {
        for (const image of [r.dynamodb?.NewImage, r.dynamodb?.OldImage]) if (image) image._type = { S: 'Invoice' };
      }),
    ],
  };
  const changes = changesOf(mixed, [Task, Note], { tableName: followed.table });
  t.deepEqual(
    changes.map((c) => c.sequenceNumber),
    [seq(event, 0)],
  );
  t.deepEqual(changes.skipped, [
    { sequenceNumber: seq(event, 1), problem: 'unknown-table', table: 'someone-elses' },
    { sequenceNumber: seq(event, 2), problem: 'unknown-type', table: followed.table },
  ]);
  const refused = t.throws(() => changesOf(mixed, [Task, Note], { tableName: followed.table, onUnknown: 'refuse' }), {
    instanceOf: StreamRecordError,
  });
  t.is(refused?.problem, 'unknown-table');

  let calls = 0;
  const skipping = streamHandler([Task, Note], () => void calls++, { tableName: followed.table });
  t.deepEqual(await skipping(mixed), { batchItemFailures: [] });
  t.is(calls, 1);
  const refusing = streamHandler([Task, Note], () => {}, {
    tableName: followed.table,
    onUnknown: 'refuse',
    afterFailure: 'continue',
    onFailure: () => {},
  });
  t.deepEqual(await refusing(mixed), {
    batchItemFailures: [{ itemIdentifier: seq(event, 1) }, { itemIdentifier: seq(event, 2) }],
  });
});

test('a record without a sequence number cannot be named in batchItemFailures: the invocation fails', async (t) => {
  const { followed, event } = await fiveTasks(t);
  const nameless = altered(event.Records[0], (r) => {
    delete r.dynamodb?.SequenceNumber;
  });
  const handler = streamHandler([Task], () => {}, { tableName: followed.table, onFailure: () => {} });
  const error = await t.throwsAsync(handler({ Records: [nameless] }), { instanceOf: StreamRecordError });
  t.is(error?.problem, 'malformed');
  t.throws(() => changesOf({ Records: [nameless] }, [Task], { tableName: followed.table }), {
    instanceOf: StreamRecordError,
  });
  await t.throwsAsync(handler({} as DynamoDBStreamEvent), { instanceOf: StreamRecordError });
});

test('streamBatchHandler: a failing batch reports each of its records', async (t) => {
  const { followed, event } = await fiveTasks(t);
  const batches: string[][] = [];
  const handler = streamBatchHandler(
    [Task],
    (changes) => {
      batches.push(changes.map((c) => (c.newItem as Task).taskId));
      throw new Error('bulk index refused');
    },
    { tableName: followed.table, onFailure: () => {} },
  );
  t.deepEqual(await handler(event), {
    batchItemFailures: [0, 1, 2, 3, 4].map((i) => ({ itemIdentifier: seq(event, i) })),
  });
  t.deepEqual(batches, [['t1', 't2', 't3', 't4', 't5']]);
});

test('a SingleTable gives changesOf its classes and its table; isChangeOf narrows a change to its class', async (t) => {
  const { followed, event } = await fiveTasks(t);
  const changes = changesOf(event, new SingleTable(client, [Task, Note], { tableName: followed.table }));
  t.is(changes.length, 5);
  const titles = changes.flatMap((c) => (isChangeOf(c, Task) ? [c.newItem?.title] : []));
  t.deepEqual(titles, ['task t1', 'task t2', 'task t3', 'task t4', 'task t5']);
  // Without the table's name, the same records are of another table: skipped, not guessed.
  t.deepEqual(
    changesOf(event, [Task, Note]).skipped.map((s) => s.problem),
    ['unknown-table', 'unknown-table', 'unknown-table', 'unknown-table', 'unknown-table'],
  );
});
