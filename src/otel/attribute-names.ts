/*
 * The attribute names fluent-dynamo's spans and metrics carry.
 *
 * OpenTelemetry semantic conventions v1.44.0: the stable database client conventions (`db.system.name`,
 * `db.operation.name`, `db.collection.name`, `error.type`, `db.response.status_code`: status "stable"; they
 * replace the deprecated `db.system`, `db.operation` and `db.name`) and the DynamoDB ones (`aws.dynamodb.*`, status
 * "development"), as `@opentelemetry/instrumentation-aws-sdk` writes them on the SDK's own spans. What the
 * conventions have no name for is under `fluent_dynamo.`.
 */
/** The database system: always {@link DB_SYSTEM_NAME_AWS_DYNAMODB}. */
export const ATTR_DB_SYSTEM_NAME = 'db.system.name';
/** The value of `db.system.name` for DynamoDB. */
export const DB_SYSTEM_NAME_AWS_DYNAMODB = 'aws.dynamodb';
/** The DynamoDB operation (`GetItem`, `Query`, `BatchWriteItem`, ...). */
export const ATTR_DB_OPERATION_NAME = 'db.operation.name';
/** The table, when the operation addresses one (not set for a batch or transaction over several tables). */
export const ATTR_DB_COLLECTION_NAME = 'db.collection.name';
/** DynamoDB's error code (`ConditionalCheckFailedException`, ...) of a failed operation, when DynamoDB gave one. */
export const ATTR_DB_RESPONSE_STATUS_CODE = 'db.response.status_code';
/** The name of the error a failed operation threw (`VersionConflictError`, `TenantIsolationError`, ...). */
export const ATTR_ERROR_TYPE = 'error.type';

/** Every table the operation addressed. */
export const ATTR_AWS_DYNAMODB_TABLE_NAMES = 'aws.dynamodb.table_names';
/** The index a query or scan read, when it read one. */
export const ATTR_AWS_DYNAMODB_INDEX_NAME = 'aws.dynamodb.index_name';
/** The capacity DynamoDB reported for the operation, as JSON, when it reported any. */
export const ATTR_AWS_DYNAMODB_CONSUMED_CAPACITY = 'aws.dynamodb.consumed_capacity';
/** Items a query or scan returned, over all its pages. */
export const ATTR_AWS_DYNAMODB_COUNT = 'aws.dynamodb.count';
/** Items a query or scan read before its filter, over all its pages. */
export const ATTR_AWS_DYNAMODB_SCANNED_COUNT = 'aws.dynamodb.scanned_count';

/** The tenant the operation (or the web request) ran for; only with the `tenantAttribute` option. */
export const ATTR_TENANT_ID = 'fluent_dynamo.tenant.id';
/** The entity class of a typed repository's operation. */
export const ATTR_ENTITY = 'fluent_dynamo.entity';
/** Requests the operation sent (pages of a query, chunks and retries of a batch). */
export const ATTR_REQUESTS = 'fluent_dynamo.requests';
/** Pages a query or scan read. */
export const ATTR_PAGES = 'fluent_dynamo.pages';
/** Requests sent again: the SDK's retries and a batch's resends of unprocessed items. */
export const ATTR_RETRIES = 'fluent_dynamo.retries';
/** Attempts DynamoDB answered with throttling. */
export const ATTR_THROTTLES = 'fluent_dynamo.throttles';
/** Items read (found) or written. */
export const ATTR_ITEMS = 'fluent_dynamo.items';
/** Batch items DynamoDB left unprocessed and that were sent again. */
export const ATTR_UNPROCESSED_RETRIED = 'fluent_dynamo.unprocessed_retried';
/** Read capacity units DynamoDB reported for the whole operation. */
export const ATTR_CONSUMED_READ = 'fluent_dynamo.consumed_capacity.read';
/** Write capacity units DynamoDB reported for the whole operation. */
export const ATTR_CONSUMED_WRITE = 'fluent_dynamo.consumed_capacity.write';

/** The span event of each request an operation sends, and its attributes. */
export const EVENT_REQUEST = 'fluent_dynamo.request';
/** 1 for the operation's first request, 2 for the next page or batch chunk, ... */
export const ATTR_REQUEST_NUMBER = 'fluent_dynamo.request.number';
/** The SDK's attempts at this request (1 without retries). */
export const ATTR_REQUEST_ATTEMPTS = 'fluent_dynamo.request.attempts';
