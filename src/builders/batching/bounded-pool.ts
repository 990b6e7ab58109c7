import { InvalidRequestError } from '../../errors/errors.js';

/**
 * Runs `worker` on every item with at most `concurrency` running at once.
 * Once `stop()` answers true no new item is started (running ones finish);
 * returns the items that were never started, so a caller can report them.
 */
export async function runBounded<I>(
  items: readonly I[],
  concurrency: number,
  worker: (item: I) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<I[]> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const item = items[next++] as I;
      await worker(item);
    }
  };
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, lane);
  const settled = await Promise.allSettled(lanes);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return items.slice(next);
}

/** Checks a concurrency(n) argument. */
export function checkedConcurrency(owner: string, n: number): number {
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidRequestError(`${owner}.concurrency needs a positive integer, got ${n}`);
  return n;
}
