import type { RetryOutcome } from './retry-loop.js';

/** Why a batch did not complete, as its chunks end: what batchIncomplete() reports. */
export interface BatchFailure {
  readonly attempts: number;
  readonly cause?: unknown;
  /** A request failed in a way no retry fixes: the batch stops starting chunks. */
  readonly fatal: boolean;
}

export const NO_FAILURE: BatchFailure = { attempts: 0, fatal: false };

/**
 * The failure once one more chunk has ended: a fatal outcome replaces anything; a chunk left unprocessed
 * replaces a failure that is not fatal (its error, or the cause known so far); a complete chunk changes nothing.
 */
export function failureAfter(failure: BatchFailure, outcome: RetryOutcome<unknown>): BatchFailure {
  if (outcome.fatal) return { attempts: outcome.attempts, cause: outcome.error, fatal: true };
  if (outcome.pending.length > 0 && !failure.fatal) {
    return { attempts: outcome.attempts, cause: outcome.error ?? failure.cause, fatal: false };
  }
  return failure;
}
