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

/** What one request left: the work DynamoDB handed back, and whether an attempt inside it lost its answer. */
export interface SendResult<W> {
  readonly unprocessed: readonly W[];
  /**
   * True when one of the SDK's own attempts of this request was sent and its answer lost before a later
   * attempt answered: what that answer hands back may have been done by the lost attempt.
   */
  readonly answerLost: boolean;
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
  send: (pending: readonly W[]) => Promise<SendResult<W>>,
  policy: RetryPolicy,
): Promise<RetryOutcome<W>> {
  let pending = work;
  const doubted = new Set<W>();
  const inDoubt = () => (doubted.size === 0 ? doubted : new Set(pending.filter((w) => doubted.has(w))));
  for (let attempt = 1; ; attempt++) {
    let error: unknown;
    try {
      const result = await send(pending);
      // Handed back after a lost answer: the lost attempt may have done it, so it is in doubt, as after a failure.
      if (result.answerLost) for (const w of result.unprocessed) doubted.add(w);
      pending = result.unprocessed;
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
