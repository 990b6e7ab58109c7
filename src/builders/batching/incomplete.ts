import { BatchIncompleteError, type UnprocessedOperation } from '../../errors/batch-errors.js';
import { describeKey } from './item-identity.js';

const LISTED = 5;

/**
 * The error of a batch that did not process everything: says how many
 * operations did not make it and why, and names the first few; the error's
 * `unprocessed` lists all of them.
 */
export function batchIncomplete(
  operation: 'BatchGetItem' | 'BatchWriteItem',
  unprocessed: readonly UnprocessedOperation[],
  total: number,
  why: { attempts: number; cause?: unknown; fatal: boolean },
): BatchIncompleteError {
  const verb = operation === 'BatchGetItem' ? 'read' : 'written';
  const named = unprocessed
    .slice(0, LISTED)
    .map((u) => `#${u.index} ${u.kind} ${u.table} (${describeKey(u.key)})`)
    .join('; ');
  const more = unprocessed.length > LISTED ? `; and ${unprocessed.length - LISTED} more` : '';
  const cause =
    why.cause instanceof Error ? why.cause.message : why.cause === undefined ? undefined : String(why.cause);
  const reason = why.fatal
    ? `a request failed: ${cause}`
    : `still unprocessed after ${why.attempts} attempt(s)${cause ? ` (last error: ${cause})` : ''}`;
  return new BatchIncompleteError(
    `${operation}: ${unprocessed.length} of ${total} operation(s) were not ${verb}, ${reason}: ${named}${more}`,
    operation,
    unprocessed,
    total - unprocessed.length,
    why.cause === undefined ? undefined : { cause: why.cause },
  );
}
