import type { ConsumedCapacity, DynamoDBClient, GetItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { UnprocessedOperation } from '../../errors/batch-errors.js';
import type { Access } from '../../isolation/accesses.js';
import { MAX_BATCH_GET_KEYS } from '../../mapping/dynamodb-limits.js';
import type { AttributeMap } from '../../mapping/types.js';
import { BatchBuilderBase, type BatchSettings, DEFAULT_BATCH_SETTINGS } from '../batching/batch-builder-base.js';
import { type BatchFailure, failureAfter, NO_FAILURE } from '../batching/batch-failure.js';
import { runBounded } from '../batching/bounded-pool.js';
import { chooseClient, explicitClientOf } from '../batching/client-choice.js';
import { configureOperation } from '../batching/configure-operation.js';
import { batchIncomplete } from '../batching/incomplete.js';
import { sendUntilProcessed } from '../batching/retry-loop.js';
import type { Configure, GetSource } from '../batching/sources.js';
import type { GetItemBuilder } from '../get/get-item-builder.js';
import { Operation, tablesOf } from '../shared/operation.js';
import type { TableTarget } from '../shared/table-target.js';
import { BatchGetResult } from './batch-get-result.js';
import { readChunk } from './read-chunk.js';
import { type KeyRead, packReads, planReads } from './read-plan.js';

const OWNER = 'BatchGetItemRequestBuilder';

interface GetOperation {
  readonly index: number;
  readonly target: TableTarget<unknown>;
  readonly input: GetItemCommandInput;
  readonly client: DynamoDBClient | undefined;
}

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
    const session = {
      operation,
      consumedCapacity: settings.consumedCapacity,
      found: new Map<string, AttributeMap>(),
      consumed: [] as ConsumedCapacity[],
    };
    return operation.run(async () => {
      const reads = planReads(operations);
      const left: KeyRead[] = [];
      let failure: BatchFailure = NO_FAILURE;
      const notStarted = await runBounded(
        packReads(reads, MAX_BATCH_GET_KEYS),
        settings.concurrency,
        async (chunk) => {
          const send = operation.chunkSender((pending: readonly KeyRead[]) => readChunk(session, pending));
          const outcome = await sendUntilProcessed(chunk, send, settings.retry);
          left.push(...outcome.pending);
          failure = failureAfter(failure, outcome);
        },
        () => failure.fatal,
      );
      for (const chunk of notStarted) left.push(...chunk);
      const unprocessed = unprocessedOf(left, operations);
      if (failure.fatal || (unprocessed.length > 0 && !settings.returnUnprocessed)) {
        throw batchIncomplete('BatchGetItem', unprocessed, operations.length, failure);
      }
      operation.items(session.found.size);
      const byRead = new Map(reads.flatMap((read) => read.operations.map((index) => [index, read.id] as const)));
      const items = operations.map((op) => {
        const item = session.found.get(byRead.get(op.index) as string);
        return item ? op.target.fromItem(item) : undefined;
      });
      return new BatchGetResult(
        operations.map((o) => o.target),
        items,
        unprocessed,
        settings.consumedCapacity ? session.consumed : undefined,
      );
    });
  }
}

/** Every get() call behind the reads that were not processed, in call order. */
function unprocessedOf(left: readonly KeyRead[], operations: readonly GetOperation[]): UnprocessedOperation[] {
  const out: UnprocessedOperation[] = [];
  for (const read of left) {
    for (const index of read.operations) {
      out.push({ index, kind: 'get', table: operations[index]?.input.TableName ?? read.lane.table, key: read.key });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}
