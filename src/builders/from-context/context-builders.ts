import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import { BatchGetItemRequestBuilder } from '../batch-get/batch-get-item-builder.js';
import type { BatchGetResult } from '../batch-get/batch-get-result.js';
import { BatchWriteItemRequestBuilder } from '../batch-write/batch-write-item-builder.js';
import type { BatchWriteResult } from '../batch-write/batch-write-result.js';
import type { Configure, DeleteSource, GetSource, PutSource, TargetSource, UpdateSource } from '../batching/sources.js';
import type { ConditionCheckBuilder } from '../condition-check/condition-check-builder.js';
import type { DeleteItemBuilder } from '../delete/delete-item-builder.js';
import type { GetItemBuilder } from '../get/get-item-builder.js';
import type { PutItemBuilder } from '../put/put-item-builder.js';
import { TransactGetItemsRequestBuilder } from '../transact-get/transact-get-items-builder.js';
import type { TransactGetResult } from '../transact-get/transact-get-result.js';
import { TransactWriteItemsRequestBuilder } from '../transact-write/transact-write-items-builder.js';
import type { TransactWriteResult } from '../transact-write/transact-write-result.js';
import type { UpdateItemBuilder } from '../update/update-item-builder.js';
import { RepositoryClients } from './repository-clients.js';

// The batch and transaction builders, as the entry points of from-context.ts hand them out: the same builders (every
// method, same checks), whose last-resort client is their repositories' rather than one given to the constructor.
// They are built before their operations are known, so the constructor gets a client that is never sent with:
// execute() always decides first (an explicit client, else the ambient one, else the repositories'), and a copy made
// by withClient() has its explicit client.

/** The constructor's client of these builders: never chosen, as execute() always decides first. */
const DECIDED_AT_EXECUTE = {
  send: () => Promise.reject(new InvalidRequestError('a batch or transaction was sent without a client')),
} as unknown as DynamoDBClient;

export class ContextTransactWrite extends TransactWriteItemsRequestBuilder {
  readonly #repositories = new RepositoryClients('transaction');

  constructor() {
    super(DECIDED_AT_EXECUTE);
  }

  override put<T>(source: PutSource<T>, configure: Configure<PutItemBuilder<T>>): this {
    return super.put(source, this.#repositories.watch(source, configure));
  }

  override update<T>(source: UpdateSource<T>, configure: Configure<UpdateItemBuilder<T>>): this {
    return super.update(source, this.#repositories.watch(source, configure));
  }

  override delete<T>(source: DeleteSource<T>, configure: Configure<DeleteItemBuilder<T>>): this {
    return super.delete(source, this.#repositories.watch(source, configure));
  }

  override conditionCheck<T>(source: TargetSource<T>, configure: Configure<ConditionCheckBuilder<T>>): this {
    return super.conditionCheck(source, this.#repositories.watch(source, configure));
  }

  override execute(): Promise<TransactWriteResult> {
    const client = this.#repositories.fallback();
    return client ? super.withClient(client).execute() : super.execute();
  }
}

export class ContextTransactGet extends TransactGetItemsRequestBuilder {
  readonly #repositories = new RepositoryClients('transactGet');

  constructor() {
    super(DECIDED_AT_EXECUTE);
  }

  override get<T>(source: GetSource<T>, configure: Configure<GetItemBuilder<T>, GetItemBuilder<T, Partial<T>>>): this {
    return super.get(source, this.#repositories.watch(source, configure));
  }

  override execute(): Promise<TransactGetResult> {
    const client = this.#repositories.fallback();
    return client ? super.withClient(client).execute() : super.execute();
  }
}

export class ContextBatchWrite extends BatchWriteItemRequestBuilder {
  readonly #repositories = new RepositoryClients('batchWrite');

  // withClient() of the batch builders makes its copy with `new this.constructor(client)`: that copy has an
  // explicit client, so it never asks its (empty) repositories.
  constructor(client: DynamoDBClient = DECIDED_AT_EXECUTE) {
    super(client);
  }

  override put<T>(source: PutSource<T>, configure: Configure<PutItemBuilder<T>>): this {
    return super.put(source, this.#repositories.watch(source, configure));
  }

  override delete<T>(source: DeleteSource<T>, configure: Configure<DeleteItemBuilder<T>>): this {
    return super.delete(source, this.#repositories.watch(source, configure));
  }

  override execute(): Promise<BatchWriteResult> {
    if (this.explicitClient) return super.execute();
    const client = this.#repositories.fallback();
    return client ? super.withClient(client).execute() : super.execute();
  }
}

export class ContextBatchGet extends BatchGetItemRequestBuilder {
  readonly #repositories = new RepositoryClients('batchGet');

  constructor(client: DynamoDBClient = DECIDED_AT_EXECUTE) {
    super(client);
  }

  override get<T>(source: GetSource<T>, configure: Configure<GetItemBuilder<T>, GetItemBuilder<T, Partial<T>>>): this {
    return super.get(source, this.#repositories.watch(source, configure));
  }

  override execute(): Promise<BatchGetResult> {
    if (this.explicitClient) return super.execute();
    const client = this.#repositories.fallback();
    return client ? super.withClient(client).execute() : super.execute();
  }
}
