import { InvalidRequestError } from '../../errors/errors.js';
import type { TableTarget } from '../shared/table-target.js';
import type { TargetSource } from './sources.js';

/**
 * The items of a multi-repository read (BatchGetItem, TransactGetItems), one
 * per get() call, typed back per repository: the repository object given to
 * get() is the handle that picks its items.
 */
export class OperationItems {
  /** The target of each get() call, by operation index. */
  readonly #targets: ReadonlyArray<TableTarget<unknown>>;
  /** The item of each get() call (undefined: not found, or not read), by operation index. */
  readonly #items: ReadonlyArray<unknown>;
  readonly #owner: string;

  constructor(owner: string, targets: ReadonlyArray<TableTarget<unknown>>, items: ReadonlyArray<unknown>) {
    this.#owner = owner;
    this.#targets = targets;
    this.#items = items;
  }

  /** Every item in the order of the get() calls, whatever its repository; undefined where there is none. */
  get items(): ReadonlyArray<unknown> {
    return this.#items;
  }

  /**
   * The items of one repository's get() calls, in the order of those calls,
   * one entry per call: undefined where the item does not exist (or was not read).
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
        `${this.#owner}: no get() of ${source.target.label} was made; pass the same repository object that was given to get()`,
      );
    }
    return out;
  }

  /** The items found for one repository, as entity instances, in the order of its get() calls. */
  itemsOf<T>(source: TargetSource<T>): T[] {
    return this.inRequestOrder(source).filter((item): item is T => item !== undefined);
  }
}
