import type { Attributes } from '@opentelemetry/api';
import type { OperationEvent, StartedOperation } from '../observability/operation-event.js';
import {
  ATTR_AWS_DYNAMODB_INDEX_NAME,
  ATTR_AWS_DYNAMODB_TABLE_NAMES,
  ATTR_CONSUMED_READ,
  ATTR_CONSUMED_WRITE,
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ENTITY,
  ATTR_ERROR_TYPE,
  ATTR_ITEMS,
  ATTR_PAGES,
  ATTR_REQUESTS,
  ATTR_RETRIES,
  ATTR_TENANT_ID,
  ATTR_THROTTLES,
  ATTR_UNPROCESSED_RETRIED,
  DB_SYSTEM_NAME_AWS_DYNAMODB,
} from './attribute-names.js';

/**
 * The span name, as the database client conventions give it: `{db.operation.name} {db.collection.name}`
 * (`GetItem users`), or the operation alone when it addresses several tables (`BatchWriteItem`). The SDK's
 * own spans (instrumentation-aws-sdk) are named `DynamoDB.GetItem`: one per request, nested in this one.
 */
export function spanName(started: StartedOperation): string {
  return started.tables.length === 1 ? `${started.operation} ${started.table}` : started.operation;
}

/** The attributes known when the operation starts (the samplers see them). */
export function startAttributes(started: StartedOperation, tenantOnSpans: boolean): Attributes {
  const tables = started.tables;
  const attributes: Attributes = {
    [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_AWS_DYNAMODB,
    [ATTR_DB_OPERATION_NAME]: started.operation,
    [ATTR_AWS_DYNAMODB_TABLE_NAMES]: tables as string[],
  };
  if (tables.length === 1) attributes[ATTR_DB_COLLECTION_NAME] = started.table;
  if (started.index !== undefined) attributes[ATTR_AWS_DYNAMODB_INDEX_NAME] = started.index;
  if (started.entity !== undefined) attributes[ATTR_ENTITY] = started.entity;
  if (tenantOnSpans && started.tenantId !== undefined) attributes[ATTR_TENANT_ID] = started.tenantId;
  return attributes;
}

/** The attributes known when the operation ends: counts, capacity, the error. */
export function endAttributes(event: OperationEvent): Attributes {
  const attributes: Attributes = {
    [ATTR_REQUESTS]: event.requests,
    [ATTR_RETRIES]: event.retries,
    [ATTR_THROTTLES]: event.throttles,
  };
  if (event.pages !== undefined) attributes[ATTR_PAGES] = event.pages;
  if (event.itemCount !== undefined) attributes[ATTR_ITEMS] = event.itemCount;
  if (event.unprocessedRetried !== undefined) attributes[ATTR_UNPROCESSED_RETRIED] = event.unprocessedRetried;
  if (event.consumedCapacity !== undefined) {
    attributes[ATTR_CONSUMED_READ] = event.consumedCapacity.read;
    attributes[ATTR_CONSUMED_WRITE] = event.consumedCapacity.write;
  }
  if (event.error !== undefined) {
    attributes[ATTR_ERROR_TYPE] = errorType(event.error);
    const code = awsErrorCode(event.error);
    if (code !== undefined) attributes[ATTR_DB_RESPONSE_STATUS_CODE] = code;
  }
  return attributes;
}

/** `error.type`: the named error the operation failed with (`ConditionalCheckFailedError`, `TenantIsolationError`). */
export function errorType(error: Error): string {
  return error.name || error.constructor.name || 'Error';
}

/** DynamoDB's own error code, from the AWS SDK error a fluent-dynamo error keeps as cause. */
function awsErrorCode(error: Error): string | undefined {
  const cause = (error as { cause?: { name?: unknown; $metadata?: unknown } }).cause;
  return cause?.$metadata !== undefined && typeof cause.name === 'string' ? cause.name : undefined;
}

/**
 * The attributes of the operation's metrics: low-cardinality names only (no key, no value, no entity), the
 * tenant only when asked for. The table only when the operation addresses one (the capacity counters name the
 * table of each part instead).
 */
export function metricAttributes(started: StartedOperation, tenantOnMetrics: boolean): Attributes {
  const attributes: Attributes = {
    [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_AWS_DYNAMODB,
    [ATTR_DB_OPERATION_NAME]: started.operation,
  };
  if (started.tables.length === 1) attributes[ATTR_DB_COLLECTION_NAME] = started.table;
  if (started.index !== undefined) attributes[ATTR_AWS_DYNAMODB_INDEX_NAME] = started.index;
  if (tenantOnMetrics && started.tenantId !== undefined) attributes[ATTR_TENANT_ID] = started.tenantId;
  return attributes;
}
