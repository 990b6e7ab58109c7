import { metrics, SpanKind, trace } from '@opentelemetry/api';
import test from 'ava';
import { runInTenantContext } from '../../src/context/client-context.js';
import { createTable, InvalidRequestError, Repository } from '../../src/index.js';
import { instrument } from '../../src/otel/instrument.js';
import type { InstrumentOptions } from '../../src/otel/instrument-options.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { Note, note } from './support/notes.js';
import { OtelSdk } from './support/otel-sdk.js';

// The span's place in the trace: a child of the caller's span, and the active span while each request is sent,
// so that the AWS SDK's own spans nest in it. Then: uninstrument(), and where the tenant id goes.

const client = testClient();
const sdk = new OtelSdk();
const table = uniqueTableName('otel-context');
const notes = new Repository(Note, { client, tableName: table });
const options = { tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider } as const;

test.before(async () => {
  await createTable(client, Note, { tableName: table });
  await notes.put.withItem(note('TENANT#acme#1', 1)).execute();
});

test.after.always(() => sdk.shutdown());

test.beforeEach(() => sdk.exporter.reset());

test.serial('inside each request the operation span is active: an SDK-level span nests in it', async (t) => {
  // What instrumentation-aws-sdk does, in a middleware of the client's stack: a span per request, started in
  // the active context. It is added to this test's own client, so other tests do not see it.
  const sdkClient = testClient();
  await createTable(sdkClient, Note, { tableName: table });
  const tracer = sdk.tracerProvider.getTracer('fake-aws-sdk');
  const activeInRequest: (string | undefined)[] = [];
  sdkClient.middlewareStack.add(
    (next, context) => async (args) => {
      activeInRequest.push(trace.getActiveSpan()?.spanContext().spanId);
      const span = tracer.startSpan(`DynamoDB.${context.commandName?.replace(/Command$/, '')}`, {
        kind: SpanKind.CLIENT,
      });
      try {
        return await next(args);
      } finally {
        span.end();
      }
    },
    { step: 'initialize', name: 'fakeAwsSdkInstrumentation' },
  );
  const repo = new Repository(Note, { client: sdkClient, tableName: table });
  const uninstrument = instrument(options);
  t.teardown(uninstrument);
  const appTracer = sdk.tracerProvider.getTracer('app');
  await appTracer.startActiveSpan('handle request', async (parent) => {
    await repo.put.withItem(note('n', 1)).execute();
    await repo.query.where('owner = {0}', 'n').pageSize(1).all();
    parent.end();
  });

  const spans = sdk.spans();
  const parent = spans.find((s) => s.name === 'handle request');
  const put = spans.find((s) => s.name === `PutItem ${table}`);
  const query = spans.find((s) => s.name === `Query ${table}`);
  t.truthy(parent && put && query);
  t.is(put?.parentSpanContext?.spanId, parent?.spanContext().spanId, 'the operation span is a child of the caller');
  t.is(query?.parentSpanContext?.spanId, parent?.spanContext().spanId);
  // One put request, two query pages (the second is empty): each sent with its operation's span active.
  t.deepEqual(activeInRequest, [put?.spanContext().spanId, query?.spanContext().spanId, query?.spanContext().spanId]);
  const sdkSpans = spans.filter((s) => s.instrumentationScope.name === 'fake-aws-sdk');
  t.deepEqual(
    sdkSpans.map((s) => [s.name, s.parentSpanContext?.spanId]),
    [
      ['DynamoDB.PutItem', put?.spanContext().spanId],
      ['DynamoDB.Query', query?.spanContext().spanId],
      ['DynamoDB.Query', query?.spanContext().spanId],
    ],
  );
  t.is(put?.spanContext().traceId, parent?.spanContext().traceId);
});

test.serial('uninstrument() removes the instrumentation; calling it again does nothing', async (t) => {
  const uninstrument = instrument(options);
  await notes.get.withKey({ owner: 'TENANT#acme#1', seq: 1 }).execute();
  t.is(sdk.spansOf(table).length, 1);
  uninstrument();
  uninstrument();
  sdk.exporter.reset();
  const before = (await sdk.pointsOf('db.client.operation.duration', { 'db.collection.name': table }))[0]?.value;
  await notes.get.withKey({ owner: 'TENANT#acme#1', seq: 1 }).execute();
  t.deepEqual(sdk.spansOf(table), [], 'no span after uninstrument()');
  const after = (await sdk.pointsOf('db.client.operation.duration', { 'db.collection.name': table }))[0]?.value;
  t.is(after, before, 'no duration sample after uninstrument()');
  // A second instrument() after the first was removed works.
  const again = instrument(options);
  await notes.get.withKey({ owner: 'TENANT#acme#1', seq: 1 }).execute();
  again();
  t.is(sdk.spansOf(table).length, 1);
});

/** Every attribute set of the spans and metric points of this table that names a tenant. */
async function tenantAttributes() {
  const spans = sdk
    .spansOf(table)
    .filter((s) => 'fluent_dynamo.tenant.id' in s.attributes)
    .map((s) => s.attributes['fluent_dynamo.tenant.id']);
  const points = (await sdk.points())
    .filter((p) => 'fluent_dynamo.tenant.id' in p.attributes)
    .map((p) => `${p.name}=${String(p.attributes['fluent_dynamo.tenant.id'])}`);
  return { spans, points };
}

/** A get and a put of tenant acme (the ambient tenant, as the tenant middleware sets it). */
async function tenantOperations(tenantId: string): Promise<void> {
  await runInTenantContext(
    client,
    undefined,
    async () => {
      await notes.get.withKey({ owner: 'TENANT#acme#1', seq: 1 }).execute();
      await notes.put.withItem(note('TENANT#acme#1', 2)).execute();
    },
    tenantId,
  );
}

test.serial('tenantAttribute false (default): the tenant is on no span and no metric', async (t) => {
  const uninstrument = instrument(options);
  t.teardown(uninstrument);
  await tenantOperations('tenant-default');
  t.is(sdk.spansOf(table).length, 2);
  const seen = await tenantAttributes();
  t.deepEqual(seen.spans, []);
  t.deepEqual(
    seen.points.filter((p) => p.endsWith('tenant-default')),
    [],
  );
});

test.serial("tenantAttribute 'spans': on the spans, not on the metrics", async (t) => {
  const uninstrument = instrument({ ...options, tenantAttribute: 'spans' });
  t.teardown(uninstrument);
  await tenantOperations('tenant-spans');
  const seen = await tenantAttributes();
  t.deepEqual(seen.spans, ['tenant-spans', 'tenant-spans']);
  t.deepEqual(
    seen.points.filter((p) => p.endsWith('tenant-spans')),
    [],
  );
});

test.serial('tenantAttribute true: on the spans and on every metric', async (t) => {
  const uninstrument = instrument({ ...options, tenantAttribute: true });
  t.teardown(uninstrument);
  await tenantOperations('tenant-all');
  const seen = await tenantAttributes();
  t.deepEqual(seen.spans, ['tenant-all', 'tenant-all']);
  const names = new Set(seen.points.filter((p) => p.endsWith('=tenant-all')).map((p) => p.split('=')[0]));
  t.deepEqual([...names].sort(), [
    'db.client.operation.duration',
    'fluent_dynamo.consumed_capacity.read',
    'fluent_dynamo.consumed_capacity.write',
  ]);
});

test.serial('without providers, instrument() uses the global ones, even when registered after it', async (t) => {
  const uninstrument = instrument();
  t.teardown(uninstrument);
  // Providers registered after instrument(), as when the application starts the SDK later: the meter
  // provider of an SDK of its own, so that its points are this test's only.
  const later = new OtelSdk(false);
  t.teardown(() => later.meterProvider.shutdown());
  t.true(trace.setGlobalTracerProvider(sdk.tracerProvider));
  t.true(metrics.setGlobalMeterProvider(later.meterProvider));
  await notes.get.withKey({ owner: 'TENANT#acme#1', seq: 1 }).execute();
  t.is(sdk.spansOf(table).length, 1);
  const [duration] = await later.pointsOf('db.client.operation.duration', { 'db.collection.name': table });
  t.is(duration?.value, 1, 'the metric reached the meter provider registered after instrument()');
});

test.serial('errorMessages true: the status and the exception carry the error message, key included', async (t) => {
  const uninstrument = instrument({ ...options, errorMessages: true });
  t.teardown(uninstrument);
  await t.throwsAsync(notes.put.withItem(note('TENANT#acme#1', 1)).where('attribute_not_exists(owner)').execute());
  const [span] = sdk.spansOf(table);
  t.regex(span?.status.message ?? '', /pk=TENANT#acme#1/);
  const exception = span?.events.find((e) => e.name === 'exception')?.attributes ?? {};
  t.regex(String(exception['exception.message']), /pk=TENANT#acme#1/);
});

test('options that could not work are refused with InvalidRequestError', (t) => {
  const bad: unknown[] = [
    null,
    'yes',
    { tracerProvider: {} },
    { meterProvider: { getMeter: 1 } },
    { tenantAttribute: 'metrics' },
    { tenantAttribute: 1 },
    { tracerName: '' },
    { consumedCapacity: 'no' },
    { errorMessages: 1 },
  ];
  for (const options of bad) {
    t.throws(
      () => instrument(options as InstrumentOptions),
      { instanceOf: InvalidRequestError },
      JSON.stringify(options),
    );
  }
});
