/**
 * `fluent-dynamo/otel`: OpenTelemetry spans and metrics of fluent-dynamo's operations. Needs
 * `@opentelemetry/api` (an optional peer dependency: only this entry point loads it).
 *
 * @module fluent-dynamo/otel
 */
export * from './attribute-names.js';
export { instrument } from './instrument.js';
export type { InstrumentOptions, TenantAttributeChoice } from './instrument-options.js';
export {
  METRIC_CONSUMED_READ,
  METRIC_CONSUMED_WRITE,
  METRIC_OPERATION_DURATION,
  METRIC_RETRIES,
  METRIC_THROTTLES,
} from './operation-metrics.js';
