import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { UnprocessedOperation } from '../../errors/batch-errors.js';
import { InvalidRequestError } from '../../errors/errors.js';
import type { TargetSource } from '../batching/sources.js';
import type { TableTarget } from '../shared/table-target.js';

/** The outcome of BatchGetItemRequestBuilder.execute(). */
export class BatchGetResult {
  /** The target of each get() call, by operation index. */
  readonly #targets: ReadonlyArray<TableTarget<unknown>>;
  /** The item of each get() call (undefined: not found, or not read), by operation index. */
  readonly #items: ReadonlyArray<unknown>;
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
    this.#targets = targets;
    this.#items = items;
    this.unprocessed = unprocessed;
    this.consumedCapacity = consumedCapacity;
  }

  /**
   * The items of one repository's get() calls, in the order of those calls,
   * one entry per call: undefined where the item does not exist (or was not
   * read, see `unprocessed`).
   */
  inRequestOrder<T>(source: TargetSource<T>): Array<T | undefined> {
    const out: Array<T | undefined> = [];
    let asked = false;
    this.#targets.forEach((target, index) => {
      if (target !== source.target) return;
      asked = true;
      out.push(this.#items[index] as T | undefined);
    });
    if (!asked) {
      throw new InvalidRequestError(
        `BatchGetResult: the batch has no get() of ${source.target.label}; pass the same repository object that was given to get()`,
      );
    }
    return out;
  }

  /** The items found for one repository, as entity instances, in the order of its get() calls. */
  itemsOf<T>(source: TargetSource<T>): T[] {
    return this.inRequestOrder(source).filter((item): item is T => item !== undefined);
  }
}
