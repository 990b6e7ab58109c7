import { THROTTLING_CODES } from '../../errors/map-aws-error.js';
import type { Mutable } from '../../internal/mutable.js';
import { type CapacityPart, capacityParts, totalOf } from '../../observability/consumed-capacity.js';
import {
  capacityWanted,
  keyedListeners,
  type OperationTrace,
  safely,
  startTraces,
} from '../../observability/observers.js';
import type { OperationEvent, OperationName, StartedOperation } from '../../observability/operation-event.js';
import { type CommandWithStack, onAttemptError } from './attempt-errors.js';

/** A command as the tracking sees it: its input (to ask for capacity) and its middleware stack (to see attempts). */
interface TrackedCommand extends CommandWithStack {
  readonly input: object;
}

interface SdkOutcome {
  readonly ConsumedCapacity?: Parameters<typeof capacityParts>[1];
  readonly $metadata?: { readonly attempts?: number };
}

/** The SDK's attempts of one request, from its output or from the error it ended with (kept as cause). */
function attemptsOf(outcome: unknown): number {
  const direct = (outcome as SdkOutcome | undefined)?.$metadata?.attempts;
  if (direct !== undefined) return direct;
  const cause = (outcome as { cause?: SdkOutcome } | undefined)?.cause;
  return cause?.$metadata?.attempts ?? 1;
}

/**
 * What is followed of one operation while anybody observes operations (never otherwise): its requests,
 * the SDK's attempts and throttled answers, the capacity DynamoDB reported, items and time; at the end,
 * one OperationEvent for every observer and listener.
 */
export class OperationTracking {
  readonly #started: StartedOperation;
  readonly #keys: readonly object[];
  readonly #traces: OperationTrace[];
  readonly #t0 = performance.now();
  readonly #parts: CapacityPart[] = [];
  #requests = 0;
  #retries = 0;
  #throttles = 0;
  #unprocessedRetried = 0;
  #items: number | undefined;
  #ended = false;

  constructor(started: StartedOperation, keys: readonly object[]) {
    this.#started = started;
    this.#keys = keys;
    this.#traces = startTraces(started);
  }

  /** Sends one request of the operation, followed. */
  request<O>(command: TrackedCommand, send: () => Promise<O>): Promise<O> {
    this.#requests++;
    const input = command.input as { ReturnConsumedCapacity?: string };
    // Asked for a meter or a trace, not by the caller: the caller's result gets no capacity it did not ask for.
    const askedByCaller = input.ReturnConsumedCapacity !== undefined && input.ReturnConsumedCapacity !== 'NONE';
    const askedForObservers = capacityWanted();
    if (askedForObservers) input.ReturnConsumedCapacity = 'INDEXES';
    onAttemptError(command, 'fluentDynamoAttemptObserver', (error) => {
      if (THROTTLING_CODES.has((error as { name?: string }).name ?? '')) this.#throttles++;
    });
    let run = send;
    for (const trace of this.#traces) {
      const inner = run;
      if (trace.request) run = () => (trace.request as NonNullable<OperationTrace['request']>)(inner);
    }
    // Chained, not awaited: every promise counts on this path (each one runs the async hooks of whatever
    // AsyncLocalStorage is in use, OpenTelemetry's among them, on Node 20 and 22).
    return run().then(
      (output) => {
        this.#retries += attemptsOf(output) - 1;
        const parts = capacityParts(this.#started.operation, (output as SdkOutcome).ConsumedCapacity);
        if (parts.length > 0) {
          this.#parts.push(...parts);
          for (const trace of this.#traces) safely(() => trace.capacity?.(parts));
        }
        if (askedForObservers && !askedByCaller) delete (output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        return output;
      },
      (error: unknown) => {
        this.#retries += attemptsOf(error) - 1;
        throw error;
      },
    );
  }

  /** Items read (found) or written. */
  items(count: number): void {
    this.#items = (this.#items ?? 0) + count;
  }

  /** A batch sends `count` unprocessed items again. */
  retried(count: number): void {
    this.#retries++;
    this.#unprocessedRetried += count;
  }

  /** Ends the operation (once): builds its event and hands it to every trace and listener. */
  end(error: unknown, client: object | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    const operation: OperationName = this.#started.operation;
    const reading = operation === 'Query' || operation === 'Scan';
    const batch = operation === 'BatchGetItem' || operation === 'BatchWriteItem';
    // Built by assignment, not by spreading the started operation: on Node 20, `{ ...started, more }` costs
    // microseconds per call (it was most of what observing an operation cost).
    const started = this.#started;
    const event: Mutable<OperationEvent> = {
      operation,
      table: started.table,
      tables: started.tables,
      requests: this.#requests,
      retries: this.#retries,
      throttles: this.#throttles,
      durationMs: performance.now() - this.#t0,
      outcome: error === undefined ? 'success' : 'error',
    };
    if (started.index !== undefined) event.index = started.index;
    if (started.entity !== undefined) event.entity = started.entity;
    if (started.tenantId !== undefined) event.tenantId = started.tenantId;
    if (reading) event.pages = this.#requests;
    if (batch) event.unprocessedRetried = this.#unprocessedRetried;
    if (this.#items !== undefined) event.itemCount = this.#items;
    if (this.#parts.length > 0) event.consumedCapacity = totalOf(this.#parts);
    if (error !== undefined) event.error = error instanceof Error ? error : new Error(String(error));
    for (const trace of this.#traces) safely(() => trace.end(event));
    // A tenant provider's scoped clients delegate to its base client: listeners of either hear the operation.
    const listeners = keyedListeners(this.#keys, client, client && (Object.getPrototypeOf(client) as object));
    for (const listener of listeners) safely(() => listener(event, client));
  }
}
