import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Access } from '../../isolation/accesses.js';
import { BatchBuilderBase, type BatchSettings, DEFAULT_BATCH_SETTINGS } from '../batching/batch-builder-base.js';
import { batchExecution } from '../batching/batch-execution.on-first-use.js';
import { chooseClient, explicitClientOf } from '../batching/client-choice.js';
import { configureOperation } from '../batching/configure-operation.js';
import type { Configure, GetSource } from '../batching/sources.js';
import type { GetItemBuilder } from '../get/get-item-builder.js';
import { Operation, tablesOf } from '../shared/operation.js';
import type { TableTarget } from '../shared/table-target.js';
import type { BatchGetResult } from './batch-get-result.js';
import type { GetOperation } from './read-all.js';

const OWNER = 'BatchGetItemRequestBuilder';

type Settings = BatchSettings;

/**
 * BatchGetItem over any number of keys of any repositories:
 *
 * ```ts
 * const batch = await new BatchGetItemRequestBuilder(defaultClient)
 *   .get(users, b => b.withKey({ userId: 'u1' }))
 *   .get(orders, b => b.withKey({ orderId: 'o1' }).withProjection('total'))
 *   .execute();
 * batch.itemsOf(users);   // User[]
 * ```
 *
 * Operations are collected in place; withClient() returns a new builder.
 * execute() sends requests of at most 100 keys (duplicates read once), a few
 * at a time (concurrency(n)), retries UnprocessedKeys and throttling with
 * exponential backoff and full jitter (withRetry), and throws
 * BatchIncompleteError listing the keys it could not read, unless
 * returnUnprocessed() asked for them in the result.
 */
export class BatchGetItemRequestBuilder extends BatchBuilderBase<Settings> {
  #operations: GetOperation[] = [];

  /** `client`: used when neither withClient() nor runWithClient() gives another. */
  constructor(client: DynamoDBClient) {
    super(OWNER, client, DEFAULT_BATCH_SETTINGS);
  }

  protected copyOperationsTo(copy: this): void {
    copy.#operations = [...this.#operations];
  }

  /** Adds a read: the callback gets the repository's prepared GetItemBuilder (withKey, withProjection, consistentRead). */
  get<T>(source: GetSource<T>, configure: Configure<GetItemBuilder<T>, GetItemBuilder<T, Partial<T>>>): this {
    const { builder } = configureOperation(OWNER, 'get', source, source.get, configure);
    // A read has no instant in it: rendered once, here.
    const input = builder.toInput();
    this.#operations.push({
      index: this.#operations.length,
      target: source.target as TableTarget<unknown>,
      input,
      client: explicitClientOf(builder),
    });
    return this;
  }

  /** The number of get() calls so far. */
  get size(): number {
    return this.#operations.length;
  }

  /**
   * Sends the reads and resolves to the items found, per repository.
   *
   * @throws TenantIsolationError when a key is outside the tenant scope (checked before the first request).
   * @throws BatchIncompleteError when keys are still unread after the last attempt (unless returnUnprocessed()).
   * @throws DynamoRequestError when DynamoDB fails a request in another way.
   */
  async execute(): Promise<BatchGetResult> {
    const operations = this.#operations;
    const settings = this.settings;
    const clients = operations.flatMap((o) => (o.client ? [{ index: o.index, client: o.client }] : []));
    // Every key is checked before the first request.
    const operation = Operation.start(
      {
        operation: 'BatchGetItem',
        tables: tablesOf(operations.map((o) => o.target.tableName)),
        label: 'BatchGetItem',
        accesses: operations.map((o): Access => ({ kind: 'key', table: o.target.guarded, key: o.input.Key })),
      },
      () => chooseClient(OWNER, this.explicitClient, clients, this.defaultClient),
    );
    // The sending (chunks, retries, the result) is loaded on the first batch: see batch-execution.ts.
    return operation.run(() => batchExecution().readAll(operation, operations, settings));
  }
}
