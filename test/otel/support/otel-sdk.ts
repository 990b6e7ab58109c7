import { type Attributes, context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type DataPoint, type Histogram, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A reader that exports nothing: the test collects when it wants to look. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface MetricPoint {
  readonly name: string;
  readonly unit: string;
  readonly attributes: Attributes;
  /** A counter's sum, or a histogram's count of samples. */
  readonly value: number;
  /** A histogram's sum. */
  readonly sum?: number;
}

/**
 * The real OpenTelemetry SDK, in memory: a tracer provider whose finished spans are kept, a meter provider
 * read on demand, and the AsyncLocalStorage context manager registered globally (as the Node SDK does), so
 * the active span follows awaits.
 */
export class OtelSdk {
  readonly exporter = new InMemorySpanExporter();
  readonly tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.exporter)] });
  readonly reader = new CollectingReader();
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });

  /** `registerContext` false: a second SDK in the process, whose context manager would be refused anyway. */
  constructor(registerContext = true) {
    if (registerContext) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }

  spans(): ReadableSpan[] {
    return this.exporter.getFinishedSpans();
  }

  /** The finished spans with the given db.collection.name (or aws.dynamodb.table_names entry). */
  spansOf(table: string): ReadableSpan[] {
    return this.spans().filter((s) => {
      const names = s.attributes['aws.dynamodb.table_names'];
      return (
        s.attributes['db.collection.name'] === table || (Array.isArray(names) && (names as unknown[]).includes(table))
      );
    });
  }

  async points(): Promise<MetricPoint[]> {
    const { resourceMetrics } = await this.reader.collect();
    const out: MetricPoint[] = [];
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        for (const point of metric.dataPoints as DataPoint<number | Histogram>[]) {
          const value = point.value;
          out.push(
            typeof value === 'number'
              ? { name: metric.descriptor.name, unit: metric.descriptor.unit, attributes: point.attributes, value }
              : {
                  name: metric.descriptor.name,
                  unit: metric.descriptor.unit,
                  attributes: point.attributes,
                  value: value.count,
                  sum: value.sum,
                },
          );
        }
      }
    }
    return out;
  }

  /** The points of one metric whose attributes include `where`. */
  async pointsOf(name: string, where: Attributes = {}): Promise<MetricPoint[]> {
    return (await this.points()).filter(
      (p) => p.name === name && Object.entries(where).every(([k, v]) => p.attributes[k] === v),
    );
  }

  async shutdown(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
    context.disable();
    trace.disable();
    metrics.disable();
  }
}
