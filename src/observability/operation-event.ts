/** The DynamoDB operations fluent-dynamo sends. */
export type OperationName =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactGetItems'
  | 'TransactWriteItems';

/** Capacity units DynamoDB reported for an operation, split into reads and writes. */
export interface ConsumedUnits {
  /** Read capacity units. */
  readonly read: number;
  /** Write capacity units. */
  readonly write: number;
}

/** What is known of an operation when it starts. */
export interface StartedOperation {
  /** The DynamoDB operation name (`GetItem`, `Query`, `BatchWriteItem`, `TransactWriteItems`, ...). */
  readonly operation: OperationName;
  /** The table, or the tables of a batch or transaction (joined by ', '). */
  readonly table: string;
  /** The same tables as a list, each once. */
  readonly tables: readonly string[];
  /** The index a query or scan read. */
  readonly index?: string;
  /** The entity class, for operations of one typed repository. */
  readonly entity?: string;
  /** The tenant the operation ran for: the ambient tenant (tenant middleware, provider run(), runInTenantScope). */
  readonly tenantId?: string;
}

/**
 * One logical operation, reported once when it ends: a get; a query or scan over all the pages it read; a
 * batch with all its chunks and retries; a transaction. Carries names, counts and times, never a key or a
 * value.
 */
export interface OperationEvent extends StartedOperation {
  /** Requests sent (the SDK's own retries of one request count once; see retries). */
  readonly requests: number;
  /** Pages read, for a query or scan. */
  readonly pages?: number;
  /** Requests sent again: by the SDK after a retryable error, and by a batch for its unprocessed items. */
  readonly retries: number;
  /** Attempts DynamoDB answered with throttling (ProvisionedThroughputExceeded, Throttling, RequestLimitExceeded). */
  readonly throttles: number;
  /** Batch items DynamoDB left unprocessed and that were sent again. */
  readonly unprocessedRetried?: number;
  /** From the start of the operation to its end (all pages, chunks and retries), in ms. */
  readonly durationMs: number;
  /** Items read (found) or written. */
  readonly itemCount?: number;
  /** Capacity DynamoDB reported (when the request asked for it, or a CapacityMeter is running). */
  readonly consumedCapacity?: ConsumedUnits;
  /** Whether the operation succeeded or threw (then `error` says what). */
  readonly outcome: 'success' | 'error';
  /** The error the operation failed with (a named fluent-dynamo error). */
  readonly error?: Error;
}
