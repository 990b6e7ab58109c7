import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoRequestError } from '../../errors/errors.js';
import { backoffDelay, type RetryPolicy } from './backoff.js';

/** What is left of one chunk after its attempts. */
export interface RetryOutcome<W> {
  /** What was still not processed when the loop ended (empty on success). */
  readonly pending: readonly W[];
  /**
   * The part of `pending` that an attempt sent without learning its outcome
   * (its answer was lost): for writes, these may have landed.
   */
  readonly inDoubt: ReadonlySet<W>;
  readonly attempts: number;
  /** The error of the last attempt, if it failed. */
  readonly error?: unknown;
  /** True when that error cannot be retried: the loop stopped at once. */
  readonly fatal: boolean;
}

function retryable(error: unknown): error is DynamoRequestError {
  return error instanceof DynamoRequestError && error.retryable;
}

/**
 * Sends `work` and then whatever comes back unprocessed, waiting with
 * exponential backoff and full jitter between attempts, up to
 * policy.maxAttempts requests. A retryable failure (throttling, a lost
 * answer) counts as an attempt that processed nothing, but what a lost answer
 * held stays in doubt; any other failure ends the loop.
 *
 * `send` gets the pending work and returns what DynamoDB did not process. The
 * wait is a plain awaited timer, so the caller's AsyncLocalStorage context
 * (runWithClient) is still there after it.
 */
export async function sendUntilProcessed<W>(
  work: readonly W[],
  send: (pending: readonly W[]) => Promise<readonly W[]>,
  policy: RetryPolicy,
): Promise<RetryOutcome<W>> {
  let pending = work;
  const doubted = new Set<W>();
  const inDoubt = () => (doubted.size === 0 ? doubted : new Set(pending.filter((w) => doubted.has(w))));
  for (let attempt = 1; ; attempt++) {
    let error: unknown;
    try {
      pending = await send(pending);
    } catch (caught) {
      // A later attempt that hands a write back unprocessed does not undo what a lost answer may have done.
      if (caught instanceof DynamoRequestError && caught.outcomeUnknown) for (const w of pending) doubted.add(w);
      if (!retryable(caught)) return { pending, inDoubt: inDoubt(), attempts: attempt, error: caught, fatal: true };
      error = caught;
    }
    if (pending.length === 0) return { pending, inDoubt: inDoubt(), attempts: attempt, fatal: false };
    if (attempt >= policy.maxAttempts) return { pending, inDoubt: inDoubt(), attempts: attempt, error, fatal: false };
    const { ceilingMs, delayMs } = backoffDelay(policy, attempt);
    const reason = error instanceof DynamoRequestError ? error.code : 'unprocessed';
    policy.onRetry?.({ attempt, ceilingMs, delayMs, pending: pending.length, reason });
    await sleep(delayMs);
  }
}
