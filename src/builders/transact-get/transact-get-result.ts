import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { OperationItems } from '../batching/operation-items.js';
import type { TableTarget } from '../shared/table-target.js';

/** The outcome of TransactGetItemsRequestBuilder.execute(): `items` in request order, `inRequestOrder(repo)`, `itemsOf(repo)`. */
export class TransactGetResult extends OperationItems {
  /** Per table, when returnConsumedCapacity() asked for it. */
  readonly consumedCapacity: readonly ConsumedCapacity[] | undefined;

  /** @internal Built by TransactGetItemsRequestBuilder. */
  constructor(
    targets: ReadonlyArray<TableTarget<unknown>>,
    items: ReadonlyArray<unknown>,
    consumedCapacity: readonly ConsumedCapacity[] | undefined,
  ) {
    super('TransactGetResult', targets, items);
    this.consumedCapacity = consumedCapacity;
  }
}
