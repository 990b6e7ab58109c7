import { BatchIncompleteError, type UnprocessedOperation } from '../../errors/batch-errors.js';
import { describeKey } from '../../errors/describe-key.js';
import type { BatchFailure } from './batch-failure.js';

const LISTED = 5;

/**
 * The error of a batch that did not process everything: says how many
 * operations did not make it and why, and names the first few; the error's
 * `unprocessed` lists all of them, and `uncertain` the writes whose outcome
 * is unknown.
 */
export function batchIncomplete(
  operation: 'BatchGetItem' | 'BatchWriteItem',
  unprocessed: readonly UnprocessedOperation[],
  total: number,
  why: BatchFailure,
  uncertain: readonly UnprocessedOperation[] = [],
): BatchIncompleteError {
  const verb = operation === 'BatchGetItem' ? 'read' : 'written';
  const cause =
    why.cause instanceof Error ? why.cause.message : why.cause === undefined ? undefined : String(why.cause);
  const reason = why.fatal
    ? `a request failed: ${cause}`
    : `still unprocessed after ${why.attempts} attempt(s)${cause ? ` (last error: ${cause})` : ''}`;
  const parts: string[] = [];
  if (unprocessed.length > 0 || uncertain.length === 0)
    parts.push(`${unprocessed.length} of ${total} operation(s) were not ${verb}, ${reason}: ${listed(unprocessed)}`);
  if (uncertain.length > 0) {
    parts.push(
      `${uncertain.length} of ${total} may or may not have been ${verb}${unprocessed.length > 0 ? '' : `, ${reason}`}: ` +
        `a request that held them lost its answer (read them back to know): ${listed(uncertain)}`,
    );
  }
  return new BatchIncompleteError(
    `${operation}: ${parts.join('. ')}`,
    operation,
    unprocessed,
    total - unprocessed.length - uncertain.length,
    { cause: why.cause, uncertain },
  );
}

function listed(operations: readonly UnprocessedOperation[]): string {
  const named = operations
    .slice(0, LISTED)
    .map((u) => `#${u.index} ${u.kind} ${u.table} (${describeKey(u.key)})`)
    .join('; ');
  return operations.length > LISTED ? `${named}; and ${operations.length - LISTED} more` : named;
}
