import { InvalidRequestError } from '../../errors/errors.js';

/** What a batch builder reports before each backoff wait (see RetryOptions.onRetry). */
export interface RetryInfo {
  /** The attempt that just ended (1 = the first request). */
  readonly attempt: number;
  /** The upper bound of this wait: baseDelayMs * 2^(attempt-1), capped at maxDelayMs. */
  readonly ceilingMs: number;
  /** The wait chosen in [0, ceilingMs] (full jitter). */
  readonly delayMs: number;
  /** Keys or items still to send. */
  readonly pending: number;
  /** 'unprocessed' (DynamoDB returned UnprocessedKeys/UnprocessedItems) or the AWS error code of a throttled request. */
  readonly reason: string;
}

/** How batch builders retry unprocessed items and throttling: attempts, and exponential backoff with full jitter. */
export interface RetryOptions {
  /** Requests per chunk, the first one included (default 8). 1 means no retry. */
  maxAttempts?: number;
  /** The ceiling of the first wait (default 50 ms); it doubles with every attempt. */
  baseDelayMs?: number;
  /** No wait is longer than this (default 5,000 ms). */
  maxDelayMs?: number;
  /** Source of randomness in [0, 1) for the jitter (default Math.random); `() => 1` waits the full ceiling. */
  random?: () => number;
  /** Called before each wait, e.g. for logs and metrics. */
  onRetry?: (info: RetryInfo) => void;
}

export type RetryPolicy = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  random: Math.random,
};

function positive(name: string, value: number, integer: boolean): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new InvalidRequestError(
      `withRetry: ${name} must be a non-negative ${integer ? 'integer' : 'number'}, got ${value}`,
    );
  }
  return value;
}

/** Checks the options once, when withRetry() is called, so a bad value fails before anything is sent. */
export function retryPolicy(options: RetryOptions, base: RetryPolicy = DEFAULT_RETRY): RetryPolicy {
  const policy = { ...base, ...options };
  positive('maxAttempts', policy.maxAttempts, true);
  if (policy.maxAttempts < 1) throw new InvalidRequestError('withRetry: maxAttempts must be at least 1');
  positive('baseDelayMs', policy.baseDelayMs, false);
  positive('maxDelayMs', policy.maxDelayMs, false);
  if (typeof policy.random !== 'function') throw new InvalidRequestError('withRetry: random must be a function');
  return policy;
}

/**
 * Exponential backoff with full jitter (a uniform wait between 0 and the
 * ceiling): spreads the retries of concurrent chunks and clients so they do
 * not hit a throttled table in step.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number): { ceilingMs: number; delayMs: number } {
  const ceilingMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const r = Math.min(1, Math.max(0, policy.random()));
  return { ceilingMs, delayMs: Math.round(r * ceilingMs) };
}
