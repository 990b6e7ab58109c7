import test, { type ExecutionContext } from 'ava';
import {
  Attribute,
  BatchGetItemRequestBuilder,
  BatchWriteItemRequestBuilder,
  createTable,
  Index,
  type OperationEvent,
  onOperation,
  PartitionKey,
  Repository,
  runInTenantScope,
  SortKey,
  Table,
  TransactGetItemsRequestBuilder,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { THROTTLE, withholdWrites } from '../fault-proxy/batch-faults.js';
import { type FaultHandler, startFaultProxy } from '../fault-proxy/fault-proxy.js';
import { randomAlphanumeric, testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';

@Table('notes')
class Note {
  @PartitionKey({ attribute: 'pk', prefix: 'NOTE' }) id!: string;
  @SortKey({ attribute: 'sk' }) n!: number;
  @Attribute() @Index('ByText', { role: 'partition' }) text!: string;
}

@Table('tenant_notes')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#NOTE#{id}' })
class TenantNote {
  @Attribute() tenantId!: string;
  @Attribute() id!: string;
}

const accessKey = `o${randomAlphanumeric(12)}`;
const client = testClient(accessKey);
const note = (id: string, n: number, text = `text ${n}`) => Object.assign(new Note(), { id, n, text });

/** A repository of a new table, and the events of its operations. */
async function observed() {
  const repo = new Repository(Note, { client, tableName: uniqueTableName('notes') });
  await createTable(client, Note, { tableName: repo.tableName });
  const events: OperationEvent[] = [];
  repo.onOperation((e) => events.push(e));
  return { repo, events };
}

test('every operation kind is one event, with its table, entity, requests, items and outcome', async (t) => {
  const { repo, events } = await observed();
  for (let n = 1; n <= 3; n++) await repo.put.withItem(note('a', n, 'same')).execute();
  await repo.get.withKey({ id: 'a', n: 1 }).execute();
  await repo.get.withKey({ id: 'a', n: 9 }).execute();
  await repo.update.withKey({ id: 'a', n: 1 }).set('SET text = {0}', 'same').execute();
  const paged = await repo.query
    .where('pk = {0}' as string, 'NOTE#a')
    .pageSize(1)
    .all();
  await repo.query.withIndex('ByText').where('text = {0}', 'same').execute();
  await repo.scan.execute();
  await repo.delete.withKey({ id: 'a', n: 3 }).execute();
  await new BatchWriteItemRequestBuilder(client)
    .put(repo, (b) => b.withItem(note('b', 1)))
    .put(repo, (b) => b.withItem(note('b', 2)))
    .execute();
  await new BatchGetItemRequestBuilder(client)
    .get(repo, (b) => b.withKey({ id: 'b', n: 1 }))
    .get(repo, (b) => b.withKey({ id: 'b', n: 7 }))
    .execute();
  await new TransactWriteItemsRequestBuilder(client).put(repo, (b) => b.withItem(note('c', 1))).execute();
  await new TransactGetItemsRequestBuilder(client).get(repo, (b) => b.withKey({ id: 'c', n: 1 })).execute();
  const cancelled = new TransactWriteItemsRequestBuilder(client).put(repo, (b) =>
    b.withItem(note('c', 1)).where('attribute_not_exists(text)'),
  );
  await t.throwsAsync(cancelled.execute(), { name: 'TransactionCanceledError' });

  t.is(paged.length, 3);
  const summary = events.map((e) => [e.operation, e.requests, e.itemCount, e.outcome]);
  const pages = events.find((e) => e.operation === 'Query' && e.index === undefined) as OperationEvent;
  t.deepEqual(summary, [
    ['PutItem', 1, 1, 'success'],
    ['PutItem', 1, 1, 'success'],
    ['PutItem', 1, 1, 'success'],
    ['GetItem', 1, 1, 'success'],
    ['GetItem', 1, 0, 'success'],
    ['UpdateItem', 1, 1, 'success'],
    ['Query', pages.requests, 3, 'success'],
    ['Query', 1, 3, 'success'],
    ['Scan', 1, 3, 'success'],
    ['DeleteItem', 1, 1, 'success'],
    ['BatchWriteItem', 1, 2, 'success'],
    ['BatchGetItem', 1, 1, 'success'],
    ['TransactWriteItems', 1, 1, 'success'],
    ['TransactGetItems', 1, 1, 'success'],
    ['TransactWriteItems', 1, undefined, 'error'],
  ]);
  // A query over its pages is one operation: one event counting every page it read.
  t.true(pages.requests >= 3);
  t.is(pages.pages, pages.requests);
  t.is(events.find((e) => e.index === 'ByText')?.operation, 'Query');
  for (const e of events) {
    t.is(e.table, repo.tableName);
    t.deepEqual(e.tables, [repo.tableName]);
    t.is(e.retries, 0);
    t.is(e.throttles, 0);
    t.is(e.tenantId, undefined);
    t.true(e.durationMs >= 0);
  }
  t.is(events[0]?.entity, 'Note', 'single-repository operations name the entity');
  t.is(events.at(-1)?.error?.name, 'TransactionCanceledError');
});

test('a parallel scan is one Scan event over all its segments and pages, ended once', async (t) => {
  const { repo, events } = await observed();
  for (let n = 0; n < 12; n++) await repo.put.withItem(note(`p${n}`, n)).execute();
  events.length = 0;

  const read: Note[] = [];
  for await (const item of repo.scan.pageSize(2).parallel(3)) read.push(item);
  t.is(read.length, 12);
  t.is(events.length, 1, JSON.stringify(events.map((e) => e.operation)));
  const [scan] = events as [OperationEvent];
  t.is(scan.operation, 'Scan');
  t.is(scan.outcome, 'success');
  t.is(scan.itemCount, 12);
  // Each segment reads at least one page (the last one says the segment ended): every request is counted.
  t.is(scan.pages, scan.requests);
  t.true(scan.requests >= 6 + 3, `${scan.requests} requests for 12 items in pages of 2 over 3 segments`);

  // A consumer that stops early ends it once too, as a success.
  events.length = 0;
  for await (const _ of repo.scan.pageSize(2).parallel(3)) break;
  t.deepEqual(
    events.map((e) => [e.operation, e.outcome]),
    [['Scan', 'success']],
  );

  // A failing scan (its table does not exist) is one event with the error.
  const missing = new Repository(Note, { client, tableName: uniqueTableName('missing') });
  const failed: OperationEvent[] = [];
  missing.onOperation((e) => failed.push(e));
  await t.throwsAsync(async () => {
    for await (const _ of missing.scan.parallel(3)) break;
  });
  t.deepEqual(
    failed.map((e) => [e.operation, e.outcome]),
    [['Scan', 'error']],
  );
});

test('capacity DynamoDB reports is on the event when the request asks for it', async (t) => {
  const { repo, events } = await observed();
  await repo.put
    .withItem(note('cap', 1, 'x'.repeat(1500)))
    .returnConsumedCapacity('TOTAL')
    .execute();
  await repo.get.withKey({ id: 'cap', n: 1 }).returnConsumedCapacity('TOTAL').execute();
  await repo.get.withKey({ id: 'cap', n: 1 }).execute();
  t.deepEqual(
    events.map((e) => e.consumedCapacity),
    [{ read: 0, write: 4 }, { read: 0.5, write: 0 }, undefined],
  );
});

test('a refusal of the tenant guard is reported: no request, the error, the tenant', async (t) => {
  const repo = new Repository(TenantNote, { client, tableName: uniqueTableName('tenant-notes') });
  const events: OperationEvent[] = [];
  const off = onOperation((e) => {
    if (e.table === repo.tableName) events.push(e);
  });
  t.teardown(off);
  await runInTenantScope({ tenantId: 'acme' }, async () => {
    await t.throwsAsync(repo.get.withKey({ tenantId: 'other', id: 'n1' }).execute(), {
      name: 'TenantIsolationError',
    });
  });
  t.is(events.length, 1);
  t.like(events[0], { operation: 'GetItem', tenantId: 'acme', requests: 0, outcome: 'error', entity: 'TenantNote' });
  t.is(events[0]?.error?.name, 'TenantIsolationError');
});

test('onOperation hears every repository until unsubscribed; a throwing listener breaks nothing', async (t) => {
  const { repo } = await observed();
  const heard: string[] = [];
  const off = onOperation((e) => {
    if (e.table === repo.tableName) heard.push(e.operation);
  });
  const offBroken = onOperation(() => {
    throw new Error('a broken listener');
  });
  await repo.put.withItem(note('l', 1)).execute();
  off();
  offBroken();
  await repo.get.withKey({ id: 'l', n: 1 }).execute();
  t.deepEqual(heard, ['PutItem']);
});

/** A client through a fault proxy in front of DynamoDB Local, on the same database as `client`. */
async function proxied(t: ExecutionContext, handler: FaultHandler, maxAttempts: number) {
  const proxy = await startFaultProxy(testEndpoint(), handler);
  t.teardown(() => proxy.close());
  return testClient(accessKey, { endpoint: proxy.endpoint, maxAttempts });
}

test('a throttled request retried by the SDK: throttles and retries on the event', async (t) => {
  const { repo, events } = await observed();
  let puts = 0;
  const throttling = await proxied(
    t,
    (call) => (call.operation === 'PutItem' && puts++ === 0 ? THROTTLE : { kind: 'forward' }),
    3,
  );
  await repo.put.withItem(note('t', 1)).withClient(throttling).execute();
  t.like(events[0], { operation: 'PutItem', requests: 1, retries: 1, throttles: 1, outcome: 'success', itemCount: 1 });
});

test('a batch whose items come back unprocessed: one event, with the retries and the items sent again', async (t) => {
  const { repo, events } = await observed();
  let calls = 0;
  // The first request leaves every second item unprocessed; the retry lands them.
  const withholding = await proxied(
    t,
    (call) =>
      call.operation === 'BatchWriteItem' && calls++ === 0
        ? withholdWrites(call.body, (_, r) => Number(r.PutRequest?.Item?.sk?.N) % 2 === 1)
        : { kind: 'forward' },
    1,
  );
  const batch = new BatchWriteItemRequestBuilder(withholding).withRetry({ baseDelayMs: 1, maxDelayMs: 5 });
  for (let n = 0; n < 10; n++) batch.put(repo, (b) => b.withItem(note('u', n)));
  const result = await batch.execute();
  t.is(result.processed, 10);
  t.is(events.length, 1);
  t.like(events[0], {
    operation: 'BatchWriteItem',
    requests: 2,
    retries: 1,
    unprocessedRetried: 5,
    itemCount: 10,
    outcome: 'success',
  });
});
