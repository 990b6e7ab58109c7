/**
 * `fluent-dynamo`: decorated entities, immutable fluent request builders and per-request (per-tenant) clients for
 * Amazon DynamoDB. Entities carry metadata (`@Table`, `@PartitionKey`, `@Attribute`, ...); a {@link Repository},
 * {@link DynamoDbTable} or {@link SingleTable} turns it into request builders; every builder runs with the client
 * given by `withClient()` or, for a whole async call tree, by {@link runWithClient}.
 *
 * @module fluent-dynamo
 */
// Decorators need the Reflect metadata API; loading it here means users'
// classes get design types even when their own entry point forgets it.
import 'reflect-metadata';

// The single-item builders (get, put, update, delete, query, scan, condition check) come from repositories and
// tables: exported as types only. The batch and transaction builders are constructed by users: values.

export { BatchGetItemRequestBuilder } from './builders/batch-get/batch-get-item-builder.js';
export { BatchGetResult } from './builders/batch-get/batch-get-result.js';
export { BatchWriteItemRequestBuilder } from './builders/batch-write/batch-write-item-builder.js';
export type { BatchWriteProgress, BatchWriteResult } from './builders/batch-write/batch-write-result.js';
export type { RetryInfo, RetryOptions } from './builders/batching/backoff.js';
export type { OperationItems } from './builders/batching/operation-items.js';
export type {
  Configure,
  DeleteSource,
  GetSource,
  PutSource,
  TargetSource,
  UpdateSource,
} from './builders/batching/sources.js';
export type { TransactionReason } from './builders/batching/transaction-cancellation.js';
export type { TransactionOperationInfo } from './builders/batching/transaction-operation.js';
export type { ConditionCheckBuilder } from './builders/condition-check/condition-check-builder.js';
export type { DeleteItemBuilder, DeleteItemResult } from './builders/delete/delete-item-builder.js';
export {
  type BuildWith,
  batchGet,
  batchWrite,
  transactGet,
  transaction,
} from './builders/from-context/from-context.js';
export type { GetItemBuilder, GetItemResult } from './builders/get/get-item-builder.js';
export type { PutItemBuilder, PutItemResult } from './builders/put/put-item-builder.js';
export type { QueryBuilder } from './builders/query/query-builder.js';
export { type CursorMode, type CursorOptions, configureCursors } from './builders/read/cursor-options.js';
export type { Page } from './builders/read/page.js';
export type { IndexRef } from './builders/read/read-builder.js';
export type { ScanBuilder } from './builders/scan/scan-builder.js';
export type { IndexSchema, KeySchema, KeyValue } from './builders/shared/table-target.js';
export { TransactGetItemsRequestBuilder } from './builders/transact-get/transact-get-items-builder.js';
export { TransactGetResult } from './builders/transact-get/transact-get-result.js';
export { TransactWriteItemsRequestBuilder } from './builders/transact-write/transact-write-items-builder.js';
export type { TransactWriteResult } from './builders/transact-write/transact-write-result.js';
export type { ReturnedAttributes, UpdateItemBuilder, UpdateItemResult } from './builders/update/update-item-builder.js';
export {
  type ClientTimeouts,
  ConfigurationError,
  type CreateDynamoClientOptions,
  createDynamoClient,
  DEFAULT_HTTP_POOL,
  type HttpPoolOptions,
  RegionalClients,
  type RegionalClientsOptions,
  type ResolvedHttpPoolOptions,
  SharedHttpHandler,
} from './clients/index.js';
export { bindClientContext, clientContextSnapshot } from './context/bind.js';
export { bindStreamContext } from './context/bind-stream.js';
export { currentClient, runWithClient } from './context/client-context.js';
export { currentTenant, requireTenant } from './context/current-tenant.js';
export { runWithoutClient } from './context/without-client.js';
export { BatchIncompleteError, type UnprocessedOperation } from './errors/batch-errors.js';
export type { TenantIsolationDetails } from './errors/errors.js';
export {
  type CancellationReason,
  ConditionalCheckFailedError,
  DynamoRequestError,
  ExpressionError,
  InvalidCursorError,
  InvalidRequestError,
  ItemExistsError,
  MappingError,
  MetadataError,
  NoTenantError,
  StreamRecordError,
  type StreamRecordProblem,
  TenantAccessDeniedError,
  TenantCredentialsError,
  TenantIsolationError,
  TransactionCanceledError,
  VersionConflictError,
} from './errors/errors.js';
export { FluentDynamoError } from './errors/fluent-dynamo-error.js';
export type { DataKeys } from './expressions/types/data-keys.js';
export type { AttributeTypeName } from './expressions/types/slots.js';
export type { CheckedTemplate, TemplateKind, TemplateValues } from './expressions/types/template.js';
export type { TenantIsolationOptions } from './isolation/isolation-option.js';
export {
  currentTenantScope,
  runInTenantScope,
  type TenantScope,
  type TenantScopeOptions,
} from './isolation/tenant-scope.js';
export type { AttributeConverter, AttributeMap, DateFormat } from './mapping/types.js';
export { Attribute, CreatedAt, Index, TimeToLive, UpdatedAt, Version } from './metadata/decorators/attribute.js';
export { type KeyDecorator, PartitionKey, SortKey } from './metadata/decorators/keys.js';
export { Table } from './metadata/decorators/table.js';
export {
  type Fields,
  fieldsOf,
  type IndexDescriptor,
  indexesOf,
  type KeyFormatter,
  type Keys,
  keysOf,
} from './metadata/entity-helpers.js';
export {
  type KeyInput,
  KeyParts,
  type KeyPartsDeclaration,
  type KeyScalarValue,
  type PartitionKeyInput,
  type SortKeyInput,
} from './metadata/key-parts.js';
export type {
  AttributeOptions,
  EntityClass,
  IndexOptions,
  IndexRole,
  KeyOptions,
  TableOptions,
} from './metadata/types.js';
export { CapacityMeter, type CapacityUsage } from './observability/capacity-meter.js';
export { onOperation } from './observability/on-operation.js';
export type { ConsumedUnits, OperationEvent, OperationName } from './observability/operation-event.js';
export type { EntityInit } from './repository/create-entity.js';
export { DynamoDbTable, type DynamoDbTableOptions } from './repository/dynamo-db-table.js';
export type { PlainRecord } from './repository/record-target.js';
export { Repository, type RepositoryOptions } from './repository/repository.js';
export { type InstanceOf, SingleTable, type SingleTableOptions } from './repository/single-table.js';
export type { CursorSecret } from './security/cursor-keys.js';
export type { PolicyDocument, PolicyStatement } from './security/iam-policy.js';
export {
  TENANT_ACTIONS,
  type TenantPolicyOptions,
  type TrustPolicyOptions,
  tenantPolicy,
  tenantTrustPolicy,
} from './security/tenant-policy.js';
export {
  type CreateTableOptions,
  createTable,
  type DeleteTableOptions,
  deleteTable,
  waitForTable,
} from './tables/table-admin.js';
export { type TableDefinitionOptions, tableDefinitionOf } from './tables/table-definition.js';
export { CONFIGURATION_FAILURE_CODES, isConfigurationFailure } from './tenancy/configuration-failure.js';
export {
  type PerTenant,
  type SessionPolicy,
  StsTenantClientProvider,
  type StsTenantClientProviderOptions,
  type TenantAccessDeniedDetails,
  type TenantAccessDeniedReason,
  type TenantCredentialsDetails,
  type TenantEvent,
  type TenantEventType,
  type TenantLogger,
  type TenantPrincipal,
  type TenantProviderStats,
  tenantIdProblem,
} from './tenancy/index.js';
export type {
  AssumeRoleRequest,
  StsCallerCredentials,
  StsClientConfigLike,
  StsClientLike,
  StsProvided,
  StsSessionTag,
} from './tenancy/sts-client-like.js';
