import type { Page } from '../read/page.js';

interface PageSource<R> {
  pages(): AsyncGenerator<Page<R>, void, undefined>;
}

/**
 * Merges the pages of several segment scans into one stream of items, in the
 * order pages arrive. Each segment fetches its next page only after its
 * previous page was handed to the consumer, so memory stays bounded; when the
 * consumer stops (break, return, or `limit` reached), no segment fetches
 * another page; the first error ends the stream.
 */
export async function* parallelScan<R>(
  segments: readonly PageSource<R>[],
  limit: number | undefined,
): AsyncGenerator<R, void, undefined> {
  const ready: Array<{ page: Page<R>; taken: () => void }> = [];
  let wake: (() => void) | undefined;
  let failure: { error: unknown } | undefined;
  let running = segments.length;
  let stopped = false;

  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const worker = async (source: PageSource<R>) => {
    const pages = source.pages();
    try {
      while (!stopped) {
        const next = await pages.next();
        if (next.done || stopped) break;
        await new Promise<void>((taken) => {
          ready.push({ page: next.value, taken });
          signal();
        });
      }
    } catch (error) {
      failure ??= { error };
    } finally {
      running -= 1;
      await pages.return(undefined).catch(() => undefined);
      signal();
    }
  };

  const workers = segments.map(worker);
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  let entry: (typeof ready)[number] | undefined;
  try {
    while (remaining > 0) {
      if (failure) throw failure.error;
      entry = ready.shift();
      if (!entry) {
        if (running === 0) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      for (const item of entry.page.items) {
        if (remaining <= 0) break;
        remaining -= 1;
        yield item;
      }
      entry.taken();
      entry = undefined;
    }
    if (failure) throw failure.error;
  } finally {
    stopped = true;
    // The page being consumed when the consumer stopped: its segment waits for it to be taken.
    entry?.taken();
    for (const entry of ready.splice(0)) entry.taken();
    await Promise.all(workers);
  }
}
