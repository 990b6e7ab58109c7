/**
 * The budgets of issue 8. On the canned transport: fluent-dynamo / raw SDK,
 * median over rounds; for runWithClient, the time it adds per operation; for
 * the tenant cache, the time of one hit. On DynamoDB Local: throughput
 * fluent / raw. Memory: heap per cached tenant. A row without a budget is
 * printed for information.
 */
export interface Budget {
  /** Highest allowed ratio fluent / raw. */
  readonly maxRatio?: number;
  /** Highest allowed added time per operation (fluent - raw), in microseconds. */
  readonly maxAddedMicros?: number;
  /** Highest allowed time per operation of fluent-dynamo alone, in microseconds. */
  readonly maxMicros?: number;
  /** Lowest allowed throughput ratio fluent / raw (DynamoDB Local). */
  readonly minThroughputRatio?: number;
  /** Highest allowed size fluent - raw (bytes): the bundle row. */
  readonly maxAddedBytes?: number;
  /** Highest allowed heap per unit (bytes). */
  readonly maxBytes?: number;
}

export const BUDGETS: Readonly<Record<string, Budget>> = {
  get: { maxRatio: 1.05 },
  put: { maxRatio: 1.05 },
  'update with condition': { maxRatio: 1.05 },
  'query 100 items': { maxRatio: 1.1 },
  'get with OpenTelemetry spans and metrics on (no-op exporter)': { maxRatio: 1.1 },
  'runWithClient overhead': { maxAddedMicros: 2 },
  'stream event 100 records': { maxRatio: 1.2 },
  'tenant cache hit': { maxMicros: 2 },
  'tenant cache hit, README options + principal': { maxMicros: 2 },
  'heap per cached tenant': { maxBytes: 50 * 1024 },
  'get, DynamoDB Local, concurrency 1': { minThroughputRatio: 0.95 },
  'get, DynamoDB Local, concurrency 64': { minThroughputRatio: 0.95 },
  // Cold start (bench/cold-start): fresh processes, median of the per-sample ratios.
  'import: fluent-dynamo + client-dynamodb vs client-dynamodb': { maxRatio: 1.15 },
  'import + first get (canned HTTP)': { maxRatio: 1.15 },
  'bundle: one-get handler (esbuild, minified, SDK included)': { maxAddedBytes: 60 * 1024 },
};
