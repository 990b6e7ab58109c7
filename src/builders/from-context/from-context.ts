import { InvalidRequestError } from '../../errors/errors.js';
import type { BatchGetItemRequestBuilder } from '../batch-get/batch-get-item-builder.js';
import type { BatchGetResult } from '../batch-get/batch-get-result.js';
import type { BatchWriteItemRequestBuilder } from '../batch-write/batch-write-item-builder.js';
import type { BatchWriteResult } from '../batch-write/batch-write-result.js';
import type { TransactGetItemsRequestBuilder } from '../transact-get/transact-get-items-builder.js';
import type { TransactGetResult } from '../transact-get/transact-get-result.js';
import type { TransactWriteItemsRequestBuilder } from '../transact-write/transact-write-items-builder.js';
import type { TransactWriteResult } from '../transact-write/transact-write-result.js';
import { ContextBatchGet, ContextBatchWrite, ContextTransactGet, ContextTransactWrite } from './context-builders.js';

/**
 * What the callback of transaction(), transactGet(), batchWrite() and batchGet() does with the builder it gets:
 * adds operations (and settings) to it in place, and returns nothing or a builder to execute instead, such as
 * `tx.withClient(client)`.
 */
export type BuildWith<B> = (builder: B) => B | undefined;

interface Executable<R> {
  execute(): Promise<R>;
}

function builtBy<B extends Executable<R>, R>(owner: string, builder: B, build: BuildWith<B>): B {
  if (typeof build !== 'function') {
    throw new InvalidRequestError(
      `${owner}: give a callback that adds the operations, like tx => tx.put(users, b => ...)`,
    );
  }
  const returned: unknown = build(builder);
  if (returned === undefined) return builder;
  if (typeof (returned as { then?: unknown }).then === 'function') {
    throw new InvalidRequestError(
      `${owner}: the callback must add the operations synchronously (it returned a promise); read what you need first, then call ${owner}()`,
    );
  }
  if (typeof (returned as { execute?: unknown }).execute !== 'function') {
    throw new InvalidRequestError(
      `${owner}: the callback must return nothing or the builder (e.g. tx.withClient(client))`,
    );
  }
  return returned as B;
}

/**
 * Runs a TransactWriteItems built by `build`, on the client the context
 * chooses, as single-item builders do: `withClient()` (on the transaction,
 * returned by the callback, or on its operations) > the innermost
 * `runWithClient()` around the call > the repositories' own client
 * (repositories with different clients need one of the first two).
 *
 * ```ts
 * await transaction((tx) =>
 *   tx.put(users, (b) => b.withItem(user)).update(orders, (b) => b.withKey({ orderId }).set('SET #s = {0}', 'paid')),
 * );
 * ```
 *
 * `tx` is a TransactWriteItemsRequestBuilder (every option of it applies);
 * the result is its execute()'s.
 */
export async function transaction(build: BuildWith<TransactWriteItemsRequestBuilder>): Promise<TransactWriteResult> {
  return builtBy('transaction', new ContextTransactWrite(), build).execute();
}

/** A TransactGetItems built by `build` (a TransactGetItemsRequestBuilder), on the client the context chooses (see transaction()). */
export async function transactGet(build: BuildWith<TransactGetItemsRequestBuilder>): Promise<TransactGetResult> {
  return builtBy('transactGet', new ContextTransactGet(), build).execute();
}

/** A BatchWriteItem built by `build` (a BatchWriteItemRequestBuilder), on the client the context chooses (see transaction()). */
export async function batchWrite(build: BuildWith<BatchWriteItemRequestBuilder>): Promise<BatchWriteResult> {
  return builtBy('batchWrite', new ContextBatchWrite(), build).execute();
}

/** A BatchGetItem built by `build` (a BatchGetItemRequestBuilder), on the client the context chooses (see transaction()). */
export async function batchGet(build: BuildWith<BatchGetItemRequestBuilder>): Promise<BatchGetResult> {
  return builtBy('batchGet', new ContextBatchGet(), build).execute();
}
