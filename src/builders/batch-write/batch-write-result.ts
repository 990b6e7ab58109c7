import type { ConsumedCapacity, ItemCollectionMetrics } from '@aws-sdk/client-dynamodb';
import type { UnprocessedOperation } from '../../errors/batch-errors.js';

/** The outcome of BatchWriteItemRequestBuilder.execute(). */
export interface BatchWriteResult {
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
  readonly consumedCapacity?: readonly ConsumedCapacity[];
  /** By table, when returnItemCollectionMetrics() asked for it (tables with local secondary indexes). */
  readonly itemCollectionMetrics?: Readonly<Record<string, readonly ItemCollectionMetrics[]>>;
}

/** Reported after every BatchWriteItem response (see onProgress). */
export interface BatchWriteProgress {
  /** Writes that landed so far. */
  readonly processed: number;
  /** All writes of the batch. */
  readonly total: number;
}
