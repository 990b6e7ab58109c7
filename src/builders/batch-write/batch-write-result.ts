import type { ConsumedCapacity, ItemCollectionMetrics } from '@aws-sdk/client-dynamodb';
import type { UnprocessedOperation } from '../../errors/batch-errors.js';
import { OperationItems } from '../batching/operation-items.js';
import type { TableTarget } from '../shared/table-target.js';

/**
 * The outcome of BatchWriteItemRequestBuilder.execute(): counts, what did not land, and the items the puts wrote,
 * as entities with their timestamps and versions (`itemsOf(repo)`, `inRequestOrder(repo)`).
 */
export class BatchWriteResult extends OperationItems {
  /** How many puts and deletes landed. */
  readonly processed: number;
  /** The writes that did not land: only non-empty after returnUnprocessed() (otherwise execute() throws). */
  readonly unprocessed: readonly UnprocessedOperation[];
  /**
   * Writes that may or may not have landed: a request that held them lost its
   * answer (a reset connection, a timeout) and the retries did not settle it.
   * Only non-empty after returnUnprocessed(). Read them back to know.
   */
  readonly uncertain: readonly UnprocessedOperation[];
  /** Per table and request, when returnConsumedCapacity() asked for it. */
  declare readonly consumedCapacity?: readonly ConsumedCapacity[];
  /** By table, when returnItemCollectionMetrics() asked for it (tables with local secondary indexes). */
  declare readonly itemCollectionMetrics?: Readonly<Record<string, readonly ItemCollectionMetrics[]>>;

  /** @internal Built by BatchWriteItemRequestBuilder: `written` gives each landed put's item, by call. */
  constructor(
    targets: ReadonlyArray<TableTarget<unknown>>,
    written: () => ReadonlyArray<unknown>,
    outcome: {
      processed: number;
      unprocessed: readonly UnprocessedOperation[];
      uncertain: readonly UnprocessedOperation[];
      consumedCapacity?: readonly ConsumedCapacity[];
      itemCollectionMetrics?: Readonly<Record<string, readonly ItemCollectionMetrics[]>>;
    },
  ) {
    super('BatchWriteResult', targets, written, 'put() or delete()');
    this.processed = outcome.processed;
    this.unprocessed = outcome.unprocessed;
    this.uncertain = outcome.uncertain;
    // Only the fields asked for are there.
    if (outcome.consumedCapacity !== undefined) this.consumedCapacity = outcome.consumedCapacity;
    if (outcome.itemCollectionMetrics !== undefined) this.itemCollectionMetrics = outcome.itemCollectionMetrics;
  }
}

/** Reported after every BatchWriteItem response (see onProgress). */
export interface BatchWriteProgress {
  /** Writes that landed so far. */
  readonly processed: number;
  /** All writes of the batch. */
  readonly total: number;
}
