import { type MeterProvider, metrics } from '@opentelemetry/api';
import { OperationMetrics } from './operation-metrics.js';

/**
 * Where an operation's metrics go. A meter provider given to `instrument()` is used as it is. Without one,
 * the global provider is followed: unlike the global tracer provider (a proxy that forwards to the provider
 * registered later), `metrics.getMeterProvider()` hands out a no-op provider until the SDK registers its
 * own, and meters taken from it stay no-ops. So the global provider is looked up again for each operation
 * (one property read), and the instruments are created anew when it has changed: `instrument()` may be
 * called before the OpenTelemetry SDK has started.
 */
export function metricsSource(provider: MeterProvider | undefined, meterName: string): () => OperationMetrics {
  if (provider !== undefined) {
    const fixed = new OperationMetrics(provider.getMeter(meterName));
    return () => fixed;
  }
  let current: MeterProvider | undefined;
  let instruments: OperationMetrics | undefined;
  return () => {
    const global = metrics.getMeterProvider();
    if (global !== current || instruments === undefined) {
      current = global;
      instruments = new OperationMetrics(global.getMeter(meterName));
    }
    return instruments;
  };
}
