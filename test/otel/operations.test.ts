import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import test from 'ava';
import { BatchGetItemRequestBuilder } from '../../src/builders/batch-get/batch-get-item-builder.js';
import { BatchWriteItemRequestBuilder } from '../../src/builders/batch-write/batch-write-item-builder.js';
import { TransactGetItemsRequestBuilder } from '../../src/builders/transact-get/transact-get-items-builder.js';
import { TransactWriteItemsRequestBuilder } from '../../src/builders/transact-write/transact-write-items-builder.js';
import {
  ConditionalCheckFailedError,
  createTable,
  Repository,
  runInTenantScope,
  TenantIsolationError,
  TransactionCanceledError,
} from '../../src/index.js';
import { instrument } from '../../src/otel/instrument.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { Note, note } from './support/notes.js';
import { OtelSdk } from './support/otel-sdk.js';

// One span per logical operation, for every operation kind, through the real SDK against DynamoDB Local and
// the real OpenTelemetry SDK. Serial: the instrumentation is process-wide, and each test reads the spans of
// its own table.

const client = testClient();
const sdk = new OtelSdk();
const table = uniqueTableName('otel-ops');
const other = uniqueTableName('otel-ops-other');
const notes = new Repository(Note, { client, tableName: table });
const others = new Repository(Note, { client, tableName: other });
let uninstrument: () => void = () => {};

test.before(async () => {
  await createTable(client, Note, { tableName: table });
  await createTable(client, Note, { tableName: other });
  uninstrument = instrument({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
});

test.after.always(async () => {
  uninstrument();
  await sdk.shutdown();
});

test.beforeEach(() => sdk.exporter.reset());

/** The one span the operation made (fails when there are more or fewer). */
function only(t: { is: (a: unknown, b: unknown, m?: string) => void }, spans: ReadableSpan[]): ReadableSpan {
  t.is(spans.length, 1, `one span: ${spans.map((s) => s.name).join(', ')}`);
  return spans[0] as ReadableSpan;
}

function requestEvents(span: ReadableSpan) {
  return span.events.filter((e) => e.name === 'fluent_dynamo.request');
}

test.serial('GetItem: one CLIENT span named "GetItem <table>" with the database and DynamoDB attributes', async (t) => {
  await notes.put.withItem(note('u1', 1)).execute();
  sdk.exporter.reset();
  const { item } = await notes.get.withKey({ owner: 'u1', seq: 1 }).execute();
  t.is(item?.text, 'note 1');
  const span = only(t, sdk.spansOf(table));
  t.is(span.name, `GetItem ${table}`);
  t.is(span.kind, SpanKind.CLIENT);
  t.is(span.instrumentationScope.name, 'fluent-dynamo');
  t.like(span.attributes, {
    'db.system.name': 'aws.dynamodb',
    'db.operation.name': 'GetItem',
    'db.collection.name': table,
    'fluent_dynamo.entity': 'Note',
    'fluent_dynamo.requests': 1,
    'fluent_dynamo.retries': 0,
    'fluent_dynamo.throttles': 0,
    'fluent_dynamo.items': 1,
    'fluent_dynamo.consumed_capacity.read': 0.5,
    'fluent_dynamo.consumed_capacity.write': 0,
  });
  t.deepEqual(span.attributes['aws.dynamodb.table_names'], [table]);
  const capacity = (span.attributes['aws.dynamodb.consumed_capacity'] as string[]).map((s) => JSON.parse(s));
  t.is(capacity.length, 1);
  t.like(capacity[0], { TableName: table, CapacityUnits: 0.5 });
  t.is(span.status.code, SpanStatusCode.UNSET);
  t.false('error.type' in span.attributes);
  t.deepEqual(requestEvents(span), [], 'one request that succeeded at once: no request event, the span says it all');
  // HrTime is [seconds, nanoseconds]: compared as numbers (arrays with <= compare as text, '98000000' > '102000000').
  const [startSeconds, startNanos] = span.startTime;
  const [endSeconds, endNanos] = span.endTime;
  t.true(startSeconds < endSeconds || (startSeconds === endSeconds && startNanos <= endNanos));

  const [duration] = await sdk.pointsOf('db.client.operation.duration', {
    'db.operation.name': 'GetItem',
    'db.collection.name': table,
  });
  t.is(duration?.unit, 's');
  t.is(duration?.value, 1, 'one sample');
  t.true((duration?.sum ?? 0) > 0 && (duration?.sum ?? 1) < 10, `seconds, not milliseconds: ${duration?.sum}`);
  t.deepEqual(duration?.attributes, {
    'db.system.name': 'aws.dynamodb',
    'db.operation.name': 'GetItem',
    'db.collection.name': table,
  });
  const [read] = await sdk.pointsOf('fluent_dynamo.consumed_capacity.read', {
    'db.operation.name': 'GetItem',
    'db.collection.name': table,
  });
  t.is(read?.value, 0.5);
  t.is(read?.unit, '{read_capacity_unit}');
});

test.serial('PutItem, UpdateItem and DeleteItem: one span each, write capacity counted', async (t) => {
  await notes.put.withItem(note('w1', 1)).execute();
  await notes.update.withKey({ owner: 'w1', seq: 1 }).set('SET status = {0}', 'done').execute();
  await notes.delete.withKey({ owner: 'w1', seq: 1 }).execute();
  const spans = sdk.spansOf(table);
  t.deepEqual(
    spans.map((s) => s.name),
    [`PutItem ${table}`, `UpdateItem ${table}`, `DeleteItem ${table}`],
  );
  for (const span of spans) {
    t.is(span.kind, SpanKind.CLIENT);
    t.like(span.attributes, { 'db.system.name': 'aws.dynamodb', 'fluent_dynamo.requests': 1 });
    t.true((span.attributes['fluent_dynamo.consumed_capacity.write'] as number) >= 1, span.name);
  }
  t.is(spans[0]?.attributes['db.operation.name'], 'PutItem');
  t.is(spans[1]?.attributes['db.operation.name'], 'UpdateItem');
  t.is(spans[2]?.attributes['db.operation.name'], 'DeleteItem');
  for (const operation of ['PutItem', 'UpdateItem', 'DeleteItem']) {
    const [write] = await sdk.pointsOf('fluent_dynamo.consumed_capacity.write', {
      'db.operation.name': operation,
      'db.collection.name': table,
    });
    t.true((write?.value ?? 0) >= 1, operation);
  }
});

test.serial('Query over 3 pages (pageSize 1): one span, pages 3, requests 3, a request event per page', async (t) => {
  for (let seq = 1; seq <= 3; seq++) await notes.put.withItem(note('q1', seq)).execute();
  sdk.exporter.reset();
  const items = await notes.query.where('owner = {0}', 'q1').pageSize(1).limit(3).all();
  t.is(items.length, 3);
  const span = only(t, sdk.spansOf(table));
  t.is(span.name, `Query ${table}`);
  t.like(span.attributes, {
    'db.operation.name': 'Query',
    'fluent_dynamo.pages': 3,
    'fluent_dynamo.requests': 3,
    'fluent_dynamo.items': 3,
    'aws.dynamodb.count': 3,
    'aws.dynamodb.scanned_count': 3,
    'fluent_dynamo.consumed_capacity.read': 1.5,
  });
  t.deepEqual(
    requestEvents(span).map((e) => e.attributes),
    [1, 2, 3].map((n) => ({ 'fluent_dynamo.request.number': n, 'fluent_dynamo.request.attempts': 1 })),
  );
  // The events are at the end of each request, in order, inside the span.
  const ns = (time: readonly [number, number]) => (time[0] - span.startTime[0]) * 1e9 + time[1];
  const within = [span.startTime, ...requestEvents(span).map((e) => e.time), span.endTime].map(ns);
  t.deepEqual(
    within,
    [...within].sort((a, b) => a - b),
  );
  const capacity = (span.attributes['aws.dynamodb.consumed_capacity'] as string[]).map((s) => JSON.parse(s));
  t.like(capacity, [{ TableName: table, CapacityUnits: 1.5 }], 'summed over the pages, one entry per table');
  const [duration] = await sdk.pointsOf('db.client.operation.duration', {
    'db.operation.name': 'Query',
    'db.collection.name': table,
  });
  t.is(duration?.value, 1, 'one duration sample for the three pages');
});

test.serial('Query on an index: aws.dynamodb.index_name on the span and the metrics', async (t) => {
  await notes.put.withItem(note('i1', 1, 'cats')).execute();
  sdk.exporter.reset();
  const page = await notes.query.withIndex('ByTopic').where('topic = {0}', 'cats').execute();
  t.is(page.items.length, 1);
  const span = only(t, sdk.spansOf(table));
  t.like(span.attributes, { 'db.operation.name': 'Query', 'aws.dynamodb.index_name': 'ByTopic' });
  const [duration] = await sdk.pointsOf('db.client.operation.duration', {
    'db.operation.name': 'Query',
    'aws.dynamodb.index_name': 'ByTopic',
  });
  t.is(duration?.value, 1);
});

test.serial('Scan: one span with count and scanned count', async (t) => {
  await others.put.withItem(note('s1', 1)).execute();
  await others.put.withItem(note('s1', 2)).execute();
  sdk.exporter.reset();
  const items = await others.scan.all();
  t.is(items.length, 2);
  const span = only(t, sdk.spansOf(other));
  t.is(span.name, `Scan ${other}`);
  t.like(span.attributes, { 'db.operation.name': 'Scan', 'aws.dynamodb.count': 2, 'fluent_dynamo.items': 2 });
});

test.serial('a parallel Scan: one span over all segments, a request event per page, counts summed', async (t) => {
  for (let seq = 1; seq <= 6; seq++) await others.put.withItem(note('p1', seq)).execute();
  sdk.exporter.reset();
  const items: unknown[] = [];
  for await (const item of others.scan.pageSize(1).parallel(3)) items.push(item);
  const span = only(t, sdk.spansOf(other));
  t.is(span.name, `Scan ${other}`);
  const requests = Number(span.attributes['fluent_dynamo.requests']);
  t.is(requestEvents(span).length, requests, 'one request event per page of every segment');
  t.like(span.attributes, { 'aws.dynamodb.count': items.length, 'fluent_dynamo.items': items.length });
  t.true(items.length >= 6);
});

test.serial('BatchWriteItem and BatchGetItem over two tables: one span each, named by the operation', async (t) => {
  await new BatchWriteItemRequestBuilder(client)
    .put(notes, (b) => b.withItem(note('b1', 1)))
    .put(others, (b) => b.withItem(note('b1', 2)))
    .execute();
  const batch = await new BatchGetItemRequestBuilder(client)
    .get(notes, (b) => b.withKey({ owner: 'b1', seq: 1 }))
    .get(others, (b) => b.withKey({ owner: 'b1', seq: 2 }))
    .execute();
  t.is(batch.itemsOf(notes).length + batch.itemsOf(others).length, 2);
  const spans = sdk.spansOf(table);
  t.deepEqual(
    spans.map((s) => s.name),
    ['BatchWriteItem', 'BatchGetItem'],
    'no single target: the operation name alone',
  );
  for (const span of spans) {
    t.deepEqual([...(span.attributes['aws.dynamodb.table_names'] as string[])].sort(), [table, other].sort());
    t.false('db.collection.name' in span.attributes, 'several tables: no db.collection.name');
    t.like(span.attributes, { 'fluent_dynamo.requests': 1, 'fluent_dynamo.items': 2, 'fluent_dynamo.retries': 0 });
    t.is((span.attributes['aws.dynamodb.consumed_capacity'] as string[]).length, 2, 'one entry per table');
  }
  t.is(spans[0]?.attributes['fluent_dynamo.unprocessed_retried'], 0);
  // The capacity counters name the table of each part, even for a batch over several tables.
  for (const name of [table, other]) {
    const [write] = await sdk.pointsOf('fluent_dynamo.consumed_capacity.write', {
      'db.operation.name': 'BatchWriteItem',
      'db.collection.name': name,
    });
    t.true((write?.value ?? 0) >= 1, name);
  }
});

test.serial('TransactWriteItems and TransactGetItems: one span each', async (t) => {
  const tx = new TransactWriteItemsRequestBuilder(client);
  tx.put(notes, (b) => b.withItem(note('t1', 1)));
  tx.put(notes, (b) => b.withItem(note('t1', 2)));
  await tx.execute();
  const read = await new TransactGetItemsRequestBuilder(client)
    .get(notes, (b) => b.withKey({ owner: 't1', seq: 1 }))
    .get(notes, (b) => b.withKey({ owner: 't1', seq: 2 }))
    .execute();
  t.truthy(read);
  const spans = sdk.spansOf(table);
  t.deepEqual(
    spans.map((s) => s.name),
    [`TransactWriteItems ${table}`, `TransactGetItems ${table}`],
  );
  t.like(spans[0]?.attributes, { 'db.operation.name': 'TransactWriteItems', 'fluent_dynamo.requests': 1 });
  t.like(spans[1]?.attributes, { 'db.operation.name': 'TransactGetItems', 'fluent_dynamo.items': 2 });
  for (const span of spans) t.is(span.status.code, SpanStatusCode.UNSET);
});

test.serial(
  'a cancelled transaction: status ERROR, error.type TransactionCanceledError, the exception recorded',
  async (t) => {
    await notes.put.withItem(note('c1', 1)).execute();
    sdk.exporter.reset();
    const tx = new TransactWriteItemsRequestBuilder(client);
    tx.put(notes, (b) => b.withItem(note('c1', 1)).where('attribute_not_exists(owner)'));
    tx.put(notes, (b) => b.withItem(note('c1', 2)));
    await t.throwsAsync(tx.execute(), { instanceOf: TransactionCanceledError });
    const span = only(t, sdk.spansOf(table));
    t.is(span.status.code, SpanStatusCode.ERROR);
    t.truthy(span.status.message);
    t.like(span.attributes, {
      'error.type': 'TransactionCanceledError',
      'db.response.status_code': 'TransactionCanceledException',
      'fluent_dynamo.requests': 1,
    });
    const exception = span.events.find((e) => e.name === 'exception');
    t.is(exception?.attributes?.['exception.type'], 'TransactionCanceledError');
    t.like(requestEvents(span)[0]?.attributes, { 'error.type': 'TransactionCanceledError' });
    const [failed] = await sdk.pointsOf('db.client.operation.duration', {
      'db.operation.name': 'TransactWriteItems',
      'error.type': 'TransactionCanceledError',
    });
    t.is(failed?.value, 1, 'the failure is a sample of its own, with error.type');
  },
);

test.serial('a failed condition: error.type ConditionalCheckFailedError', async (t) => {
  await notes.put.withItem(note('f1', 1)).execute();
  sdk.exporter.reset();
  await t.throwsAsync(notes.put.withItem(note('f1', 1)).where('attribute_not_exists(owner)').execute(), {
    instanceOf: ConditionalCheckFailedError,
  });
  const span = only(t, sdk.spansOf(table));
  t.is(span.status.code, SpanStatusCode.ERROR);
  t.like(span.attributes, {
    'error.type': 'ConditionalCheckFailedError',
    'db.response.status_code': 'ConditionalCheckFailedException',
  });
  // The error's message names the key (pk=f1): by default it stays out of the trace, the frames stay in.
  const exception = span.events.find((e) => e.name === 'exception')?.attributes ?? {};
  t.is(span.status.message, 'ConditionalCheckFailedError');
  t.is(exception['exception.type'], 'ConditionalCheckFailedError');
  t.is(exception['exception.message'], 'ConditionalCheckFailedError');
  t.regex(String(exception['exception.stacktrace']), /^ConditionalCheckFailedError\n\s+at /);
  const recorded = JSON.stringify({ status: span.status, attributes: span.attributes, events: span.events });
  t.false(recorded.includes('pk=f1'), 'the key appears nowhere in the span');
});

test.serial('a refusal of the tenant guard: a span with no request, status ERROR, TenantIsolationError', async (t) => {
  await t.throwsAsync(
    runInTenantScope({ tenantId: 'acme' }, () => notes.get.withKey({ owner: 'TENANT#other#1', seq: 1 }).execute()),
    { instanceOf: TenantIsolationError },
  );
  const span = only(t, sdk.spansOf(table));
  t.is(span.status.code, SpanStatusCode.ERROR);
  t.like(span.attributes, { 'error.type': 'TenantIsolationError', 'fluent_dynamo.requests': 0 });
  t.false('db.response.status_code' in span.attributes, 'DynamoDB was not asked');
  t.false('fluent_dynamo.tenant.id' in span.attributes, 'tenantAttribute is off by default');
  t.deepEqual(requestEvents(span), []);
});
