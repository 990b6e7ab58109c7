import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { instrument } from '../../src/otel/instrument.js';
import { type NamedPair, singleItemCases } from './single-item-cases.js';

export const OTEL_GET = 'get with OpenTelemetry spans and metrics on (no-op exporter)';

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
  let stop: (() => Promise<void>) | undefined;
  return {
    pair,
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
