import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { context, type Histogram, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { instrument } from '../../src/otel/instrument.js';
import { type NamedPair, singleItemCases } from './single-item-cases.js';

export const OTEL_GET = 'get with OpenTelemetry spans and metrics on (no-op exporter)';
/** The same providers around the raw get by hand: one span made current around the send, one duration sample. */
export const OTEL_FLOOR = 'raw get with a minimal OpenTelemetry span and duration sample (the SDK floor)';
export const OTEL_OVER_FLOOR = 'get with OpenTelemetry on, against the raw get with the minimal span';

/** ExportResultCode.SUCCESS of @opentelemetry/core (a dependency of the SDK, not one of ours). */
const SUCCESS = 0;

/** Takes every batch of spans and does nothing with it: the cost measured is fluent-dynamo's and the SDK's. */
const noopSpanExporter: SpanExporter = {
  export: (_spans, done) => done({ code: SUCCESS }),
  shutdown: async () => {},
};

/**
 * The get row with `instrument()` on, as an application runs it: the OpenTelemetry SDK's tracer provider with a
 * batch span processor, a meter provider whose reader exports rarely, and the AsyncLocalStorage context
 * manager, the exporters doing nothing. The raw side is the raw SDK's get, which no instrumentation touches.
 * `start()` before measuring, `stop()` after: the other rows run with no observer at all.
 */
export function otelGetCase(client: DynamoDBClient, tableName: string) {
  const [get] = singleItemCases(client, tableName);
  if (!get) throw new Error('no get case');
  const pair: NamedPair = { name: OTEL_GET, raw: get.raw, fluent: get.fluent };
  // What any instrumentation of a request costs at least with these providers, written by hand around the raw
  // get: the floor under the instrumented row (set up by start()).
  let floorTracer: Tracer | undefined;
  let floorDuration: Histogram | undefined;
  const minimal = async (): Promise<unknown> => {
    if (!floorTracer || !floorDuration) throw new Error('otelGetCase: start() first');
    const span = floorTracer.startSpan(`GetItem ${tableName}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'aws.dynamodb', 'db.operation.name': 'GetItem', 'db.collection.name': tableName },
    });
    const started = performance.now();
    try {
      return await context.with(trace.setSpan(context.active(), span), get.raw);
    } finally {
      span.end();
      floorDuration.record((performance.now() - started) / 1000, { 'db.operation.name': 'GetItem' });
    }
  };
  const floor: NamedPair = { name: OTEL_FLOOR, raw: get.raw, fluent: minimal };
  const overFloor: NamedPair = { name: OTEL_OVER_FLOOR, raw: minimal, fluent: get.fluent };
  let stop: (() => Promise<void>) | undefined;
  return {
    pair,
    floor,
    overFloor,
    start(): void {
      const manager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(manager);
      const tracerProvider = new BasicTracerProvider({
        spanProcessors: [new BatchSpanProcessor(noopSpanExporter)],
      });
      const meterProvider = new MeterProvider({
        readers: [
          new PeriodicExportingMetricReader({
            exporter: {
              export: (_metrics, done) => done({ code: SUCCESS }),
              forceFlush: async () => {},
              shutdown: async () => {},
              selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
            },
            exportIntervalMillis: 60_000,
          }),
        ],
      });
      floorTracer = tracerProvider.getTracer('bench-floor');
      floorDuration = meterProvider.getMeter('bench-floor').createHistogram('bench.floor.duration', { unit: 's' });
      const uninstrument = instrument({ tracerProvider, meterProvider });
      stop = async () => {
        uninstrument();
        await tracerProvider.shutdown();
        await meterProvider.shutdown();
        context.disable();
      };
    },
    async stop(): Promise<void> {
      await stop?.();
      stop = undefined;
    },
  };
}
