import { InvalidRequestError } from '../../errors/errors.js';
import type { TableTarget } from '../shared/table-target.js';
import type { TargetSource } from './sources.js';

/**
 * The items of a multi-repository operation, one per call (a get() of BatchGetItem or TransactGetItems, a put()
 * or delete() of BatchWriteItem), typed back per repository: the repository object given to the call is the
 * handle that picks its items.
 */
export class OperationItems {
  /** The target of each call, by operation index. */
  readonly #targets: ReadonlyArray<TableTarget<unknown>>;
  /** The item of each call (undefined: none), by operation index; or how to make them, on first use. */
  #items: ReadonlyArray<unknown> | (() => ReadonlyArray<unknown>);
  readonly #owner: string;
  /** What the calls are, for the error of a repository that made none: `get()`. */
  readonly #calls: string;

  constructor(
    owner: string,
    targets: ReadonlyArray<TableTarget<unknown>>,
    items: ReadonlyArray<unknown> | (() => ReadonlyArray<unknown>),
    calls = 'get()',
  ) {
    this.#owner = owner;
    this.#targets = targets;
    this.#items = items;
    this.#calls = calls;
  }

  /** Every item in the order of the calls, whatever its repository; undefined where there is none. */
  get items(): ReadonlyArray<unknown> {
    if (typeof this.#items === 'function') this.#items = this.#items();
    return this.#items;
  }

  /**
   * The items of one repository's calls, in the order of those calls, one entry per call: undefined where there
   * is none (a get: the item does not exist or was not read; a batch write: a delete, or a put that did not land).
   */
  inRequestOrder<T>(source: TargetSource<T>): Array<T | undefined> {
    const out: Array<T | undefined> = [];
    let asked = false;
    const items = this.items;
    this.#targets.forEach((target, index) => {
      if (target !== source.target) return;
      asked = true;
      out.push(items[index] as T | undefined);
    });
    if (!asked) {
      throw new InvalidRequestError(
        `${this.#owner}: no ${this.#calls} of ${source.target.label} was made; pass the same repository object that was given to it`,
      );
    }
    return out;
  }

  /** The items of one repository, as entity instances, in the order of its calls (those with none left out). */
  itemsOf<T>(source: TargetSource<T>): T[] {
    return this.inRequestOrder(source).filter((item): item is T => item !== undefined);
  }
}
