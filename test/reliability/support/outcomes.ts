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
  // The library's own verdicts decide, so a wrong one fails the suite (a 'failed' write is checked absent at the
  // end): a refused condition is definite unless the SDK retried (afterRetry: the earlier attempt, whose answer
  // was lost, may have been applied); another failure is definite unless outcomeUnknown.
  if (error instanceof ConditionalCheckFailedError) {
    return { verdict: error.afterRetry ? 'unknown' : 'failed', label: error.name };
  }
  if (error instanceof DynamoRequestError) {
    const causeCode = (error.cause as { code?: unknown } | undefined)?.code;
    const label = `${error.name}:${error.code}${causeCode === 'ECONNREFUSED' ? '(ECONNREFUSED)' : ''}`;
    return { verdict: error.outcomeUnknown ? 'unknown' : 'failed', label };
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
