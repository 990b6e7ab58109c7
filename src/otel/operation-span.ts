import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { CapacityPart } from '../observability/consumed-capacity.js';
import type { OperationTrace } from '../observability/observers.js';
import type { OperationEvent, StartedOperation } from '../observability/operation-event.js';
import {
  ATTR_AWS_DYNAMODB_CONSUMED_CAPACITY,
  ATTR_AWS_DYNAMODB_COUNT,
  ATTR_AWS_DYNAMODB_SCANNED_COUNT,
  ATTR_ERROR_TYPE,
  ATTR_REQUEST_ATTEMPTS,
  ATTR_REQUEST_NUMBER,
  EVENT_REQUEST,
} from './attribute-names.js';
import { ConsumedCapacitySum } from './consumed-capacity-json.js';
import { exceptionOf, statusMessageOf } from './exception-of.js';
import { endAttributes, errorType, metricAttributes, spanName, startAttributes } from './operation-attributes.js';
import type { OperationMetrics } from './operation-metrics.js';

/** What a response of the SDK says that the span reports. */
interface Response {
  readonly ConsumedCapacity?: Parameters<ConsumedCapacitySum['add']>[0];
  readonly Count?: number;
  readonly ScannedCount?: number;
  readonly $metadata?: { readonly attempts?: number };
}

/** The SDK's attempts at one request: from its output, or from the AWS error a fluent-dynamo error keeps as cause. */
function attemptsOf(output: Response | undefined, error: unknown): number {
  if (output) return output.$metadata?.attempts ?? 1;
  const direct = (error as Response | undefined)?.$metadata?.attempts;
  return direct ?? (error as { cause?: Response } | undefined)?.cause?.$metadata?.attempts ?? 1;
}

export interface SpanSettings {
  readonly tracer: Tracer;
  /** The instruments to record in (looked up when the operation starts). */
  readonly metrics: () => OperationMetrics;
  readonly tenantOnSpans: boolean;
  readonly tenantOnMetrics: boolean;
  /** Error messages (which name keys) on spans, or only error names. */
  readonly errorMessages: boolean;
}

/**
 * One logical operation as one CLIENT span, started when the operation starts (as a child of whatever span
 * is active then: the HTTP request's, the caller's) and ended with its OperationEvent. Each request of the
 * operation runs with the span as the active context, so the AWS SDK's own spans (one per request and
 * attempt, from instrumentation-aws-sdk) nest in it. The span gets one `fluent_dynamo.request` event per
 * request, with its number and the SDK's attempts (and `error.type` when it failed), when the operation sent
 * several (pages, batch chunks and resends) or its one request was retried or failed: a get that succeeded at
 * once has none, its attributes say it all. Metrics are recorded at the end, once.
 */
export class OperationSpan implements OperationTrace {
  readonly #span: Span;
  readonly #active: Context;
  readonly #metricAttributes: Attributes;
  readonly #metrics: OperationMetrics;
  readonly #counts: boolean;
  readonly #errorMessages: boolean;
  #requests = 0;
  #count = 0;
  #scanned = 0;
  #capacity: ConsumedCapacitySum | undefined;
  /** When the first request ended, if it succeeded at its first attempt (its event is written only if more follow). */
  #firstAt: number | undefined;

  constructor(started: StartedOperation, settings: SpanSettings) {
    const parent = context.active();
    this.#span = settings.tracer.startSpan(
      spanName(started),
      { kind: SpanKind.CLIENT, attributes: startAttributes(started, settings.tenantOnSpans) },
      parent,
    );
    this.#active = trace.setSpan(parent, this.#span);
    this.#metricAttributes = metricAttributes(started, settings.tenantOnMetrics);
    this.#metrics = settings.metrics();
    this.#counts = started.operation === 'Query' || started.operation === 'Scan';
    this.#errorMessages = settings.errorMessages;
  }

  request<R>(send: () => Promise<R>): Promise<R> {
    const number = ++this.#requests;
    return context.with(this.#active, send).then(
      (output) => {
        this.#response(number, output as Response, undefined);
        return output;
      },
      (error: unknown) => {
        this.#response(number, undefined, error);
        throw error;
      },
    );
  }

  capacity(parts: readonly CapacityPart[]): void {
    this.#metrics.capacity(this.#metricAttributes, parts);
  }

  end(event: OperationEvent): void {
    const span = this.#span;
    if (span.isRecording()) {
      span.setAttributes(endAttributes(event));
      if (this.#counts && this.#requests > 0) {
        span.setAttribute(ATTR_AWS_DYNAMODB_COUNT, this.#count);
        span.setAttribute(ATTR_AWS_DYNAMODB_SCANNED_COUNT, this.#scanned);
      }
      if (this.#capacity && !this.#capacity.empty) {
        span.setAttribute(ATTR_AWS_DYNAMODB_CONSUMED_CAPACITY, this.#capacity.toJson());
      }
      if (event.error !== undefined) {
        span.recordException(exceptionOf(event.error, this.#errorMessages));
        span.setStatus({ code: SpanStatusCode.ERROR, message: statusMessageOf(event.error, this.#errorMessages) });
      }
    }
    span.end();
    this.#metrics.end(this.#metricAttributes, event);
  }

  #response(number: number, output: Response | undefined, error: unknown): void {
    const span = this.#span;
    if (!span.isRecording()) return;
    const attempts = attemptsOf(output, error);
    if (number === 1 && attempts === 1 && error === undefined) {
      // Held back: an operation of one request that succeeded at once needs no event, its span says it all.
      this.#firstAt = performance.now();
    } else {
      if (this.#firstAt !== undefined) {
        span.addEvent(EVENT_REQUEST, { [ATTR_REQUEST_NUMBER]: 1, [ATTR_REQUEST_ATTEMPTS]: 1 }, this.#firstAt);
        this.#firstAt = undefined;
      }
      const attributes: Attributes = { [ATTR_REQUEST_NUMBER]: number, [ATTR_REQUEST_ATTEMPTS]: attempts };
      if (error !== undefined) attributes[ATTR_ERROR_TYPE] = error instanceof Error ? errorType(error) : 'Error';
      span.addEvent(EVENT_REQUEST, attributes);
    }
    if (!output) return;
    if (this.#counts) {
      this.#count += output.Count ?? 0;
      this.#scanned += output.ScannedCount ?? 0;
    }
    if (output.ConsumedCapacity !== undefined) {
      this.#capacity ??= new ConsumedCapacitySum();
      this.#capacity.add(output.ConsumedCapacity);
    }
  }
}

/** The observer's start: one span per operation. */
export function operationSpan(settings: SpanSettings): (started: StartedOperation) => OperationTrace {
  return (started) => new OperationSpan(started, settings);
}
