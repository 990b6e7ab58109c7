import type { DynamoDBClient, ReturnConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DEFAULT_RETRY, type RetryOptions, type RetryPolicy, retryPolicy } from './backoff.js';
import { checkedConcurrency } from './bounded-pool.js';
import { checkedClient } from './client-choice.js';
import { DEFAULT_CONCURRENCY } from './default-concurrency.js';

/** What batch get and batch write share: retries, concurrency, reporting. */
export interface BatchSettings {
  readonly retry: RetryPolicy;
  readonly concurrency: number;
  readonly returnUnprocessed: boolean;
  readonly consumedCapacity: ReturnConsumedCapacity | undefined;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  retry: DEFAULT_RETRY,
  concurrency: DEFAULT_CONCURRENCY,
  returnUnprocessed: false,
  consumedCapacity: undefined,
};

/**
 * The settings and client choice of the batch builders. Operations are
 * collected in place (statement style); withClient() returns a copy with the
 * same operations.
 */
export abstract class BatchBuilderBase<S extends BatchSettings> {
  /** @internal The constructor's client. */
  protected readonly defaultClient: DynamoDBClient;
  /** @internal The client of withClient(), if any. */
  protected explicitClient: DynamoDBClient | undefined;
  /** @internal */
  protected settings: S;

  constructor(
    protected readonly owner: string,
    client: DynamoDBClient,
    settings: S,
  ) {
    this.defaultClient = checkedClient(owner, client);
    this.settings = settings;
  }

  /** Copies this builder's operations into a fresh builder of the same class. */
  protected abstract copyOperationsTo(copy: this): void;

  /** A new builder with the same operations that runs on `client` (over runWithClient and the constructor's client). */
  withClient(client: DynamoDBClient): this {
    const copy = new (this.constructor as new (client: DynamoDBClient) => this)(this.defaultClient);
    copy.explicitClient = checkedClient(`${this.owner}.withClient`, client);
    copy.settings = this.settings;
    this.copyOperationsTo(copy);
    return copy;
  }

  /** Attempts and backoff for unprocessed items and throttling (defaults: 8 attempts, 50 ms doubling to 5 s, full jitter). */
  withRetry(options: RetryOptions): this {
    this.settings = { ...this.settings, retry: retryPolicy(options, this.settings.retry) };
    return this;
  }

  /** How many requests run at once (default 4). */
  concurrency(n: number): this {
    this.settings = { ...this.settings, concurrency: checkedConcurrency(this.owner, n) };
    return this;
  }

  /** What is still unprocessed after the last attempt goes to the result's `unprocessed` instead of a BatchIncompleteError. */
  returnUnprocessed(enabled = true): this {
    this.settings = { ...this.settings, returnUnprocessed: enabled };
    return this;
  }

  /** Asks DynamoDB for the capacity consumed (`TOTAL` by default, `INDEXES` per index, `NONE`); the result reports it. */
  returnConsumedCapacity(mode: ReturnConsumedCapacity = 'TOTAL'): this {
    this.settings = { ...this.settings, consumedCapacity: mode };
    return this;
  }
}
