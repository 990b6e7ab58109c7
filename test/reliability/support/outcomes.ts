import {
  ConditionalCheckFailedError,
  DynamoRequestError,
  ExpressionError,
  FluentDynamoError,
  InvalidRequestError,
  MappingError,
  TenantAccessDeniedError,
  TenantIsolationError,
  TransactionCanceledError,
} from '../../../src/index.js';

/**
 * What the application can conclude from how a write ended:
 * - 'failed': it definitely did not happen (DynamoDB refused it, or it was
 *   refused before sending);
 * - 'unknown': it may or may not have happened (no answer, a reset, or an
 *   answer to an SDK retry of an attempt that may have been applied).
 */
export type Verdict = 'failed' | 'unknown';

export interface Classified {
  readonly verdict: Verdict;
  /** The error class and code, for the report: `VersionConflictError`, `DynamoRequestError:TimeoutError`. */
  readonly label: string;
}

/** How many attempts the SDK made for the request behind `error` (1 when unknown). */
export function attemptsOf(error: unknown): number {
  const cause = (error as { cause?: { $metadata?: { attempts?: number } } } | undefined)?.cause;
  return cause?.$metadata?.attempts ?? 1;
}

/** Refused before anything was sent. */
export function refusedBeforeSending(error: unknown): boolean {
  return (
    error instanceof MappingError ||
    error instanceof ExpressionError ||
    error instanceof InvalidRequestError ||
    error instanceof TenantIsolationError ||
    error instanceof TenantAccessDeniedError
  );
}

/** DynamoDB's codes for a request it refused without applying anything. */
const REFUSED_BY_DYNAMODB = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ValidationException',
  'ResourceNotFoundException',
  'IdempotentParameterMismatchException',
  'TransactionInProgressException',
]);

/**
 * Sorts an error of a single write (put, update, delete, transaction).
 * Throws when the error is not one of the library's named errors: every
 * failure must be a FluentDynamoError subclass.
 */
export function classify(error: unknown): Classified {
  if (!(error instanceof FluentDynamoError)) {
    throw new Error(`not a named fluent-dynamo error: ${String((error as Error)?.stack ?? error)}`);
  }
  if (refusedBeforeSending(error)) return { verdict: 'failed', label: error.name };
  // A cancelled transaction wrote nothing; the SDK's retries reuse its token, so a retry of an applied
  // attempt is answered with success, never with a cancellation.
  if (error instanceof TransactionCanceledError) return { verdict: 'failed', label: error.name };
  // A refused condition is definite only if it answered the first attempt: on a retry, the condition may
  // have been refused because the earlier attempt (whose answer was lost) had been applied.
  if (error instanceof ConditionalCheckFailedError) {
    return { verdict: attemptsOf(error) === 1 ? 'failed' : 'unknown', label: error.name };
  }
  if (error instanceof DynamoRequestError) {
    const label = `${error.name}:${error.code}`;
    // A refused connection: nothing reached DynamoDB (the library reports it with code 'Error' today).
    const causeCode = (error.cause as { code?: unknown } | undefined)?.code;
    if (causeCode === 'ECONNREFUSED' && attemptsOf(error) === 1)
      return { verdict: 'failed', label: `${label}(ECONNREFUSED)` };
    if (REFUSED_BY_DYNAMODB.has(error.code) && attemptsOf(error) === 1) return { verdict: 'failed', label };
    return { verdict: 'unknown', label };
  }
  return { verdict: 'unknown', label: error.name };
}

/** Counts labels, for the test log. */
export class Tally {
  readonly #counts = new Map<string, number>();

  add(label: string, n = 1): void {
    this.#counts.set(label, (this.#counts.get(label) ?? 0) + n);
  }

  get(label: string): number {
    return this.#counts.get(label) ?? 0;
  }

  /** Adds every count of `other`. */
  merge(other: Tally): this {
    for (const [label, n] of other.entries()) this.add(label, n);
    return this;
  }

  entries(): Array<[string, number]> {
    return [...this.#counts.entries()];
  }

  total(): number {
    let sum = 0;
    for (const n of this.#counts.values()) sum += n;
    return sum;
  }

  toString(): string {
    return (
      [...this.#counts.entries()]
        .filter(([, n]) => n !== 0)
        .sort((a, b) => b[1] - a[1])
        .map(([label, n]) => `${label} ${n}`)
        .join(', ') || 'none'
    );
  }
}
