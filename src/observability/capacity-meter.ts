import type { CapacityPart } from './consumed-capacity.js';
import { addObserver, type OperationTrace } from './observers.js';
import type { OperationEvent, StartedOperation } from './operation-event.js';

/** Capacity units of one tenant on one table or index, summed. */
export interface CapacityUsage {
  /** Undefined for operations that ran for no tenant. */
  readonly tenantId?: string;
  /** The table that consumed the units. */
  readonly table: string;
  /** Undefined for the table itself. */
  readonly index?: string;
  /** Read capacity units consumed. */
  readonly read: number;
  /** Write capacity units consumed. */
  readonly write: number;
}

/**
 * Per-tenant metering of consumed capacity. While started, every request fluent-dynamo sends asks DynamoDB
 * for its consumed capacity (`ReturnConsumedCapacity: 'INDEXES'`), and the units DynamoDB reports are added
 * up per tenant (the ambient tenant when the operation started), table and index: the figures to turn into
 * a cost per tenant. `snapshot()` reads them; `reset()` starts over.
 */
export class CapacityMeter {
  readonly #usage = new Map<
    string,
    { tenantId?: string; table: string; index?: string; read: number; write: number }
  >();
  #stop: (() => void) | undefined;

  /** Starts metering (again); a started meter is left as it is. */
  start(): this {
    if (this.#stop) return this;
    this.#stop = addObserver({
      needsCapacity: true,
      start: (started: StartedOperation): OperationTrace => ({
        capacity: (parts) => this.#add(started.tenantId, parts),
        end: (_event: OperationEvent) => {},
      }),
    });
    return this;
  }

  /** Stops metering; the figures stay readable. */
  stop(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  /** True between start() and stop(). */
  get running(): boolean {
    return this.#stop !== undefined;
  }

  /** The units so far, one entry per tenant, table and index, sorted by tenant, table and index. */
  snapshot(): CapacityUsage[] {
    return [...this.#usage.values()]
      .map((u) => ({ ...u }))
      .sort(
        (a, b) =>
          (a.tenantId ?? '').localeCompare(b.tenantId ?? '') ||
          a.table.localeCompare(b.table) ||
          (a.index ?? '').localeCompare(b.index ?? ''),
      );
  }

  /** Forgets the figures (metering goes on if started). */
  reset(): void {
    this.#usage.clear();
  }

  #add(tenantId: string | undefined, parts: readonly CapacityPart[]): void {
    for (const part of parts) {
      if (part.read === 0 && part.write === 0) continue;
      const key = JSON.stringify([tenantId ?? null, part.table, part.index ?? null]);
      let usage = this.#usage.get(key);
      if (!usage) {
        usage = {
          ...(tenantId !== undefined ? { tenantId } : {}),
          table: part.table,
          ...(part.index !== undefined ? { index: part.index } : {}),
          read: 0,
          write: 0,
        };
        this.#usage.set(key, usage);
      }
      usage.read += part.read;
      usage.write += part.write;
    }
  }
}
