import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import type { Access } from '../../isolation/accesses.js';
import { BatchBuilderBase, DEFAULT_BATCH_SETTINGS } from '../batching/batch-builder-base.js';
import { batchExecution } from '../batching/batch-execution.on-first-use.js';
import { chooseClient, explicitClientOf, type OperationClient } from '../batching/client-choice.js';
import { configureOperation } from '../batching/configure-operation.js';
import type { Configure, DeleteSource, PutSource } from '../batching/sources.js';
import type { DeleteItemBuilder } from '../delete/delete-item-builder.js';
import type { PutItemBuilder } from '../put/put-item-builder.js';
import { Operation, tablesOf } from '../shared/operation.js';
import type { TableTarget } from '../shared/table-target.js';
import type { BatchWriteProgress, BatchWriteResult } from './batch-write-result.js';
import type { BatchWriteSettings } from './write-all.js';
import {
  type AddedWrite,
  addedDelete,
  addedPut,
  keyNamesByTable,
  refuseDuplicates,
  toWriteOp,
} from './write-operation.js';

const OWNER = 'BatchWriteItemRequestBuilder';

type Settings = BatchWriteSettings;

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

    // The sending (chunks, retries, the result) is loaded on the first batch: see batch-execution.ts.
    return operation.run(() => batchExecution().writeAll(operation, writes, ops, keyNames, settings));
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
