import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { InvalidRequestError } from '../errors/errors.js';

/** Where the tenant id goes: nowhere (default), on spans only, or on spans and metrics. */
export type TenantAttributeChoice = boolean | 'spans';

/** Options of instrument(): where spans and metrics go and what they carry. Checked when instrument() is called. */
export interface InstrumentOptions {
  /** Where spans go. Default: the global tracer provider of `@opentelemetry/api` (which forwards to the SDK's, registered before or after). */
  readonly tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global meter provider, followed (the SDK may register it after `instrument()`). */
  readonly meterProvider?: MeterProvider;
  /**
   * Puts the tenant id (`fluent_dynamo.tenant.id`) on telemetry. `false` (default): nowhere. `'spans'`: on the
   * operations' spans and on the web request's span (Express, Koa, NestJS tenant middleware), not on metrics.
   * `true`: on spans and on every metric as well, one time series per tenant: with many tenants, a cost and
   * cardinality limit of the metrics backend to weigh.
   */
  readonly tenantAttribute?: TenantAttributeChoice;
  /** The instrumentation scope's name. Default `'fluent-dynamo'`. */
  readonly tracerName?: string;
  /**
   * Asks DynamoDB for the consumed capacity of every request (`ReturnConsumedCapacity: 'INDEXES'`) for the
   * capacity metrics and span attributes. Default true. With false, capacity is reported only for requests
   * that asked for it themselves.
   */
  readonly consumedCapacity?: boolean;
  /**
   * Records the error messages of failed operations on their spans (status message, exception message and
   * stack). Default false: fluent-dynamo's messages name the key of the item (`pk=TENANT#acme#USER#u1`), a
   * tenant's data; by default spans get the error's name (`error.type`, exception type, status message) and
   * its stack frames only.
   */
  readonly errorMessages?: boolean;
}

/** The options, checked, with their defaults (providers stay undefined: the global ones are read by the caller). */
export interface CheckedOptions {
  readonly tracerProvider: TracerProvider | undefined;
  readonly meterProvider: MeterProvider | undefined;
  readonly tenantOnSpans: boolean;
  readonly tenantOnMetrics: boolean;
  readonly tracerName: string;
  readonly consumedCapacity: boolean;
  readonly errorMessages: boolean;
}

function hasMethod(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';
}

/** Refuses options that would fail later, inside an operation, where a failing observer is silently ignored. */
export function checkInstrumentOptions(options: InstrumentOptions | undefined): CheckedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new InvalidRequestError('instrument(options): options must be an object');
  }
  const {
    tracerProvider,
    meterProvider,
    tenantAttribute = false,
    tracerName,
    consumedCapacity = true,
    errorMessages = false,
  } = options ?? {};
  if (tracerProvider !== undefined && !hasMethod(tracerProvider, 'getTracer')) {
    throw new InvalidRequestError('instrument(options): tracerProvider has no getTracer(): not a TracerProvider');
  }
  if (meterProvider !== undefined && !hasMethod(meterProvider, 'getMeter')) {
    throw new InvalidRequestError('instrument(options): meterProvider has no getMeter(): not a MeterProvider');
  }
  if (tenantAttribute !== true && tenantAttribute !== false && tenantAttribute !== 'spans') {
    throw new InvalidRequestError(
      `instrument(options): tenantAttribute must be true, false or 'spans', not ${JSON.stringify(tenantAttribute)}`,
    );
  }
  if (tracerName !== undefined && (typeof tracerName !== 'string' || tracerName === '')) {
    throw new InvalidRequestError('instrument(options): tracerName must be a non-empty string');
  }
  if (typeof consumedCapacity !== 'boolean') {
    throw new InvalidRequestError('instrument(options): consumedCapacity must be a boolean');
  }
  if (typeof errorMessages !== 'boolean') {
    throw new InvalidRequestError('instrument(options): errorMessages must be a boolean');
  }
  return {
    tracerProvider,
    meterProvider,
    tenantOnSpans: tenantAttribute !== false,
    tenantOnMetrics: tenantAttribute === true,
    tracerName: tracerName ?? 'fluent-dynamo',
    consumedCapacity,
    errorMessages,
  };
}
