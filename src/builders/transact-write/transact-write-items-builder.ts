import { randomUUID } from 'node:crypto';
import {
  type DynamoDBClient,
  type ReturnConsumedCapacity,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  type TransactWriteItemsCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import type { Access } from '../../isolation/accesses.js';
import { batchExecution } from '../batching/batch-execution.on-first-use.js';
import { checkedClient, chooseClient, explicitClientOf, type OperationClient } from '../batching/client-choice.js';
import { configureOperation } from '../batching/configure-operation.js';
import type { Configure, DeleteSource, PutSource, TargetSource, UpdateSource } from '../batching/sources.js';
import { checkTransactionAdd, checkTransactionSize } from '../batching/transaction-limits.js';
import { ConditionCheckBuilder } from '../condition-check/condition-check-builder.js';
import type { DeleteItemBuilder } from '../delete/delete-item-builder.js';
import type { PutItemBuilder } from '../put/put-item-builder.js';
import { Operation, tablesOf } from '../shared/operation.js';
import type { TableTarget } from '../shared/table-target.js';
import type { UpdateItemBuilder } from '../update/update-item-builder.js';
import {
  conditionCheckOperation,
  deleteOperation,
  putOperation,
  type TransactWriteOperation,
  updateOperation,
  withFailedItems,
} from './transact-operation.js';
import type { TransactWriteResult } from './transact-write-result.js';

const OWNER = 'TransactWriteItemsRequestBuilder';

interface Settings {
  readonly token: string | undefined;
  /** With a token: the instant of the timestamps, kept so that executing again sends the very same request. */
  readonly tokenAt: Date | undefined;
  readonly consumedCapacity: ReturnConsumedCapacity | undefined;
  readonly itemCollectionMetrics: boolean;
  readonly returnFailedItems: boolean;
}

/**
 * TransactWriteItems: up to 100 puts, updates, deletes and condition checks
 * on any repositories, all applied or none.
 *
 * ```ts
 * const tx = new TransactWriteItemsRequestBuilder(defaultClient);
 * tx.put(users, b => b.withItem(user1));
 * tx.update(users, b => b.withKey({ userId: 'user2' }).set('SET status = {0}', 'active'));
 * tx.conditionCheck(users, b => b.withKey({ userId: 'user3' }).where('attribute_exists(pk)'));
 * await tx.withClient(scopedClient).execute();
 * ```
 *
 * Each callback gets the repository's prepared builder, whose conditions,
 * `@Version` check and timestamps go into the transaction as they would into
 * the single request (one timestamp for the whole transaction). More than
 * 100 operations, or two on one item, are refused when added. A cancelled
 * transaction throws TransactionCanceledError with a reason per operation.
 */
export class TransactWriteItemsRequestBuilder {
  readonly #defaultClient: DynamoDBClient;
  #client: DynamoDBClient | undefined;
  #operations: TransactWriteOperation[] = [];
  #clients: OperationClient[] = [];
  #settings: Settings = {
    token: undefined,
    tokenAt: undefined,
    consumedCapacity: undefined,
    itemCollectionMetrics: false,
    returnFailedItems: false,
  };

  /** `client`: used when neither withClient() nor runWithClient() gives another. */
  constructor(client: DynamoDBClient) {
    this.#defaultClient = checkedClient(OWNER, client);
  }

  /** Adds a put: the callback gets the repository's prepared PutItemBuilder (withItem, where, skipVersionCheck). */
  put<T>(source: PutSource<T>, configure: Configure<PutItemBuilder<T>>): this {
    const { builder, plan } = configureOperation(OWNER, 'put', source, source.put, configure);
    return this.#add(
      builder,
      putOperation(source.target as TableTarget<unknown>, builder as PutItemBuilder<unknown>, plan),
    );
  }

  /** Adds an update: the callback gets the repository's prepared UpdateItemBuilder (withKey, set, where, expectVersion). */
  update<T>(source: UpdateSource<T>, configure: Configure<UpdateItemBuilder<T>>): this {
    const { builder, plan } = configureOperation(OWNER, 'update', source, source.update, configure);
    return this.#add(
      builder,
      updateOperation(source.target as TableTarget<unknown>, builder as UpdateItemBuilder<unknown>, plan),
    );
  }

  /** Adds a delete: the callback gets the repository's prepared DeleteItemBuilder (withKey, where, expectVersion). */
  delete<T>(source: DeleteSource<T>, configure: Configure<DeleteItemBuilder<T>>): this {
    const { builder, plan } = configureOperation(OWNER, 'delete', source, source.delete, configure);
    return this.#add(
      builder,
      deleteOperation(source.target as TableTarget<unknown>, builder as DeleteItemBuilder<unknown>, plan),
    );
  }

  /** Adds a condition on an item the transaction does not write: the callback gets a ConditionCheckBuilder (withKey, where, expectVersion). */
  conditionCheck<T>(source: TargetSource<T>, configure: Configure<ConditionCheckBuilder<T>>): this {
    const prepared = new ConditionCheckBuilder<T>(source.target, { conditions: [] });
    const { builder, plan } = configureOperation(OWNER, 'conditionCheck', source, prepared, configure);
    return this.#add(
      builder,
      conditionCheckOperation(source.target as TableTarget<unknown>, builder as ConditionCheckBuilder<unknown>, plan),
    );
  }

  #add(builder: object, operation: TransactWriteOperation): this {
    checkTransactionAdd(
      OWNER,
      this.#operations.map((o) => o.info),
      operation.info,
    );
    const client = explicitClientOf(builder);
    if (client) this.#clients.push({ index: this.#operations.length, client });
    this.#operations.push(operation);
    return this;
  }

  /** The number of operations so far. */
  get size(): number {
    return this.#operations.length;
  }

  /** A new builder with the same operations that runs on `client` (over runWithClient and the constructor's client). */
  withClient(client: DynamoDBClient): TransactWriteItemsRequestBuilder {
    const copy = new TransactWriteItemsRequestBuilder(this.#defaultClient);
    copy.#client = checkedClient(`${OWNER}.withClient`, client);
    copy.#operations = [...this.#operations];
    copy.#clients = [...this.#clients];
    copy.#settings = this.#settings;
    return copy;
  }

  /**
   * The idempotency token (1 to 36 characters), for retrying a transaction
   * whose outcome is unknown (a timeout, a lost connection): the same token
   * with the same request within 10 minutes makes DynamoDB answer without
   * writing twice. The request must be identical, timestamps included, so
   * with a token the timestamps are taken once: `at`, or the time of the
   * first execute() of this builder, which executing it again reuses.
   * Without a token, execute() makes a new one each time (the SDK's own
   * retries reuse it) and returns it in the result.
   */
  withClientRequestToken(token: string, at?: Date): this {
    if (typeof token !== 'string' || token.length < 1 || token.length > 36) {
      throw new InvalidRequestError(
        `${OWNER}.withClientRequestToken needs 1 to 36 characters, got ${JSON.stringify(token)}`,
      );
    }
    if (at !== undefined && !(at instanceof Date && !Number.isNaN(at.getTime()))) {
      throw new InvalidRequestError(`${OWNER}.withClientRequestToken: at must be a valid Date`);
    }
    this.#settings = { ...this.#settings, token, tokenAt: at };
    return this;
  }

  /** Asks DynamoDB for the capacity consumed (`TOTAL` by default, `INDEXES` per index, `NONE`); the result reports it. */
  returnConsumedCapacity(mode: ReturnConsumedCapacity = 'TOTAL'): this {
    this.#settings = { ...this.#settings, consumedCapacity: mode };
    return this;
  }

  /** Asks DynamoDB for the item collection metrics of the tables with local secondary indexes; the result reports them. */
  returnItemCollectionMetrics(enabled = true): this {
    this.#settings = { ...this.#settings, itemCollectionMetrics: enabled };
    return this;
  }

  /** On cancellation, each reason whose operation had a condition carries the item as it was (`reason.item`). */
  returnFailedItems(enabled = true): this {
    this.#settings = { ...this.#settings, returnFailedItems: enabled };
    return this;
  }

  /** The TransactWriteItems input execute() sends (with the token only when withClientRequestToken gave one). */
  toInput(at: Date = this.#settings.tokenAt ?? new Date()): TransactWriteItemsCommandInput {
    return this.#render(at).input;
  }

  /** Renders every operation once: the input, and what the tenant guard checks of each. */
  #render(at: Date): { input: TransactWriteItemsCommandInput; accesses: Access[] } {
    if (this.#operations.length === 0)
      throw new InvalidRequestError(`${OWNER}: a transaction needs at least one operation`);
    const settings = this.#settings;
    const rendered = this.#operations.map((o) => o.render(at));
    const items = rendered.map((r) => r.element);
    checkTransactionSize(OWNER, items);
    const input: TransactWriteItemsCommandInput = {
      TransactItems: settings.returnFailedItems ? items.map(withFailedItems) : items,
    };
    if (settings.token) input.ClientRequestToken = settings.token;
    if (settings.consumedCapacity) input.ReturnConsumedCapacity = settings.consumedCapacity;
    if (settings.itemCollectionMetrics) input.ReturnItemCollectionMetrics = 'SIZE';
    return { input, accesses: rendered.map((r) => r.access) };
  }

  /**
   * Sends the TransactWriteItems: every operation applied, or none.
   *
   * @throws InvalidRequestError when no operation was added.
   * @throws TenantIsolationError when an item or key is outside the tenant scope.
   * @throws TransactionCanceledError when a condition or `@Version` check failed, or DynamoDB cancelled the
   * transaction for another reason (a reason per operation).
   * @throws DynamoRequestError when DynamoDB fails the request in another way.
   */
  async execute(): Promise<TransactWriteResult> {
    if (this.#settings.token && !this.#settings.tokenAt) this.#settings = { ...this.#settings, tokenAt: new Date() };
    const { input, accesses } = this.#render(this.#settings.tokenAt ?? new Date());
    input.ClientRequestToken ??= randomUUID();
    const infos = this.#operations.map((o) => o.info);
    const operation = Operation.start(
      {
        operation: 'TransactWriteItems',
        tables: tablesOf(infos.map((i) => i.table)),
        label: 'TransactWriteItems',
        accesses,
      },
      () => chooseClient(OWNER, this.#client, this.#clients, this.#defaultClient),
    );
    const output = await operation.run(async () => {
      const sent = await operation.send<TransactWriteItemsCommandOutput>(new TransactWriteItemsCommand(input), {
        mapError: (error, context) => batchExecution().transactionError(error, infos, context),
      });
      operation.items(infos.length);
      return sent;
    });
    return {
      clientRequestToken: input.ClientRequestToken,
      ...(output.ConsumedCapacity ? { consumedCapacity: output.ConsumedCapacity } : {}),
      ...(output.ItemCollectionMetrics ? { itemCollectionMetrics: output.ItemCollectionMetrics } : {}),
    };
  }
}
