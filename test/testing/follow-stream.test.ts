// followStream against DynamoDB Local: it refuses a table without a stream, stops following when the handler
// throws (stop() rejects with that error), and stop() leaves no timer or request behind.
import test from 'ava';
import { InvalidRequestError } from '../../src/errors/errors.js';
import { Repository } from '../../src/index.js';
import { createTable } from '../../src/tables/table-admin.js';
import { followStream } from '../../src/testing/follow-stream.js';
import { Note, note, Task, task } from '../streams/entities.js';
import { eventually } from '../streams/support.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

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
