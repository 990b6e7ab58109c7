import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { FluentDynamoError } from './fluent-dynamo-error.js';
import { attemptNotApplied, attemptsOf } from './outcome.js';

/** Entity metadata is wrong: thrown at decoration or repository construction. */
export class MetadataError extends FluentDynamoError {
  constructor(
    message: string,
    /** The entity class's name, when the error concerns one. */
    readonly entity?: string,
    /** The property whose metadata is wrong, when the error concerns one. */
    readonly property?: string,
  ) {
    super(message);
  }
}

/** An expression template is wrong; thrown before any request is sent. */
export class ExpressionError extends FluentDynamoError {
  constructor(
    message: string,
    /** The template as written. */
    readonly template: string,
    /** The offset in `template` where the problem was found, when known. */
    readonly position?: number,
  ) {
    super(message);
  }
}

/** A value cannot be converted to or from a DynamoDB attribute. */
export class MappingError extends FluentDynamoError {
  constructor(
    message: string,
    /** The entity class's name, when the value belongs to one. */
    readonly entity?: string,
    /** The property whose value could not be converted, when known. */
    readonly property?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A builder was used in a way no request can come of (no key, no item, ...). Thrown before sending. */
export class InvalidRequestError extends FluentDynamoError {}

/** A pagination cursor was altered, cut, or belongs to another query. */
export class InvalidCursorError extends InvalidRequestError {}

/** DynamoDB refused a write or delete because its condition was false. */
export class ConditionalCheckFailedError extends FluentDynamoError {
  /**
   * True when the SDK sent the request more than once because an earlier
   * attempt's answer was lost: the condition may have failed on this very
   * write, applied by that attempt. Read the item to know (`item` helps).
   */
  readonly afterRetry: boolean;

  constructor(
    message: string,
    /** The table written to. */
    readonly table: string,
    /** The key of the item written or deleted, when known. */
    readonly key: Record<string, AttributeValue> | undefined,
    /** The item as it was, when `returnValuesOnConditionCheckFailure` asked for it. */
    readonly item: Record<string, AttributeValue> | undefined,
    options?: { cause?: unknown; afterRetry?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.afterRetry = options?.afterRetry ?? false;
  }
}

/** The item's `@Version` did not match the stored one: somebody else wrote it first. */
export class VersionConflictError extends ConditionalCheckFailedError {}

/**
 * A put of a new item (a `@Version` entity whose version is unset) found an item under its key: the id is
 * taken. Not a version conflict: reading again and retrying would only overwrite somebody else's item.
 */
export class ItemExistsError extends ConditionalCheckFailedError {}

/** One operation of a cancelled transaction. */
export interface CancellationReason {
  /** Position of the operation in the transaction, from 0. */
  readonly index: number;
  /** DynamoDB's code for it: `None` for an operation that was not at fault, `ConditionalCheckFailed`, `TransactionConflict`, ... */
  readonly code: string;
  /** DynamoDB's message, when it gave one. */
  readonly message?: string;
  /** The item as it was, when the operation asked for it on a failed condition. */
  readonly item?: Record<string, AttributeValue>;
  /** 'Put' | 'Update' | 'Delete' | 'ConditionCheck' | 'Get' */
  readonly operation?: string;
  /** The table the operation addressed. */
  readonly table?: string;
  /** The key of the operation's item. */
  readonly key?: Record<string, AttributeValue>;
}

/** A transaction was cancelled; `reasons` has one entry per operation, in order. */
export class TransactionCanceledError extends FluentDynamoError {
  constructor(
    message: string,
    /** One entry per operation of the transaction, in the order they were added. */
    readonly reasons: readonly CancellationReason[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Any other error DynamoDB (or the network on the way to it) returned. */
export class DynamoRequestError extends FluentDynamoError {
  constructor(
    message: string,
    /** The AWS error name, e.g. `ResourceNotFoundException`, `ProvisionedThroughputExceededException`. */
    readonly code: string,
    /** The DynamoDB operation that failed (`GetItem`, `Query`, ...). */
    readonly operation: string,
    /** The table it addressed; undefined for a request naming several tables. */
    readonly table: string | undefined,
    /** True when the same request may succeed later (throttling, a network or server failure). */
    readonly retryable: boolean,
    options?: { cause?: unknown; outcomeUnknown?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.outcomeUnknown =
      options?.outcomeUnknown ?? (attemptsOf(options?.cause) > 1 || (retryable && !attemptNotApplied(options?.cause)));
  }

  /**
   * True when a write may have been applied although it failed: an answer was
   * lost (a reset connection, a timeout) or DynamoDB failed inside (5xx). Read
   * the item back to know. False when it was refused (throttling, validation)
   * or never sent. A request the SDK retried counts as unknown, since the SDK
   * does not say how its earlier attempts ended (batch writes record it).
   */
  readonly outcomeUnknown: boolean;
}

/**
 * Why a principal was refused a tenant: the tenant id is not acceptable, the principal's tenants do not
 * include it, the `authorize` hook said no, or no principal was given where one is required.
 */
export type TenantAccessDeniedReason =
  | 'invalid-tenant-id'
  | 'not-a-member'
  | 'authorize-refused'
  | 'principal-required';

/** A principal may not act for a tenant, or the tenant id is not acceptable. Thrown before any STS call. */
export class TenantAccessDeniedError extends FluentDynamoError {
  /** The tenant asked for. */
  declare readonly tenantId?: string;
  /** Why (set by every refusal of the library; a provider of your own should set one of these too). */
  declare readonly reason?: TenantAccessDeniedReason;
}

/** A tenant's temporary credentials could not be had: STS refused or failed, or the call would break STS's rules. */
export class TenantCredentialsError extends FluentDynamoError {
  /** STS's code (AccessDenied, ExpiredToken, RegionDisabled, PackedPolicyTooLarge, MalformedPolicyDocument, Throttling, ValidationError, ...), or InvalidConfiguration, ProviderClosed, InvalidResponse. */
  declare readonly code?: string;
  /** The tenant whose credentials were asked for. */
  declare readonly tenantId?: string;
  /** The role that was (or would have been) assumed for it. */
  declare readonly roleArn?: string;
  /** True when the same call may succeed later (throttling, network); false when something must change first. */
  declare readonly retryable?: boolean;
  /** For a remembered failure: the seconds until STS is asked again. */
  declare readonly retryAfterSeconds?: number;
}
/** What a TenantIsolationError knows about the request it refused; each field is there where its throw site knows it. */
export interface TenantIsolationDetails {
  /** The tenant of the scope or session that refused the request; absent when there was none (the request ran outside it). */
  readonly tenantId?: string;
  /** The DynamoDB operation refused (`UpdateItem`, `BatchWriteItem`, ...), when known. */
  readonly operation?: string;
  /** The table it addressed, when known (a request naming several tables gives none). */
  readonly table?: string;
}

/**
 * A request would have crossed the tenant boundary (another tenant's key, a client or credentials outside
 * their tenant scope); it was not sent.
 */
export class TenantIsolationError extends FluentDynamoError {
  /** The tenant of the scope or session that refused the request; absent when the request ran outside one. */
  declare readonly tenantId?: string;
  /** The DynamoDB operation refused (`UpdateItem`, `BatchWriteItem`, ...), when known. */
  declare readonly operation?: string;
  /** The table it addressed, when known. */
  declare readonly table?: string;
}

/**
 * Code that needs the tenant of the request (requireTenant()) ran outside any
 * tenant context: not in a request the tenant middleware or `@TenantScoped()`
 * serves, nor in the provider's run() or runInTenantScope.
 */
export class NoTenantError extends FluentDynamoError {}

/** Why a stream record could not become a change: see StreamRecordError. */
export type StreamRecordProblem =
  | 'malformed'
  | 'missing-image'
  | 'unknown-table'
  | 'unknown-type'
  | 'hydration'
  | 'no-tenant'
  /**
   * A record told apart by its keys only (no image, or an image without a discriminator of classes declared with
   * `discriminator: false`) whose key format fits two given classes.
   */
  | 'ambiguous';

/**
 * A DynamoDB stream record could not be turned into a typed change: it lacks a part its view type promises,
 * its table or entity type is not registered (when unknown records are refused), or an image does not map
 * onto its entity class. It names the record by sequence number, and the entity, property and the mapping
 * error's name where known; it never carries attribute values (the cause is left off for that reason).
 */
export class StreamRecordError extends FluentDynamoError {
  constructor(
    message: string,
    /** What is wrong with the record. */
    readonly problem: StreamRecordProblem,
    /** The record's stream sequence number, when it has one. */
    readonly sequenceNumber: string | undefined,
    /** Where the problem was found, as far as known: never attribute values. */
    readonly details: {
      /** The table of the record. */
      readonly table?: string;
      /** The entity class the record was mapped onto. */
      readonly entity?: string;
      /** The property whose attribute did not map. */
      readonly property?: string;
    } = {},
  ) {
    super(message);
  }
}
