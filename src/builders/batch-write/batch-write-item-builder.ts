import type { ConsumedCapacity, DynamoDBClient, ItemCollectionMetrics } from '@aws-sdk/client-dynamodb';
import type { UnprocessedOperation } from '../../errors/batch-errors.js';
import { InvalidRequestError } from '../../errors/errors.js';
import type { Access } from '../../isolation/accesses.js';
import { MAX_BATCH_WRITE_ITEMS } from '../../mapping/dynamodb-limits.js';
import type { AttributeMap } from '../../mapping/types.js';
import { BatchBuilderBase, type BatchSettings, DEFAULT_BATCH_SETTINGS } from '../batching/batch-builder-base.js';
import { type BatchFailure, failureAfter, NO_FAILURE } from '../batching/batch-failure.js';
import { runBounded } from '../batching/bounded-pool.js';
import { chunk } from '../batching/chunk.js';
import { chooseClient, explicitClientOf, type OperationClient } from '../batching/client-choice.js';
import { configureOperation } from '../batching/configure-operation.js';
import { batchIncomplete } from '../batching/incomplete.js';
import { sendUntilProcessed } from '../batching/retry-loop.js';
import type { Configure, DeleteSource, PutSource } from '../batching/sources.js';
import type { DeleteItemBuilder } from '../delete/delete-item-builder.js';
import type { PutItemBuilder } from '../put/put-item-builder.js';
import { Operation, tablesOf } from '../shared/operation.js';
import type { TableTarget } from '../shared/table-target.js';
import { type BatchWriteProgress, BatchWriteResult } from './batch-write-result.js';
import { writeChunk } from './write-chunk.js';
import {
  type AddedWrite,
  addedDelete,
  addedPut,
  keyNamesByTable,
  refuseDuplicates,
  toWriteOp,
  type WriteOp,
} from './write-operation.js';

const OWNER = 'BatchWriteItemRequestBuilder';

interface Settings extends BatchSettings {
  readonly skipVersionChecks: boolean;
  readonly itemCollectionMetrics: boolean;
  readonly onProgress: ((progress: BatchWriteProgress) => void) | undefined;
}

/**
 * BatchWriteItem over any number of puts and deletes of any repositories:
 *
 * ```ts
 * await new BatchWriteItemRequestBuilder(defaultClient)
 *   .put(users, b => b.withItem(user1))
 *   .delete(users, b => b.withKey({ userId: 'user2' }))
 *   .execute();
 * ```
 *
 * Not a transaction: writes land independently, without conditions. Puts get
 * their timestamps (one instant for the whole batch). Puts of entities with a
 * `@Version` are refused unless skipVersionChecks() (or the put's own
 * skipVersionCheck()) says to write them without the check; the stored
 * version is still incremented. Writes go in requests of at most 25, a few
 * at a time; UnprocessedItems and throttling are retried with exponential
 * backoff and full jitter; what still did not land is listed exactly in a
 * BatchIncompleteError (or in the result, with returnUnprocessed()).
 */
export class BatchWriteItemRequestBuilder extends BatchBuilderBase<Settings> {
  #writes: AddedWrite[] = [];
  #clients: OperationClient[] = [];

  /** `client`: used when neither withClient() nor runWithClient() gives another. */
  constructor(client: DynamoDBClient) {
    super(OWNER, client, {
      ...DEFAULT_BATCH_SETTINGS,
      skipVersionChecks: false,
      itemCollectionMetrics: false,
      onProgress: undefined,
    });
  }

  protected copyOperationsTo(copy: this): void {
    copy.#writes = [...this.#writes];
    copy.#clients = [...this.#clients];
  }

  /** Adds a put: the callback gets the repository's prepared PutItemBuilder (withItem). */
  put<T>(source: PutSource<T>, configure: Configure<PutItemBuilder<T>>): this {
    const { builder, plan } = configureOperation(OWNER, 'put', source, source.put, configure);
    this.#add(
      builder,
      addedPut(this.#writes.length, source.target as TableTarget<unknown>, builder as PutItemBuilder<unknown>, plan),
    );
    return this;
  }

  /** Adds a delete: the callback gets the repository's prepared DeleteItemBuilder (withKey). */
  delete<T>(source: DeleteSource<T>, configure: Configure<DeleteItemBuilder<T>>): this {
    const { builder, plan } = configureOperation(OWNER, 'delete', source, source.delete, configure);
    this.#add(builder, addedDelete(this.#writes.length, source.target as TableTarget<unknown>, plan));
    return this;
  }

  #add(builder: object, write: AddedWrite): void {
    const client = explicitClientOf(builder);
    if (client) this.#clients.push({ index: write.index, client });
    this.#writes.push(write);
  }

  /** The number of put() and delete() calls so far. */
  get size(): number {
    return this.#writes.length;
  }

  /**
   * Writes entities that have a `@Version` without checking the stored
   * version (BatchWriteItem cannot carry the condition): the last writer
   * wins. Without it, such puts are refused at execute().
   */
  skipVersionChecks(skip = true): this {
    this.settings = { ...this.settings, skipVersionChecks: skip };
    return this;
  }

  /** Called after every response with the writes landed so far. If it throws, no further request is started. */
  onProgress(callback: (progress: BatchWriteProgress) => void): this {
    if (typeof callback !== 'function') throw new InvalidRequestError(`${OWNER}.onProgress needs a function`);
    this.settings = { ...this.settings, onProgress: callback };
    return this;
  }

  /** Asks DynamoDB for the item collection metrics of the tables with local secondary indexes; the result reports them. */
  returnItemCollectionMetrics(enabled = true): this {
    this.settings = { ...this.settings, itemCollectionMetrics: enabled };
    return this;
  }

  /**
   * Sends the writes.
   *
   * @throws InvalidRequestError for a put of a `@Version` entity without skipVersionChecks(), or two writes of
   * one item (checked before the first request).
   * @throws TenantIsolationError when an item or key is outside the tenant scope (checked before the first request).
   * @throws BatchIncompleteError when writes did not land, or may not have, after the last attempt (unless
   * returnUnprocessed()).
   * @throws DynamoRequestError when DynamoDB fails a request in another way.
   */
  async execute(): Promise<BatchWriteResult> {
    const settings = this.settings;
    const writes = this.#writes;
    this.#refuseVersioned(settings);
    const keyNames = keyNamesByTable(writes);
    const at = new Date();
    const ops = writes.map((w) => toWriteOp(w, at, keyNames));
    refuseDuplicates(ops);
    // The whole batch is checked before the first request: a refusal must not leave it half-written.
    const operation = Operation.start(
      {
        operation: 'BatchWriteItem',
        tables: tablesOf(writes.map((w) => w.target.tableName)),
        label: 'BatchWriteItem',
        accesses: ops.map((op, i): Access => {
          const target = (writes[i] as AddedWrite).target;
          return op.kind === 'put'
            ? { kind: 'item', table: target.guarded, item: op.item }
            : { kind: 'key', table: target.guarded, key: op.key };
        }),
      },
      () => chooseClient(OWNER, this.explicitClient, this.#clients, this.defaultClient),
    );

    return operation.run(async () => {
      let processed = 0;
      let failure: BatchFailure = NO_FAILURE;
      const session = {
        operation,
        consumedCapacity: settings.consumedCapacity,
        itemCollectionMetrics: settings.itemCollectionMetrics,
        keyNames,
        consumed: [] as ConsumedCapacity[],
        metrics: {} as Record<string, ItemCollectionMetrics[]>,
        landed(count: number) {
          processed += count;
          if (!settings.onProgress || failure.fatal) return;
          try {
            settings.onProgress({ processed, total: ops.length });
          } catch (error) {
            // Not thrown from here: this response's writes did land, and must not be reported otherwise.
            failure = { attempts: 0, cause: error, fatal: true };
          }
        },
      };
      const left: WriteOp[] = [];
      const doubted: WriteOp[] = [];
      const notStarted = await runBounded(
        chunk(ops, MAX_BATCH_WRITE_ITEMS),
        settings.concurrency,
        async (requests) => {
          const send = operation.chunkSender((pending: readonly WriteOp[]) => writeChunk(session, pending));
          const outcome = await sendUntilProcessed(requests, send, settings.retry);
          for (const op of outcome.pending) (outcome.inDoubt.has(op) ? doubted : left).push(op);
          failure = failureAfter(failure, outcome);
        },
        () => failure.fatal,
      );
      for (const requests of notStarted) left.push(...requests);
      const unprocessed = left.map(unprocessedWrite).sort((a, b) => a.index - b.index);
      const uncertain = doubted.map(unprocessedWrite).sort((a, b) => a.index - b.index);
      operation.items(processed);
      if (failure.fatal || (unprocessed.length + uncertain.length > 0 && !settings.returnUnprocessed)) {
        throw batchIncomplete('BatchWriteItem', unprocessed, ops.length, failure, uncertain);
      }
      // Each put that landed, as the entity it stored (timestamps and version included): mapped back only when
      // the result is asked for its items, not for every batch.
      const written = () => {
        const notLanded = new Set([...left, ...doubted]);
        return ops.map((op, i) =>
          op.kind === 'put' && !notLanded.has(op)
            ? (writes[i] as AddedWrite).target.fromItem(op.item as AttributeMap)
            : undefined,
        );
      };
      return new BatchWriteResult(
        writes.map((w) => w.target),
        written,
        {
          processed,
          unprocessed,
          uncertain,
          ...(settings.consumedCapacity ? { consumedCapacity: session.consumed } : {}),
          ...(settings.itemCollectionMetrics ? { itemCollectionMetrics: session.metrics } : {}),
        },
      );
    });
  }

  #refuseVersioned(settings: Settings): void {
    if (settings.skipVersionChecks) return;
    const versioned = this.#writes.filter((w) => w.kind === 'put' && w.versioned);
    if (versioned.length === 0) return;
    const first = versioned[0] as AddedWrite;
    throw new InvalidRequestError(
      `BatchWriteItem: ${versioned.length} put(s) of entities with a @Version (first: #${first.index} on ${first.target.label}); ` +
        'BatchWriteItem cannot check versions, so they would overwrite concurrent changes. ' +
        'Use TransactWriteItemsRequestBuilder to keep the check, or call skipVersionChecks() (or skipVersionCheck() on the put) to write without it',
    );
  }
}

function unprocessedWrite(op: WriteOp): UnprocessedOperation {
  return {
    index: op.index,
    kind: op.kind,
    table: op.table,
    ...(op.key ? { key: op.key } : {}),
    ...(op.item ? { item: op.item } : {}),
  };
}
