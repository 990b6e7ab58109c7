// An onFailure report that throws (or rejects) changes nothing Lambda is told: the handler still answers with the
// partial batch response naming the failed records, and the failure goes to console.error with what the report
// threw. A rejected invocation would run the records already handled again, and a report that always throws
// would hold the shard.
import test, { type ExecutionContext } from 'ava';
import { type DynamoDBRecord, type StreamImage, streamBatchHandler, streamHandler } from '../../src/streams/index.js';
import { Task } from './entities.js';
import { handBuilt } from './records.js';

const TABLE = 'stream_data';

function taskRecord(taskId: string): DynamoDBRecord {
  const keys: StreamImage = { pk: { S: 'TENANT#acme' }, sk: { S: `TASK#${taskId}` } };
  return handBuilt(TABLE, 'INSERT', 'NEW_IMAGE', keys, {
    NewImage: {
      ...keys,
      _type: { S: 'Task' },
      tenantId: { S: 'acme' },
      taskId: { S: taskId },
      title: { S: 'title' },
      done: { BOOL: false },
    },
  });
}

const seq = (record: DynamoDBRecord | undefined) => record?.dynamodb?.SequenceNumber as string;

/** console.error's lines while the test runs (the tests of this file run one at a time for that). */
function errorLines(t: ExecutionContext): string[] {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  t.teardown(() => {
    console.error = original;
  });
  return lines;
}

const loggerDown = () => {
  throw new Error('logger down');
};

test.serial('streamHandler: an onFailure that throws leaves the partial batch response as it was', async (t) => {
  const lines = errorLines(t);
  const records = ['t1', 't2', 't3'].map(taskRecord);
  const ran: string[] = [];
  const handler = (afterFailure: 'stop' | 'continue') =>
    streamHandler(
      [Task],
      (change) => {
        ran.push(`${afterFailure} ${change.keys.taskId}`);
        if (change.keys.taskId === 't2') throw new Error('projection store unavailable');
      },
      { afterFailure, onFailure: loggerDown },
    );
  t.deepEqual(await handler('continue')({ Records: records }), {
    batchItemFailures: [{ itemIdentifier: seq(records[1]) }],
  });
  t.deepEqual(await handler('stop')({ Records: records }), {
    batchItemFailures: [{ itemIdentifier: seq(records[1]) }],
  });
  t.deepEqual(ran, ['continue t1', 'continue t2', 'continue t3', 'stop t1', 'stop t2']);
  t.is(lines.length, 2);
  t.true(lines.every((line) => line.includes(seq(records[1]))));
  t.regex(lines[0] ?? '', /Error: projection store unavailable.*onFailure threw Error: logger down/);
});

test.serial('streamBatchHandler: an onFailure that throws leaves the partial batch response as it was', async (t) => {
  const lines = errorLines(t);
  const records = ['t1', 't2'].map(taskRecord);
  const malformed = { ...taskRecord('t0'), eventName: 'UPSERT' } as unknown as DynamoDBRecord;
  const handler = streamBatchHandler(
    [Task],
    () => {
      throw new Error('bulk index refused');
    },
    { afterFailure: 'continue', onFailure: loggerDown },
  );
  t.deepEqual(await handler({ Records: [malformed, ...records] }), {
    batchItemFailures: [malformed, ...records].map((r) => ({ itemIdentifier: seq(r) })),
  });
  t.is(lines.length, 3);
  t.true(lines.every((line) => line.includes('onFailure threw Error: logger down')));
});

test.serial('an async onFailure that rejects is logged, not left unhandled', async (t) => {
  const lines = errorLines(t);
  const record = taskRecord('t1');
  const handler = streamHandler(
    [Task],
    () => {
      throw new Error('boom');
    },
    {
      onFailure: async () => {
        throw new Error('logger down');
      },
    },
  );
  t.deepEqual(await handler({ Records: [record] }), { batchItemFailures: [{ itemIdentifier: seq(record) }] });
  await new Promise((resolve) => setImmediate(resolve));
  t.is(lines.length, 1);
  t.regex(lines[0] ?? '', /Error: boom.*onFailure threw Error: logger down/);
});
