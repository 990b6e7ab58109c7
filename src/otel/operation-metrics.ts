import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { CapacityPart } from '../observability/consumed-capacity.js';
import type { OperationEvent } from '../observability/operation-event.js';
import {
  ATTR_AWS_DYNAMODB_INDEX_NAME,
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_TENANT_ID,
} from './attribute-names.js';
import { errorType } from './operation-attributes.js';

/** Histogram of each logical operation's duration, in seconds (a query with all its pages is one sample). */
export const METRIC_OPERATION_DURATION = 'db.client.operation.duration';
/** Counter of the read capacity units DynamoDB reported, on the table or index that consumed them. */
export const METRIC_CONSUMED_READ = 'fluent_dynamo.consumed_capacity.read';
/** Counter of the write capacity units DynamoDB reported, on the table or index that consumed them. */
export const METRIC_CONSUMED_WRITE = 'fluent_dynamo.consumed_capacity.write';
/** Counter of the attempts DynamoDB answered with throttling. */
export const METRIC_THROTTLES = 'fluent_dynamo.throttles';
/** Counter of the requests sent again: the SDK's retries and resends of unprocessed batch items. */
export const METRIC_RETRIES = 'fluent_dynamo.retries';

/** The bucket boundaries the database client conventions advise for `db.client.operation.duration` (seconds). */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/**
 * The instruments of one `instrument()` call, created once. Each logical operation is one duration sample
 * (a query over all its pages, a batch with its chunks and retries: "batch operations SHOULD be recorded as a
 * single operation"); read and write capacity units are separate counters because they are priced and
 * provisioned apart (their sum means nothing), each counted on the table or index that consumed them.
 */
export class OperationMetrics {
  readonly #duration: Histogram;
  readonly #read: Counter;
  readonly #write: Counter;
  readonly #throttles: Counter;
  readonly #retries: Counter;

  constructor(meter: Meter) {
    this.#duration = meter.createHistogram(METRIC_OPERATION_DURATION, {
      description: 'Duration of DynamoDB operations (a query over all its pages, a batch with its retries)',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.#read = meter.createCounter(METRIC_CONSUMED_READ, {
      description: 'Read capacity units DynamoDB reported as consumed',
      unit: '{read_capacity_unit}',
    });
    this.#write = meter.createCounter(METRIC_CONSUMED_WRITE, {
      description: 'Write capacity units DynamoDB reported as consumed',
      unit: '{write_capacity_unit}',
    });
    this.#throttles = meter.createCounter(METRIC_THROTTLES, {
      description:
        'Attempts DynamoDB answered with throttling (ProvisionedThroughputExceeded, Throttling, RequestLimitExceeded)',
      unit: '{throttle}',
    });
    this.#retries = meter.createCounter(METRIC_RETRIES, {
      description: 'Requests sent again: retries of the SDK and resends of unprocessed batch items',
      unit: '{retry}',
    });
  }

  /** The capacity of one response, on the table or index of each part. */
  capacity(operation: Attributes, parts: readonly CapacityPart[]): void {
    for (const part of parts) {
      if (part.read === 0 && part.write === 0) continue;
      const attributes: Attributes = {
        [ATTR_DB_SYSTEM_NAME]: operation[ATTR_DB_SYSTEM_NAME],
        [ATTR_DB_OPERATION_NAME]: operation[ATTR_DB_OPERATION_NAME],
        [ATTR_DB_COLLECTION_NAME]: part.table,
      };
      if (part.index !== undefined) attributes[ATTR_AWS_DYNAMODB_INDEX_NAME] = part.index;
      const tenant = operation[ATTR_TENANT_ID];
      if (tenant !== undefined) attributes[ATTR_TENANT_ID] = tenant;
      if (part.read > 0) this.#read.add(part.read, attributes);
      if (part.write > 0) this.#write.add(part.write, attributes);
    }
  }

  /** The operation's duration, throttles and retries. */
  end(operation: Attributes, event: OperationEvent): void {
    const attributes =
      event.error !== undefined ? { ...operation, [ATTR_ERROR_TYPE]: errorType(event.error) } : operation;
    this.#duration.record(event.durationMs / 1000, attributes);
    if (event.throttles > 0) this.#throttles.add(event.throttles, attributes);
    if (event.retries > 0) this.#retries.add(event.retries, attributes);
  }
}
