import { type Fault, type FaultKind, seeded } from './chaos-proxy.js';

/**
 * A fault schedule counted in requests, not in time: the proxy's requests are
 * numbered 0, 1, 2, ... in arrival order and cut into blocks of `period`;
 * exactly one request of every block gets a fault, at a position within the
 * block drawn from `seed`, and the blocks take their faults from `faults` in
 * turn. So a run of N requests meets exactly `faultsIn(N)` faults (about
 * N / period), whether the machine sent them in two seconds or in twenty, and
 * once N >= `coveringRequests` every kind of fault of the list was injected.
 */
export interface FaultSchedule {
  /** The proxy's `decide`: the fault of request `n`. */
  decide(call: { readonly n: number }): Fault;
  /** How many of the first `requests` requests get a fault. */
  faultsIn(requests: number): number;
  /** How many of the first `requests` requests get a fault, by kind (as the proxy's `faultCounts()`). */
  countsIn(requests: number): Partial<Record<FaultKind, number>>;
  /** Requests after which every kind of fault of the list was injected at least once. */
  readonly coveringRequests: number;
}

const FORWARD: Fault = { kind: 'forward' };

export function faultSchedule(period: number, faults: readonly Fault[], seed: number): FaultSchedule {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`period must be a positive integer: ${period}`);
  if (faults.length === 0) throw new RangeError('no faults to schedule');
  const random = seeded(seed);
  // Drawn block by block, in order, so block b's position depends on the seed and b only.
  const positions: number[] = [];
  const positionIn = (block: number): number => {
    while (positions.length <= block) positions.push(Math.floor(random() * period));
    return positions[block] as number;
  };
  const faultsIn = (requests: number): number => {
    const whole = Math.floor(requests / period);
    return whole + (requests % period > positionIn(whole) ? 1 : 0);
  };
  return {
    decide({ n }) {
      const block = Math.floor(n / period);
      return n % period === positionIn(block) ? (faults[block % faults.length] as Fault) : FORWARD;
    },
    faultsIn,
    countsIn(requests) {
      const counts: Partial<Record<FaultKind, number>> = {};
      for (let block = 0; block < faultsIn(requests); block++) {
        const { kind } = faults[block % faults.length] as Fault;
        counts[kind] = (counts[kind] ?? 0) + 1;
      }
      return counts;
    },
    coveringRequests: period * blocksToCover(faults),
  };
}

/** The number of leading faults of the list that include every kind of fault the list has. */
function blocksToCover(faults: readonly Fault[]): number {
  const kinds = new Set(faults.map((fault) => fault.kind));
  const seen = new Set<FaultKind>();
  for (const [i, fault] of faults.entries()) {
    seen.add(fault.kind);
    if (seen.size === kinds.size) return i + 1;
  }
  return faults.length;
}
