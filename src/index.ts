// Decorators need the Reflect metadata API; loading it here means users'
// classes get design types even when their own entry point forgets it.
import 'reflect-metadata';

export { DeleteItemBuilder, type DeleteItemResult } from './builders/delete/delete-item-builder.js';
export { GetItemBuilder, type GetItemResult } from './builders/get/get-item-builder.js';
export { PutItemBuilder, type PutItemResult } from './builders/put/put-item-builder.js';
export { QueryBuilder } from './builders/query/query-builder.js';
export type { Page } from './builders/read/page.js';
export type { IndexRef } from './builders/read/read-builder.js';
export { ScanBuilder } from './builders/scan/scan-builder.js';
export type { AttributeMap, IndexSchema, KeySchema, KeyValue } from './builders/shared/table-target.js';
export { UpdateItemBuilder, type UpdateItemResult } from './builders/update/update-item-builder.js';
export { currentClient, runWithClient } from './context/client-context.js';
export {
  type CancellationReason,
  ConditionalCheckFailedError,
  DynamoRequestError,
  ExpressionError,
  InvalidCursorError,
  InvalidRequestError,
  MappingError,
  MetadataError,
  TenantAccessDeniedError,
  TenantCredentialsError,
  TenantIsolationError,
  TransactionCanceledError,
  VersionConflictError,
} from './errors/errors.js';
export { FluentDynamoError } from './errors/fluent-dynamo-error.js';
export { Attribute, CreatedAt, Index, TimeToLive, UpdatedAt, Version } from './metadata/decorators/attribute.js';
export { PartitionKey, SortKey } from './metadata/decorators/keys.js';
export { Table } from './metadata/decorators/table.js';
export {
  type DataKeys,
  type Fields,
  fieldsOf,
  type IndexDescriptor,
  indexesOf,
  type KeyFormatter,
  type Keys,
  keysOf,
} from './metadata/entity-helpers.js';
export type {
  AttributeConverter,
  AttributeOptions,
  DateFormat,
  EntityClass,
  IndexOptions,
  IndexRole,
  KeyOptions,
  TableOptions,
} from './metadata/types.js';
export { DynamoDbTable, type DynamoDbTableOptions } from './repository/dynamo-db-table.js';
export type { PlainRecord } from './repository/record-target.js';
export { Repository, type RepositoryOptions } from './repository/repository.js';
export { type InstanceOf, SingleTable, type SingleTableOptions } from './repository/single-table.js';
export {
  type CreateTableOptions,
  createTable,
  type DeleteTableOptions,
  deleteTable,
  waitForTable,
} from './tables/table-admin.js';
export { type TableDefinitionOptions, tableDefinitionOf } from './tables/table-definition.js';
