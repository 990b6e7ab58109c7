import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { UnprocessedOperation } from '../../errors/batch-errors.js';
import { OperationItems } from '../batching/operation-items.js';
import type { TableTarget } from '../shared/table-target.js';

/** The outcome of BatchGetItemRequestBuilder.execute(): `itemsOf(repo)`, `inRequestOrder(repo)`, `items`. */
export class BatchGetResult extends OperationItems {
  /** The gets DynamoDB did not process: only non-empty after returnUnprocessed() (otherwise execute() throws). */
  readonly unprocessed: readonly UnprocessedOperation[];
  /** Per table and request, when returnConsumedCapacity() asked for it. */
  readonly consumedCapacity: readonly ConsumedCapacity[] | undefined;

  /** @internal Built by BatchGetItemRequestBuilder. */
  constructor(
    targets: ReadonlyArray<TableTarget<unknown>>,
    items: ReadonlyArray<unknown>,
    unprocessed: readonly UnprocessedOperation[],
    consumedCapacity: readonly ConsumedCapacity[] | undefined,
  ) {
    super('BatchGetResult', targets, items);
    this.unprocessed = unprocessed;
    this.consumedCapacity = consumedCapacity;
  }
}
