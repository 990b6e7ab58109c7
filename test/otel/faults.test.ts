import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import test, { type ExecutionContext } from 'ava';
import { BatchWriteItemRequestBuilder } from '../../src/builders/batch-write/batch-write-item-builder.js';
import { createTable, Repository } from '../../src/index.js';
import { instrument } from '../../src/otel/instrument.js';
import { THROTTLE, withholdWrites } from '../fault-proxy/batch-faults.js';
import { type FaultHandler, startFaultProxy } from '../fault-proxy/fault-proxy.js';
import { randomAlphanumeric, testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';
import { Note, note } from './support/notes.js';
import { OtelSdk } from './support/otel-sdk.js';

// Retries and throttling as the span and the metrics report them, with the faults injected at the HTTP layer:
// the client talks to a proxy in front of DynamoDB Local that withholds part of a batch (answered as
// UnprocessedItems) or answers ProvisionedThroughputExceededException.

const sdk = new OtelSdk();
let uninstrument: () => void = () => {};

test.before(() => {
  uninstrument = instrument({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
});

test.after.always(async () => {
  uninstrument();
  await sdk.shutdown();
});

async function proxied(t: ExecutionContext, handler: FaultHandler, maxAttempts: number) {
  const accessKeyId = `o${randomAlphanumeric(12)}`;
  const tableName = uniqueTableName('otel-faults');
  await createTable(testClient(accessKeyId), Note, { tableName });
  const proxy = await startFaultProxy(testEndpoint(), handler);
  t.teardown(() => proxy.close());
  const client = testClient(accessKeyId, { endpoint: proxy.endpoint, maxAttempts });
  t.teardown(() => client.destroy());
  return { proxy, client, tableName, notes: new Repository(Note, { client, tableName }) };
}

function only(t: ExecutionContext, spans: ReadableSpan[]): ReadableSpan {
  t.is(spans.length, 1, `one span: ${spans.map((s) => s.name).join(', ')}`);
  return spans[0] as ReadableSpan;
}

test.serial('BatchWriteItem with unprocessed items sent again: one span, the resends as retries', async (t) => {
  // The first BatchWriteItem: 2 of the 4 puts are answered as UnprocessedItems (never written).
  const { client, tableName, notes } = await proxied(
    t,
    (call) =>
      call.operation === 'BatchWriteItem' && call.n === 0
        ? withholdWrites(call.body, (_table, request) => Number(request.PutRequest?.Item?.sk?.N) % 2 === 0)
        : { kind: 'forward' },
    1,
  );
  const batch = new BatchWriteItemRequestBuilder(client).withRetry({ baseDelayMs: 1, maxDelayMs: 5 });
  for (let seq = 1; seq <= 4; seq++) batch.put(notes, (b) => b.withItem(note('u', seq)));
  const result = await batch.execute();
  t.is(result.processed, 4);
  const span = only(t, sdk.spansOf(tableName));
  t.is(span.name, `BatchWriteItem ${tableName}`);
  t.like(span.attributes, {
    'fluent_dynamo.requests': 2,
    'fluent_dynamo.retries': 1,
    'fluent_dynamo.unprocessed_retried': 2,
    'fluent_dynamo.items': 4,
  });
  t.deepEqual(
    span.events
      .filter((e) => e.name === 'fluent_dynamo.request')
      .map((e) => e.attributes?.['fluent_dynamo.request.number']),
    [1, 2],
  );
  const [retries] = await sdk.pointsOf('fluent_dynamo.retries', {
    'db.operation.name': 'BatchWriteItem',
    'db.collection.name': tableName,
  });
  t.is(retries?.value, 1);
  t.is(retries?.unit, '{retry}');
});

test.serial(
  'a throttled GetItem retried by the SDK: throttles 1 on the span and on the throttle counter',
  async (t) => {
    let throttled = 0;
    const { tableName, notes } = await proxied(
      t,
      (call) => {
        if (call.operation === 'GetItem' && throttled === 0) {
          throttled++;
          return THROTTLE;
        }
        return { kind: 'forward' };
      },
      3,
    );
    await notes.put.withItem(note('g', 1)).execute();
    sdk.exporter.reset();
    const { item } = await notes.get.withKey({ owner: 'g', seq: 1 }).execute();
    t.is(item?.seq, 1);
    t.is(throttled, 1);
    const span = only(t, sdk.spansOf(tableName));
    t.like(span.attributes, {
      'db.operation.name': 'GetItem',
      'fluent_dynamo.requests': 1,
      'fluent_dynamo.throttles': 1,
      'fluent_dynamo.retries': 1,
    });
    t.like(span.events.find((e) => e.name === 'fluent_dynamo.request')?.attributes, {
      'fluent_dynamo.request.attempts': 2,
    });
    const [throttles] = await sdk.pointsOf('fluent_dynamo.throttles', {
      'db.operation.name': 'GetItem',
      'db.collection.name': tableName,
    });
    t.is(throttles?.value, 1);
    t.is(throttles?.unit, '{throttle}');
  },
);

test.serial('throttled on every attempt: the span fails with the throttling error, all attempts counted', async (t) => {
  const { tableName, notes } = await proxied(
    t,
    (call) => (call.operation === 'GetItem' ? THROTTLE : { kind: 'forward' }),
    2,
  );
  await t.throwsAsync(notes.get.withKey({ owner: 'g', seq: 1 }).execute());
  const span = only(t, sdk.spansOf(tableName));
  t.is(span.status.code, 2);
  t.like(span.attributes, {
    'fluent_dynamo.throttles': 2,
    'fluent_dynamo.retries': 1,
    'db.response.status_code': 'ProvisionedThroughputExceededException',
  });
  t.truthy(span.attributes['error.type']);
  const [throttles] = await sdk.pointsOf('fluent_dynamo.throttles', { 'db.collection.name': tableName });
  t.is(throttles?.value, 2);
  t.is(throttles?.attributes['error.type'], span.attributes['error.type']);
});
