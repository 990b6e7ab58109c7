import { StreamRecordError } from '../errors/errors.js';
import type { ChangeOf, StreamChange } from './change-record.js';
import { unknownRecord } from './changes-of.js';
import { type EntitiesOf, registryOf, type StreamEntities, type StreamEntityOptions } from './entity-registry.js';
import { changesOfRecord, isSkipped } from './hydrate-record.js';
import type { DynamoDBRecord, DynamoDBStreamEvent, StreamBatchResponse } from './lambda-event.js';
import { type StreamTenantOptions, type TenantEntry, tenantEntry } from './tenant-context.js';

/**
 * Options of streamHandler() and streamBatchHandler(): unknown records, failures, and the tenant each change
 * runs as.
 */
export interface StreamHandlerOptions<P = never> extends StreamEntityOptions {
  /** Records of a table or type not given: 'skip' (default) leaves them out; 'refuse' reports them as failures. */
  onUnknown?: 'skip' | 'refuse';
  /**
   * After a failed record: 'stop' (default) runs no later record. Lambda retries from the lowest failed
   * sequence number anyway, so the later records come again, after the failed one: order per item is kept.
   * 'continue' runs them now (they then run again on the retry) and reports every failure.
   */
  afterFailure?: 'stop' | 'continue';
  /** Run each record (or tenant batch) as its tenant, with the tenant's client and key guard. */
  tenants?: StreamTenantOptions<P>;
  /**
   * Told of every failed record (default: a line on console.error with the error's name and message). If it
   * throws (or returns a promise that rejects), the failure goes to console.error instead, with what it threw;
   * the batch response is the same.
   */
  onFailure?: (error: unknown, record: DynamoDBRecord) => void;
}

/** What a stream handler's callback is told besides the change: the tenant it runs as. */
export interface StreamHandlerContext {
  /** The tenant the change runs as, with the `tenants` option. */
  readonly tenantId: string | undefined;
}

/** A Lambda handler of DynamoDB stream events that answers with a partial batch response. */
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<StreamBatchResponse>;

/** Everything the two handlers share, resolved once when the handler is made. */
interface Prepared {
  readonly registry: ReturnType<typeof registryOf>;
  readonly entry: TenantEntry | undefined;
  readonly stop: boolean;
  readonly refuseUnknown: boolean;
  readonly report: (error: unknown, record: DynamoDBRecord) => void;
}

function prepare<P>(entities: StreamEntities, options: StreamHandlerOptions<P>): Prepared {
  return {
    registry: registryOf(entities, options),
    entry: options.tenants ? tenantEntry(options.tenants) : undefined,
    stop: (options.afterFailure ?? 'stop') === 'stop',
    refuseUnknown: options.onUnknown === 'refuse',
    report: options.onFailure ? guarded(options.onFailure) : logFailure,
  };
}

/**
 * The report, made unable to throw. Its failure must not change what Lambda is told: a rejected invocation
 * would run every record of the batch again, those already handled too, and a report that always throws
 * would hold the shard until its records expire.
 */
function guarded(onFailure: (error: unknown, record: DynamoDBRecord) => void): Prepared['report'] {
  return (error, record) => {
    try {
      const result: unknown = onFailure(error, record);
      // An async report is not awaited (it returns void), but its rejection must not go unhandled either.
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function')
        (result as PromiseLike<unknown>).then(undefined, (reportError: unknown) =>
          logFailure(error, record, { thrown: reportError }),
        );
    } catch (reportError) {
      logFailure(error, record, { thrown: reportError });
    }
  };
}

function nameAndMessage(error: unknown): string {
  try {
    const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
    return `${String(name)}: ${String(message)}`;
  } catch {
    // A thrown value whose name or message getter throws: the line is still written.
    return 'a value that cannot be described';
  }
}

/** The default report; `report` is what a failed onFailure threw (undefined itself, possibly). */
function logFailure(error: unknown, record: DynamoDBRecord, report?: { readonly thrown: unknown }): void {
  console.error(
    `fluent-dynamo: stream record ${record?.dynamodb?.SequenceNumber} failed: ${nameAndMessage(error)}${
      report ? ` (and onFailure threw ${nameAndMessage(report.thrown)})` : ''
    }`,
  );
}

function recordsOf(event: DynamoDBStreamEvent): DynamoDBRecord[] {
  const records = event?.Records;
  if (!Array.isArray(records)) throw new StreamRecordError('the event has no Records array', 'malformed', undefined);
  return records;
}

/**
 * The record's identifier for the partial batch response. A record without a sequence number cannot be
 * named in one: the whole invocation fails instead (Lambda then retries the batch), never silently.
 */
function identifierOf(record: DynamoDBRecord, error: unknown): string {
  const sequenceNumber = record?.dynamodb?.SequenceNumber;
  if (typeof sequenceNumber === 'string' && sequenceNumber.length > 0) return sequenceNumber;
  throw error;
}

/** The changes of a record (none for one skipped, two for an item that changed class); throws for one that fails. */
function changesFor(prepared: Prepared, record: DynamoDBRecord): readonly StreamChange[] {
  const changes = changesOfRecord(prepared.registry, record);
  if (!isSkipped(changes)) return changes;
  if (prepared.refuseUnknown) throw unknownRecord(changes);
  return [];
}

/**
 * A Lambda handler running `fn` for each record's typed change, in order (for both changes of an item that
 * changed class, the old class's REMOVE first). A record whose `fn` throws,
 * or that is malformed or does not map, is reported in `batchItemFailures` (by sequence number) so one
 * bad record does not replay the whole batch. With `tenants`, each change runs as its tenant (the
 * provider's `run`: the tenant's client and key guard).
 */
export function streamHandler<const S extends StreamEntities, P = never>(
  entities: S,
  fn: (change: ChangeOf<EntitiesOf<S>>, context: StreamHandlerContext) => unknown,
  options: StreamHandlerOptions<P> = {},
): StreamHandler {
  const prepared = prepare(entities, options);
  const { entry } = prepared;
  return async (event) => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of recordsOf(event)) {
      try {
        const changes = changesFor(prepared, record);
        // The tenants of all of a record's changes are told before any runs: a refused one leaves the record unrun.
        const tenants = changes.map((change) => entry?.tenantOf(change));
        for (const [i, change] of changes.entries()) {
          const typed = change as ChangeOf<EntitiesOf<S>>;
          const tenantId = tenants[i];
          if (entry && tenantId !== undefined) await entry.run(tenantId, () => fn(typed, { tenantId }));
          else await fn(typed, { tenantId: undefined });
        }
      } catch (error) {
        batchItemFailures.push({ itemIdentifier: identifierOf(record, error) });
        prepared.report(error, record);
        if (prepared.stop) break;
      }
    }
    return { batchItemFailures };
  };
}

/**
 * A Lambda handler running `fn` once per tenant with that tenant's changes, in order (once for all
 * changes without `tenants`). When `fn` throws, every record of its batch is reported in
 * `batchItemFailures`; a record that fails before (malformed, not mapping, no tenant) is reported alone.
 */
export function streamBatchHandler<const S extends StreamEntities, P = never>(
  entities: S,
  fn: (changes: ChangeOf<EntitiesOf<S>>[], context: StreamHandlerContext) => unknown,
  options: StreamHandlerOptions<P> = {},
): StreamHandler {
  const prepared = prepare(entities, options);
  const { entry } = prepared;
  return async (event) => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    // Tenants in the order of their first record: a later group's records all follow a failed group's first.
    const groups = new Map<string | undefined, StreamChange[]>();
    for (const record of recordsOf(event)) {
      try {
        const changes = changesFor(prepared, record);
        const tenants = changes.map((change) => entry?.tenantOf(change));
        for (const [i, change] of changes.entries()) {
          const group = groups.get(tenants[i]) ?? [];
          group.push(change);
          groups.set(tenants[i], group);
        }
      } catch (error) {
        batchItemFailures.push({ itemIdentifier: identifierOf(record, error) });
        prepared.report(error, record);
        if (prepared.stop) break;
      }
    }
    const named = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    for (const [tenantId, changes] of groups) {
      const typed = changes as ChangeOf<EntitiesOf<S>>[];
      try {
        if (entry && tenantId !== undefined) await entry.run(tenantId, () => fn(typed, { tenantId }));
        else await fn(typed, { tenantId: undefined });
      } catch (error) {
        for (const change of changes) {
          // The two changes of an item that changed class share their record: it is named, and reported, once.
          if (named.has(change.sequenceNumber)) continue;
          named.add(change.sequenceNumber);
          batchItemFailures.push({ itemIdentifier: change.sequenceNumber });
          prepared.report(error, change.record);
        }
        if (prepared.stop) break;
      }
    }
    return { batchItemFailures };
  };
}
