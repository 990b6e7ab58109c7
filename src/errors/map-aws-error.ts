import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describeKey } from './describe-key.js';
import { ConditionalCheckFailedError, DynamoRequestError, ItemExistsError, VersionConflictError } from './errors.js';
import { FluentDynamoError } from './fluent-dynamo-error.js';

/** What the builder knew when the request failed, to make the error say what happened. */
export interface FailureContext {
  readonly operation: string;
  readonly table: string;
  readonly label: string;
  readonly key?: Record<string, AttributeValue>;
  /** Set when the write carried a `@Version` check. */
  readonly version?: { readonly attribute: string; readonly expected: number | undefined };
  /** What the sender saw of each attempt (see DynamoRequestError.outcomeUnknown); else judged from the last error. */
  readonly outcomeUnknown?: () => boolean;
}

interface AwsErrorShape {
  name?: string;
  /** Node's network error code (ECONNREFUSED, ECONNRESET, ...), on errors that never reached DynamoDB. */
  code?: string;
  message?: string;
  Item?: Record<string, AttributeValue>;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** The error names DynamoDB answers a throttled request with. */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

const RETRYABLE = new Set([
  ...THROTTLING_CODES,
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

/** Turns an AWS SDK error into the package's named errors, keeping the original as `cause`. */
export function mapAwsError(error: unknown, context: FailureContext): Error {
  if (error instanceof FluentDynamoError) return error;
  const e = (error ?? {}) as AwsErrorShape;
  // A network error is a plain Error with Node's code: the code says more than the name.
  const code = (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? e.name ?? 'UnknownError';
  const where = `${context.operation} on ${context.table}${context.key ? ` (${describeKey(context.key)})` : ''}`;
  if (code === 'ConditionalCheckFailedException') {
    const attempts = e.$metadata?.attempts ?? 1;
    const afterRetry = attempts > 1;
    // A retry after a lost answer can fail on the request's own first write: say so, the caller cannot tell.
    const retried = afterRetry
      ? ` (the SDK sent this request ${attempts} times after a lost answer: an earlier attempt may have applied this very write; read the item to know)`
      : '';
    const version = context.version;
    if (version) {
      const stored = e.Item?.[version.attribute]?.N;
      const expected = version.expected === undefined ? undefined : String(version.expected);
      if (expected === undefined && e.Item !== undefined) {
        return new ItemExistsError(
          `${where}: an item with this key already exists, so the put of a new ${context.label} was refused. ` +
            'Choose another key; to replace the stored item on purpose, read it and put that copy (it carries its version), or use skipVersionCheck()' +
            retried,
          context.table,
          context.key,
          e.Item,
          { cause: error, afterRetry },
        );
      }
      if (stored !== expected) {
        const was = e.Item === undefined ? 'the item does not exist' : `stored version is ${stored ?? 'unset'}`;
        return new VersionConflictError(
          `${where}: version conflict: expected version ${expected ?? '(new item)'}, but ${was}. Another writer changed the ${context.label}: read it again and retry.${retried}`,
          context.table,
          context.key,
          e.Item,
          { cause: error, afterRetry },
        );
      }
    }
    return new ConditionalCheckFailedError(
      `${where}: the condition was not met${retried}`,
      context.table,
      context.key,
      e.Item,
      { cause: error, afterRetry },
    );
  }
  const retryable = Boolean(e.$retryable) || RETRYABLE.has(code) || (e.$metadata?.httpStatusCode ?? 0) >= 500;
  return new DynamoRequestError(
    `${where} failed: ${code}: ${e.message ?? String(error)}`,
    code,
    context.operation,
    context.table,
    retryable,
    { cause: error, outcomeUnknown: context.outcomeUnknown?.() },
  );
}
