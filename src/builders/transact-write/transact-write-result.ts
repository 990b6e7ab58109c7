import type { ConsumedCapacity, ItemCollectionMetrics } from '@aws-sdk/client-dynamodb';

/** The outcome of TransactWriteItemsRequestBuilder.execute(). */
export interface TransactWriteResult {
  /** The idempotency token sent: execute() again with withClientRequestToken(token) within 10 minutes does not write twice. */
  readonly clientRequestToken: string;
  /** Per table, when returnConsumedCapacity() asked for it. */
  readonly consumedCapacity?: readonly ConsumedCapacity[];
  /** By table, when returnItemCollectionMetrics() asked for it (tables with local secondary indexes). */
  readonly itemCollectionMetrics?: Readonly<Record<string, readonly ItemCollectionMetrics[]>>;
}
