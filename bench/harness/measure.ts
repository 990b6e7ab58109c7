/**
 * Paired measurement. The machine is shared and its load drifts, so each
 * side is never timed alone: every round times both back to back in an
 * A-B-A pattern (half the first side's iterations, all of the second's, the
 * other half of the first's), alternating which side is A. The ratio of a
 * round compares windows a few hundred milliseconds apart, and a load that
 * rises or falls steadily during the round weighs on both sides alike. The
 * result is the median of the rounds' ratios; p25 and p75 show how noisy
 * the run was.
 */
export interface Pair {
  readonly raw: () => Promise<unknown>;
  readonly fluent: () => Promise<unknown>;
}

export interface PairResult {
  /** Median over rounds. */
  readonly rawNsPerOp: number;
  /** Median over rounds. */
  readonly fluentNsPerOp: number;
  /** fluent / raw: median of the rounds' ratios. */
  readonly ratio: number;
  /** Quartiles of the rounds' ratios. */
  readonly ratioP25: number;
  readonly ratioP75: number;
  /** fluent - raw per operation, median over rounds (ns). */
  readonly addedNs: number;
}

export async function nsPerOp(fn: () => Promise<unknown>, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  return Number(process.hrtime.bigint() - start) / iterations;
}

/** The q-quantile (0..1) of values, interpolated. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Runs `a` (half, then the other half, around `b`); returns [ns per op of a, ns per op of b]. */
async function aba(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  iterations: number,
): Promise<[number, number]> {
  const half = Math.max(1, Math.floor(iterations / 2));
  const a1 = await nsPerOp(a, half);
  const bt = await nsPerOp(b, iterations);
  const a2 = await nsPerOp(a, half);
  return [(a1 + a2) / 2, bt];
}

/** `iterations`: calls of each side per round. A warm-up of a quarter of the rounds' calls comes first. */
export async function measurePair(pair: Pair, options: { rounds: number; iterations: number }): Promise<PairResult> {
  const warm = Math.max(1, Math.floor((options.iterations * options.rounds) / 4));
  await nsPerOp(pair.raw, warm);
  await nsPerOp(pair.fluent, warm);
  const raws: number[] = [];
  const fluents: number[] = [];
  const ratios: number[] = [];
  const added: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    let raw: number;
    let fluent: number;
    if (round % 2 === 0) [raw, fluent] = await aba(pair.raw, pair.fluent, options.iterations);
    else [fluent, raw] = await aba(pair.fluent, pair.raw, options.iterations);
    raws.push(raw);
    fluents.push(fluent);
    ratios.push(fluent / raw);
    added.push(fluent - raw);
  }
  return {
    rawNsPerOp: median(raws),
    fluentNsPerOp: median(fluents),
    ratio: median(ratios),
    ratioP25: quantile(ratios, 0.25),
    ratioP75: quantile(ratios, 0.75),
    addedNs: median(added),
  };
}

/**
 * Operations per second with `concurrency` loops starting operations for
 * `ms` milliseconds; the operations still running then are waited for and
 * counted, over the time they took.
 */
export async function throughput(fn: () => Promise<unknown>, concurrency: number, ms: number): Promise<number> {
  let ops = 0;
  const start = performance.now();
  const deadline = start + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await fn();
        ops += 1;
      }
    }),
  );
  return ops / ((performance.now() - start) / 1000);
}

export interface ThroughputResult {
  /** Operations per second, median over rounds. */
  readonly raw: number;
  readonly fluent: number;
  /** fluent / raw throughput: median of the rounds' ratios, and its quartiles. */
  readonly ratio: number;
  readonly ratioP25: number;
  readonly ratioP75: number;
}

/**
 * Throughput of both sides at `concurrency`, after `warmMs` of each: rounds
 * of three windows of `ms` (A-B-A, A's throughput the mean of its two),
 * alternating which side is A. Windows are of equal length, so the wait for
 * the last operations of a window weighs the same on both sides.
 */
export async function measureThroughputPair(
  pair: Pair,
  concurrency: number,
  options: { rounds: number; ms: number; warmMs: number },
): Promise<ThroughputResult> {
  await throughput(pair.raw, concurrency, options.warmMs);
  await throughput(pair.fluent, concurrency, options.warmMs);
  const raws: number[] = [];
  const fluents: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const [a, b] = round % 2 === 0 ? [pair.raw, pair.fluent] : [pair.fluent, pair.raw];
    const a1 = await throughput(a, concurrency, options.ms);
    const bt = await throughput(b, concurrency, options.ms);
    const a2 = await throughput(a, concurrency, options.ms);
    const at = (a1 + a2) / 2;
    const [raw, fluent] = round % 2 === 0 ? [at, bt] : [bt, at];
    raws.push(raw);
    fluents.push(fluent);
    ratios.push(fluent / raw);
  }
  return {
    raw: median(raws),
    fluent: median(fluents),
    ratio: median(ratios),
    ratioP25: quantile(ratios, 0.25),
    ratioP75: quantile(ratios, 0.75),
  };
}
