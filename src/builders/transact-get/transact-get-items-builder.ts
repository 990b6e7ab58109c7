import {
  type DynamoDBClient,
  type Get,
  type ReturnConsumedCapacity,
  TransactGetItemsCommand,
  type TransactGetItemsCommandInput,
  type TransactGetItemsCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import type { Access } from '../../isolation/accesses.js';
import { batchExecution } from '../batching/batch-execution.on-first-use.js';
import { checkedClient, chooseClient, explicitClientOf, type OperationClient } from '../batching/client-choice.js';
import { configureOperation } from '../batching/configure-operation.js';
import type { Configure, GetSource } from '../batching/sources.js';
import { checkTransactionAdd } from '../batching/transaction-limits.js';
import type { TransactionOperationInfo } from '../batching/transaction-operation.js';
import type { GetItemBuilder } from '../get/get-item-builder.js';
import { Operation, tablesOf } from '../shared/operation.js';
import type { TableTarget } from '../shared/table-target.js';
import { TransactGetResult } from './transact-get-result.js';

const OWNER = 'TransactGetItemsRequestBuilder';

interface GetOperation {
  readonly info: TransactionOperationInfo;
  readonly target: TableTarget<unknown>;
  readonly get: Get;
}

/**
 * TransactGetItems: up to 100 reads of any repositories as one serializable
 * snapshot, returned as entity instances in request order.
 *
 * ```ts
 * const { items } = await new TransactGetItemsRequestBuilder(defaultClient)
 *   .get(users, b => b.withKey({ userId: 'u1' }))
 *   .get(orders, b => b.withKey({ orderId: 'o1' }).withProjection('total'))
 *   .execute();
 * ```
 *
 * The reads are always strongly consistent (consistentRead() on a get changes
 * nothing). A transaction is never split: more than 100 gets, or two of one
 * item, are refused when added.
 */
export class TransactGetItemsRequestBuilder {
  readonly #defaultClient: DynamoDBClient;
  #client: DynamoDBClient | undefined;
  #operations: GetOperation[] = [];
  #clients: OperationClient[] = [];
  #consumedCapacity: ReturnConsumedCapacity | undefined;

  /** `client`: used when neither withClient() nor runWithClient() gives another. */
  constructor(client: DynamoDBClient) {
    this.#defaultClient = checkedClient(OWNER, client);
  }

  /** Adds a read: the callback gets the repository's prepared GetItemBuilder (withKey, withProjection). */
  get<T>(source: GetSource<T>, configure: Configure<GetItemBuilder<T>, GetItemBuilder<T, Partial<T>>>): this {
    const { builder } = configureOperation(OWNER, 'get', source, source.get, configure);
    // A read has no instant in it: rendered once, here.
    const input = builder.toInput();
    const target = source.target as TableTarget<unknown>;
    const info: TransactionOperationInfo = {
      kind: 'Get',
      table: target.tableName,
      label: target.label,
      key: input.Key,
      versionChecked: false,
    };
    // DynamoDB refuses two reads of one item in a transaction too (ValidationException).
    checkTransactionAdd(
      OWNER,
      this.#operations.map((o) => o.info),
      info,
    );
    const get: Get = { TableName: input.TableName, Key: input.Key };
    if (input.ProjectionExpression) get.ProjectionExpression = input.ProjectionExpression;
    if (input.ExpressionAttributeNames) get.ExpressionAttributeNames = input.ExpressionAttributeNames;
    const client = explicitClientOf(builder);
    if (client) this.#clients.push({ index: this.#operations.length, client });
    this.#operations.push({ info, target, get });
    return this;
  }

  /** The number of get() calls so far. */
  get size(): number {
    return this.#operations.length;
  }

  /** A new builder with the same operations that runs on `client` (over runWithClient and the constructor's client). */
  withClient(client: DynamoDBClient): TransactGetItemsRequestBuilder {
    const copy = new TransactGetItemsRequestBuilder(this.#defaultClient);
    copy.#client = checkedClient(`${OWNER}.withClient`, client);
    copy.#operations = [...this.#operations];
    copy.#clients = [...this.#clients];
    copy.#consumedCapacity = this.#consumedCapacity;
    return copy;
  }

  /** Asks DynamoDB for the capacity consumed (`TOTAL` by default, `INDEXES` per index, `NONE`); the result reports it. */
  returnConsumedCapacity(mode: ReturnConsumedCapacity = 'TOTAL'): this {
    this.#consumedCapacity = mode;
    return this;
  }

  /** The TransactGetItems input execute() sends. */
  toInput(): TransactGetItemsCommandInput {
    if (this.#operations.length === 0)
      throw new InvalidRequestError(`${OWNER}: a transaction needs at least one get()`);
    const input: TransactGetItemsCommandInput = { TransactItems: this.#operations.map((o) => ({ Get: o.get })) };
    if (this.#consumedCapacity) input.ReturnConsumedCapacity = this.#consumedCapacity;
    return input;
  }

  /**
   * Sends the TransactGetItems: every item read at one point in time.
   *
   * @throws InvalidRequestError when no get() was added.
   * @throws TenantIsolationError when a key is outside the tenant scope.
   * @throws TransactionCanceledError when DynamoDB cancels the transaction (a conflicting write, throttling).
   * @throws DynamoRequestError when DynamoDB fails the request in another way.
   */
  async execute(): Promise<TransactGetResult> {
    const input = this.toInput();
    const operations = this.#operations;
    const operation = Operation.start(
      {
        operation: 'TransactGetItems',
        tables: tablesOf(operations.map((o) => o.target.tableName)),
        label: 'TransactGetItems',
        accesses: operations.map((o): Access => ({ kind: 'key', table: o.target.guarded, key: o.get.Key })),
      },
      () => chooseClient(OWNER, this.#client, this.#clients, this.#defaultClient),
    );
    const infos = operations.map((o) => o.info);
    const output = await operation.run(async () => {
      const sent = await operation.send<TransactGetItemsCommandOutput>(new TransactGetItemsCommand(input), {
        mapError: (error, context) => batchExecution().transactionError(error, infos, context),
      });
      operation.items((sent.Responses ?? []).filter((r) => r.Item !== undefined).length);
      return sent;
    });
    const responses = output.Responses ?? [];
    const items = operations.map((op, i) => {
      const item = responses[i]?.Item;
      return item ? op.target.fromItem(item) : undefined;
    });
    return new TransactGetResult(
      operations.map((o) => o.target),
      items,
      output.ConsumedCapacity,
    );
  }
}
