import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test, { type ExecutionContext } from 'ava';
import { BatchGetItemRequestBuilder } from '../../src/builders/batch-get/batch-get-item-builder.js';
import { BatchWriteItemRequestBuilder } from '../../src/builders/batch-write/batch-write-item-builder.js';
import type { RetryInfo } from '../../src/builders/batching/backoff.js';
import { BatchIncompleteError } from '../../src/errors/batch-errors.js';
import { createTable, currentClient, DynamoRequestError, Repository, runWithClient } from '../../src/index.js';
import {
  forwardedKeys,
  forwardedWrites,
  pkOf,
  seededRandom,
  THROTTLE,
  VALIDATION,
  withholdKeys,
  withholdWrites,
} from '../fault-proxy/batch-faults.js';
import { type FaultHandler, type FaultProxy, startFaultProxy } from '../fault-proxy/fault-proxy.js';
import { randomAlphanumeric, testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';
import { Event, newEvent } from './entities.js';

/**
 * Fault tests at the HTTP layer: the client under test talks to a proxy in
 * front of DynamoDB Local that withholds parts of batches (answering them as
 * UnprocessedItems / UnprocessedKeys, never writing or reading them) and
 * answers with throttling errors. The proxy's log of what it passed on shows
 * that every item landed once or is reported, none twice, none lost.
 */

const tableName = uniqueTableName('faults');
const FAST = { baseDelayMs: 1, maxDelayMs: 20 };

interface Setup {
  readonly proxy: FaultProxy;
  /** Goes through the proxy; no SDK retries, so every attempt is the builder's own. */
  readonly client: DynamoDBClient;
  /** Straight to DynamoDB Local, same database. */
  readonly direct: DynamoDBClient;
  readonly events: Repository<Event>;
}

async function setup(t: ExecutionContext, handler: FaultHandler): Promise<Setup> {
  const accessKeyId = `f${randomAlphanumeric(12)}`;
  const direct = testClient(accessKeyId);
  await createTable(direct, Event, { tableName });
  const proxy = await startFaultProxy(testEndpoint(), handler);
  t.teardown(() => proxy.close());
  const client = testClient(accessKeyId, { endpoint: proxy.endpoint, maxAttempts: 1 });
  return { proxy, client, direct, events: new Repository(Event, { client: direct, tableName }) };
}

async function storedSeqs(events: Repository<Event>, stream: string, count: number): Promise<Set<number>> {
  const batch = new BatchGetItemRequestBuilder(events.client);
  for (let i = 0; i < count; i++) batch.get(events, (b) => b.withKey({ stream, seq: i }));
  return new Set((await batch.execute()).itemsOf(events).map((e) => e.seq));
}

test('partial UnprocessedItems and throttling: every item lands exactly once', async (t) => {
  const random = seededRandom(42);
  const { proxy, client, events } = await setup(t, (call) => {
    if (call.operation !== 'BatchWriteItem') return { kind: 'forward' };
    if (call.n % 5 === 1) return THROTTLE;
    return withholdWrites(call.body, () => random() < 0.4);
  });
  const batch = new BatchWriteItemRequestBuilder(client).withRetry({ ...FAST, maxAttempts: 30 });
  for (let i = 0; i < 500; i++) batch.put(events, (b) => b.withItem(newEvent('partial', i)));
  const result = await batch.execute();

  t.is(result.processed, 500);
  const written = forwardedWrites(proxy.forwarded);
  t.is(written.length, 500, 'none passed on twice');
  t.is(new Set(written).size, 500, 'none lost');
  t.is((await storedSeqs(events, 'partial', 500)).size, 500);
  t.true(
    proxy.calls.some((c) => c.n % 5 === 1),
    'some requests were throttled',
  );
});

test('the attempt limit is honoured, and the error lists exactly the items that did not land', async (t) => {
  // Items whose seq is a multiple of 7 never get through.
  const stuck = (pk: string) => Number(pk.split('|')[1]) % 7 === 0;
  const { proxy, client, events } = await setup(t, (call) =>
    call.operation === 'BatchWriteItem'
      ? withholdWrites(call.body, (_, r) => stuck(pkOf(r.PutRequest?.Item)))
      : { kind: 'forward' },
  );
  const batch = new BatchWriteItemRequestBuilder(client).concurrency(1).withRetry({ ...FAST, maxAttempts: 3 });
  for (let i = 0; i < 50; i++) batch.put(events, (b) => b.withItem(newEvent('limit', i)));
  const error = await t.throwsAsync(batch.execute(), { instanceOf: BatchIncompleteError });

  const expected = Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 7 === 0);
  t.deepEqual(
    error.unprocessed.map((u) => u.index),
    expected,
  );
  t.deepEqual(
    error.unprocessed.map((u) => u.key?.sk?.N),
    expected.map(String),
  );
  t.true(error.unprocessed.every((u) => u.kind === 'put' && u.table === tableName && u.item?.payload?.S !== undefined));
  t.is(error.processed, 50 - expected.length);
  t.is(error.operation, 'BatchWriteItem');
  t.regex(error.message, /8 of 50 operation\(s\) were not written, still unprocessed after 3 attempt/);
  // Two chunks (25 + 25), each tried 3 times: the first try and two retries of the stuck items.
  t.is(proxy.calls.filter((c) => c.operation === 'BatchWriteItem').length, 6);
  const written = forwardedWrites(proxy.forwarded);
  t.is(written.length, 50 - expected.length, 'the rest landed once each');
  t.false(written.some(stuck));
  const stored = await storedSeqs(events, 'limit', 50);
  t.deepEqual(
    [...stored].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 7 !== 0),
  );
});

test('returnUnprocessed() reports the items that did not land in the result instead', async (t) => {
  const { client, events } = await setup(t, (call) =>
    call.operation === 'BatchWriteItem'
      ? withholdWrites(call.body, (_, r) => pkOf(r.PutRequest?.Item).endsWith('|3'))
      : { kind: 'forward' },
  );
  const result = await new BatchWriteItemRequestBuilder(client)
    .withRetry({ ...FAST, maxAttempts: 2 })
    .returnUnprocessed()
    .put(events, (b) => b.withItem(newEvent('ret', 1)))
    .put(events, (b) => b.withItem(newEvent('ret', 3)))
    .execute();
  t.is(result.processed, 1);
  t.deepEqual(
    result.unprocessed.map((u) => [u.index, u.key?.sk?.N]),
    [[1, '3']],
  );
  // The written items are those that landed: the withheld put has none.
  t.deepEqual(
    result.inRequestOrder(events).map((e) => e?.seq),
    [1, undefined],
  );
  t.deepEqual(
    result.itemsOf(events).map((e) => e.seq),
    [1],
  );
});

test('a throttled table: the attempt limit counts throttled requests, and the error keeps the AWS error as cause', async (t) => {
  const { proxy, client, events } = await setup(t, (call) =>
    call.operation === 'BatchWriteItem' ? THROTTLE : { kind: 'forward' },
  );
  const batch = new BatchWriteItemRequestBuilder(client).withRetry({ ...FAST, maxAttempts: 4 });
  for (let i = 0; i < 10; i++) batch.put(events, (b) => b.withItem(newEvent('throttled', i)));
  const error = await t.throwsAsync(batch.execute(), { instanceOf: BatchIncompleteError });
  t.is(proxy.calls.length, 4);
  t.is(error.unprocessed.length, 10);
  t.true(error.cause instanceof DynamoRequestError);
  t.is((error.cause as DynamoRequestError).code, 'ProvisionedThroughputExceededException');
  t.is(proxy.forwarded.length, 0);
});

test('a request refused outright stops the batch: what landed and what did not add up exactly', async (t) => {
  const { proxy, client, events } = await setup(t, (call) => (call.n === 2 ? VALIDATION : { kind: 'forward' }));
  const batch = new BatchWriteItemRequestBuilder(client).concurrency(1).withRetry(FAST);
  for (let i = 0; i < 100; i++) batch.put(events, (b) => b.withItem(newEvent('fatal', i)));
  const error = await t.throwsAsync(batch.execute(), { instanceOf: BatchIncompleteError });
  t.true(error.cause instanceof DynamoRequestError);
  t.regex(error.message, /a request failed: .*ValidationException/);
  const written = forwardedWrites(proxy.forwarded);
  const reported = error.unprocessed.map((u) => pkOf(u.item));
  t.is(written.length, 50, 'two requests of 25 landed before the refusal');
  t.is(reported.length, 50, 'the refused request and the one never started');
  t.is(new Set([...written, ...reported]).size, 100, 'none lost, none in both');
  t.is(error.processed, 50);
});

test('backoff waits grow: doubling ceilings, full jitter below them, and the time between requests grows', async (t) => {
  const { proxy, client, events } = await setup(t, (call) =>
    call.operation === 'BatchWriteItem' && call.n < 4 ? THROTTLE : { kind: 'forward' },
  );
  const retries: RetryInfo[] = [];
  await new BatchWriteItemRequestBuilder(client)
    .withRetry({ baseDelayMs: 200, maxDelayMs: 5_000, random: () => 1, onRetry: (info) => retries.push(info) })
    .put(events, (b) => b.withItem(newEvent('grow', 1)))
    .execute();
  t.deepEqual(
    retries.map((r) => [r.attempt, r.ceilingMs, r.delayMs, r.reason]),
    [
      [1, 200, 200, 'ProvisionedThroughputExceededException'],
      [2, 400, 400, 'ProvisionedThroughputExceededException'],
      [3, 800, 800, 'ProvisionedThroughputExceededException'],
      [4, 1_600, 1_600, 'ProvisionedThroughputExceededException'],
    ],
  );
  // Measured at the proxy: a timer never fires early, so each wait is at least its ceiling; what is above
  // it is request time, which a loaded machine stretches, hence the generous margin of the last check.
  const gaps = proxy.calls.slice(1).map((c, i) => c.at - (proxy.calls[i]?.at ?? 0));
  const shown = gaps.map((g) => g.toFixed(1)).join(', ');
  t.is(gaps.length, 4);
  for (const [i, gap] of gaps.entries()) {
    t.true(gap >= 200 * 2 ** i - 1, `wait ${i + 1} is at least ${200 * 2 ** i} ms: ${shown}`);
  }
  t.true((gaps[3] as number) > (gaps[0] as number) + 600, `the last wait is much longer than the first: ${shown}`);

  // With the default full jitter, each wait is a uniform draw below a doubling ceiling.
  const jittered: RetryInfo[] = [];
  const stuck = await setup(t, (call) => (call.operation === 'BatchWriteItem' ? THROTTLE : { kind: 'forward' }));
  await t.throwsAsync(
    new BatchWriteItemRequestBuilder(stuck.client)
      .withRetry({ baseDelayMs: 2, maxDelayMs: 16, maxAttempts: 6, onRetry: (info) => jittered.push(info) })
      .put(stuck.events, (b) => b.withItem(newEvent('jitter', 1)))
      .execute(),
    { instanceOf: BatchIncompleteError },
  );
  t.deepEqual(
    jittered.map((r) => r.ceilingMs),
    [2, 4, 8, 16, 16],
    'capped at maxDelayMs',
  );
  t.true(jittered.every((r) => r.delayMs >= 0 && r.delayMs <= r.ceilingMs));
});

test('a retry after backoff still runs on the runWithClient client', async (t) => {
  const { proxy, client, events } = await setup(t, (call) =>
    call.operation === 'BatchWriteItem' && call.n === 0 ? withholdWrites(call.body, () => true) : { kind: 'forward' },
  );
  // The constructor's client is another DynamoDB Local database: anything sent there would land elsewhere.
  const elsewhere = testClient();
  const seen: Array<DynamoDBClient | undefined> = [];
  await runWithClient(client, () =>
    new BatchWriteItemRequestBuilder(elsewhere)
      .withRetry({ baseDelayMs: 30, random: () => 1, onRetry: () => seen.push(currentClient()) })
      .put(events, (b) => b.withItem(newEvent('ambient', 1)))
      .put(events, (b) => b.withItem(newEvent('ambient', 2)))
      .execute(),
  );
  t.deepEqual(seen, [client], 'the backoff timer kept the async context');
  t.is(proxy.calls.length, 2);
  t.true(proxy.calls.every((c) => c.accessKeyId === proxy.calls[0]?.accessKeyId));
  t.deepEqual([...(await storedSeqs(events, 'ambient', 3))].sort(), [1, 2]);
});

test('batch get with partial UnprocessedKeys and throttling: every key read exactly once', async (t) => {
  const random = seededRandom(7);
  const { proxy, client, events } = await setup(t, (call) => {
    if (call.operation !== 'BatchGetItem') return { kind: 'forward' };
    if (call.n % 4 === 3) return THROTTLE;
    return withholdKeys(call.body, () => random() < 0.5);
  });
  const seed = new BatchWriteItemRequestBuilder(events.client);
  for (let i = 0; i < 300; i++) seed.put(events, (b) => b.withItem(newEvent('reads', i)));
  await seed.execute();

  const batch = new BatchGetItemRequestBuilder(client).withRetry({ ...FAST, maxAttempts: 40 });
  for (let i = 0; i < 320; i++) batch.get(events, (b) => b.withKey({ stream: 'reads', seq: i }));
  const result = await batch.execute();
  const found = result.inRequestOrder(events);
  t.is(found.length, 320);
  t.true(found.slice(0, 300).every((e, i) => e?.seq === i && e.payload === `payload reads/${i}`));
  t.true(
    found.slice(300).every((e) => e === undefined),
    'keys that do not exist are read once and found missing',
  );
  const keys = forwardedKeys(proxy.forwarded);
  t.is(keys.length, 320, 'none read twice');
  t.is(new Set(keys).size, 320, 'none lost');
  t.true(proxy.calls.length > 4, 'retries happened');
});

test('batch get: the attempt limit is honoured and the error lists exactly the keys not read', async (t) => {
  const { proxy, client, events } = await setup(t, (call) =>
    call.operation === 'BatchGetItem'
      ? withholdKeys(call.body, (_, key) => pkOf(key).endsWith('|5'))
      : { kind: 'forward' },
  );
  const batch = new BatchGetItemRequestBuilder(client).withRetry({ ...FAST, maxAttempts: 3 });
  for (let i = 0; i < 10; i++) batch.get(events, (b) => b.withKey({ stream: 'unread', seq: i }));
  batch.get(events, (b) => b.withKey({ stream: 'unread', seq: 5 })); // the same key again: reported for both gets
  const error = await t.throwsAsync(batch.execute(), { instanceOf: BatchIncompleteError });
  t.deepEqual(
    error.unprocessed.map((u) => [u.index, u.kind, u.key?.sk?.N]),
    [
      [5, 'get', '5'],
      [10, 'get', '5'],
    ],
  );
  t.is(error.operation, 'BatchGetItem');
  t.is(error.processed, 9);
  t.is(proxy.calls.length, 3);

  const partial = await batch.returnUnprocessed().execute();
  t.deepEqual(
    partial.unprocessed.map((u) => u.index),
    [5, 10],
  );
  t.is(partial.inRequestOrder(events)[5], undefined);
});
