import { trace } from '@opentelemetry/api';
import { addObserver } from '../observability/observers.js';
import { addTenantResolvedHook } from '../observability/tenant-resolved.js';
import { checkInstrumentOptions, type InstrumentOptions } from './instrument-options.js';
import { metricsSource } from './metrics-source.js';
import { operationSpan } from './operation-span.js';
import { tagRequestSpan } from './request-span-tenant.js';

/**
 * Instruments every fluent-dynamo operation of the process with OpenTelemetry: one CLIENT span per logical
 * operation (a get; a query over all its pages; a batch with its chunks and retries; a transaction) with the
 * database and DynamoDB semantic-convention attributes, and the metrics `db.client.operation.duration`,
 * `fluent_dynamo.consumed_capacity.read` / `.write`, `fluent_dynamo.throttles` and `fluent_dynamo.retries`.
 * Returns the function that removes the instrumentation (calling it again does nothing). Each call
 * instruments once more: call it once per process.
 *
 * ```ts
 * const uninstrument = instrument({ tracerProvider, meterProvider, tenantAttribute: 'spans' });
 * ```
 */
export function instrument(options?: InstrumentOptions): () => void {
  const checked = checkInstrumentOptions(options);
  const tracer = (checked.tracerProvider ?? trace.getTracerProvider()).getTracer(checked.tracerName);
  const removeObserver = addObserver({
    needsCapacity: checked.consumedCapacity,
    start: operationSpan({
      tracer,
      metrics: metricsSource(checked.meterProvider, checked.tracerName),
      tenantOnSpans: checked.tenantOnSpans,
      tenantOnMetrics: checked.tenantOnMetrics,
      errorMessages: checked.errorMessages,
    }),
  });
  const removeHook = checked.tenantOnSpans ? addTenantResolvedHook(tagRequestSpan) : undefined;
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    removeObserver();
    removeHook?.();
  };
}
