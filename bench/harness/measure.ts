/**
 * Paired measurement: each round times the raw SDK and fluent-dynamo back to
 * back (alternating which goes first), and the result is the median of the
 * per-round ratios, so drifting machine load affects both sides alike.
 */
export interface Pair {
  readonly raw: () => Promise<unknown>;
  readonly fluent: () => Promise<unknown>;
}

export interface PairResult {
  readonly rawNsPerOp: number;
  readonly fluentNsPerOp: number;
  /** fluent / raw, median over rounds. */
  readonly ratio: number;
}

export async function nsPerOp(fn: () => Promise<unknown>, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  return Number(process.hrtime.bigint() - start) / iterations;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function measurePair(pair: Pair, options: { rounds: number; iterations: number }): Promise<PairResult> {
  const warm = Math.max(1, Math.floor(options.iterations / 4));
  await nsPerOp(pair.raw, warm);
  await nsPerOp(pair.fluent, warm);
  const raws: number[] = [];
  const fluents: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    let raw: number;
    let fluent: number;
    if (round % 2 === 0) {
      raw = await nsPerOp(pair.raw, options.iterations);
      fluent = await nsPerOp(pair.fluent, options.iterations);
    } else {
      fluent = await nsPerOp(pair.fluent, options.iterations);
      raw = await nsPerOp(pair.raw, options.iterations);
    }
    raws.push(raw);
    fluents.push(fluent);
    ratios.push(fluent / raw);
  }
  return { rawNsPerOp: median(raws), fluentNsPerOp: median(fluents), ratio: median(ratios) };
}

/** Operations per second with `concurrency` loops running for `ms` milliseconds. */
export async function throughput(fn: () => Promise<unknown>, concurrency: number, ms: number): Promise<number> {
  let ops = 0;
  const deadline = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await fn();
        ops += 1;
      }
    }),
  );
  return ops / (ms / 1000);
}
