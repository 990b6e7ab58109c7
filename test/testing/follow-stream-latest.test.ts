// followStream with startingPosition LATEST against DynamoDB Local: the position is fixed before followStream
// resolves, so every write made after it is delivered and none made before it, also when the iterator has to
// be renewed before anything was delivered (DynamoDB Local ends idle iterators with TrimmedDataAccessException;
// here a Streams client forces that answer, so the test does not depend on DynamoDB Local's timing).
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import test from 'ava';
import { Repository } from '../../src/index.js';
import type { DynamoDBRecord } from '../../src/streams/index.js';
import { createTable } from '../../src/tables/table-admin.js';
import { followStream, type StreamsClientLike } from '../../src/testing/follow-stream.js';
import { Task, task } from '../streams/entities.js';
import { eventually } from '../streams/support.js';
import { testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';

const client = testClient();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new stream-enabled table of tasks, holding task `before` already. */
async function tableWithOldRecord() {
  const table = uniqueTableName('follow-latest');
  await createTable(client, [Task], { tableName: table, stream: 'NEW_IMAGE' });
  const tasks = new Repository(Task, { client, tableName: table });
  await tasks.put.withItem(task('acme', 'before')).execute();
  return { table, tasks };
}

/**
 * A Streams client on DynamoDB Local whose answers pass through `intercept` (by command name), which may throw
 * instead of answering.
 */
async function interceptedStreams(
  intercept: (name: string, input: Record<string, unknown>, answer: () => Promise<object>) => Promise<object>,
): Promise<StreamsClientLike> {
  const inner = new DynamoDBStreamsClient({
    endpoint: testEndpoint(),
    region: await client.config.region(),
    credentials: client.config.credentials,
  });
  return {
    send: (command) =>
      intercept(
        command.constructor.name,
        command.input as Record<string, unknown>,
        async () => (await inner.send(command as never)) as object,
      ),
    destroy: () => inner.destroy(),
  };
}

const taskIds = (records: readonly DynamoDBRecord[]) => records.map((r) => r.dynamodb?.NewImage?.taskId?.S);

const trimmed = () =>
  Object.assign(new Error('the iterator ran past the trim horizon'), { name: 'TrimmedDataAccessException' });

test('LATEST: a write made right after `await followStream(...)` is delivered, one made before it is not', async (t) => {
  const { table, tasks } = await tableWithOldRecord();
  // Every iterator is taken late: a start position taken only when following begins would come after the
  // write below.
  const streamsClient = await interceptedStreams(async (name, _input, answer) => {
    if (name === 'GetShardIteratorCommand') await sleep(300);
    return answer();
  });
  const records: DynamoDBRecord[] = [];
  const following = await followStream(client, table, (event) => void records.push(...event.Records), {
    startingPosition: 'LATEST',
    streamsClient,
  });
  t.teardown(() => following.stop());
  t.teardown(() => streamsClient.destroy());
  await tasks.put.withItem(task('acme', 'first')).execute();
  await eventually(() => records.length >= 1 || following.error !== undefined, 'the first record', 10_000);
  await sleep(300); // long enough for a record that should not come
  await following.stop();
  t.deepEqual(taskIds(records), ['first']);
});

for (const renewal of ['after the start position', 'from the oldest record kept'] as const) {
  test(`LATEST: an iterator renewed before anything was delivered resumes at the start, not at a new LATEST (${renewal})`, async (t) => {
    const { table, tasks } = await tableWithOldRecord();
    const requests: string[] = [];
    let started = false;
    let trimmedRecords = false;
    let trimmedResume = false;
    const streamsClient = await interceptedStreams(async (name, input, answer) => {
      if (name === 'GetShardIteratorCommand') {
        requests.push(String(input.ShardIteratorType));
        // The resume position itself gone too: the oldest record kept, with the old ones skipped.
        if (
          renewal === 'from the oldest record kept' &&
          trimmedRecords &&
          !trimmedResume &&
          input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER'
        ) {
          trimmedResume = true;
          throw trimmed();
        }
        return answer();
      }
      const out = (await answer()) as { Records?: unknown[] };
      // The first answer that holds a record (the write after the start) is dropped, as DynamoDB Local drops an
      // idle iterator when the next record arrives.
      if (name === 'GetRecordsCommand' && !trimmedRecords && started && (out.Records ?? []).length) {
        trimmedRecords = true;
        throw trimmed();
      }
      return out;
    });
    const records: DynamoDBRecord[] = [];
    const followed = await followStream(client, table, (event) => void records.push(...event.Records), {
      startingPosition: 'LATEST',
      streamsClient,
    });
    started = true;
    t.teardown(() => followed.stop());
    t.teardown(() => streamsClient.destroy());
    await sleep(200); // following, idle
    await tasks.put.withItem(task('acme', 't1')).execute();
    await eventually(() => trimmedRecords, 'the dropped answer', 10_000);
    await tasks.put.withItem(task('acme', 't2')).execute();
    await eventually(() => records.length >= 2 || followed.error !== undefined, 't1 and t2', 10_000);
    await sleep(300);
    await followed.stop();
    t.deepEqual(taskIds(records), ['t1', 't2']);
    t.true(requests.filter((type) => type === 'LATEST').length <= 1, `iterators asked for: ${requests.join(', ')}`);
    if (renewal === 'from the oldest record kept') t.true(trimmedResume);
  });
}
