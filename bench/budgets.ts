/**
 * The budgets of issue 8, on the canned transport: fluent-dynamo / raw SDK,
 * median over rounds; for runWithClient, the time it adds per operation.
 */
export interface Budget {
  /** Highest allowed ratio fluent / raw. */
  readonly maxRatio?: number;
  /** Highest allowed added time per operation, in microseconds. */
  readonly maxAddedMicros?: number;
  /** Lowest allowed throughput ratio fluent / raw (DynamoDB Local). */
  readonly minThroughputRatio?: number;
}

export const BUDGETS: Readonly<Record<string, Budget>> = {
  get: { maxRatio: 1.05 },
  put: { maxRatio: 1.05 },
  'update with condition': { maxRatio: 1.05 },
  'query 100 items': { maxRatio: 1.1 },
  'runWithClient overhead': { maxAddedMicros: 2 },
  'get, DynamoDB Local, concurrency 1': { minThroughputRatio: 0.95 },
  'get, DynamoDB Local, concurrency 64': { minThroughputRatio: 0.95 },
};
