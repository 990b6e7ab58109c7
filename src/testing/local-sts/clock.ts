/**
 * The local STS's idea of "now": it decides the Expiration of issued
 * credentials and whether a session token has expired. By default it follows
 * real time; tests freeze it, or move it forward, to reach an expiry in
 * milliseconds instead of an hour. Give the same `now()` to the provider
 * (`clock: () => sts.clock.now()`) so both agree.
 */
export interface LocalStsClock {
  /** Milliseconds since the epoch, as the local STS sees them. */
  now(): number;
  /** Jumps to `time`. */
  set(time: Date | number): void;
  /** Moves forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void;
  /** Stops the clock at its current time (it moves only with set/advance). */
  freeze(): void;
  /** Lets the clock follow real time again from its current time. */
  resume(): void;
  /** True while the clock is frozen. */
  readonly frozen: boolean;
}

/** The local STS clock's start: its time, and whether it starts frozen. */
export interface LocalStsClockOptions {
  /** Initial time. Default: the real time. */
  start?: Date | number;
  /** Start frozen. Default false. */
  frozen?: boolean;
}

export function createClock(options: LocalStsClockOptions = {}): LocalStsClock {
  let base = options.start === undefined ? Date.now() : +options.start;
  let realAt = Date.now();
  let frozen = options.frozen ?? false;
  const now = () => (frozen ? base : base + (Date.now() - realAt));
  return {
    now,
    set(time) {
      const ms = +time;
      if (!Number.isFinite(ms)) throw new RangeError(`clock.set: not a time: ${String(time)}`);
      base = ms;
      realAt = Date.now();
    },
    advance(ms) {
      if (!Number.isFinite(ms)) throw new RangeError(`clock.advance: not a number of milliseconds: ${String(ms)}`);
      base = now() + ms;
      realAt = Date.now();
    },
    freeze() {
      base = now();
      frozen = true;
    },
    resume() {
      realAt = Date.now();
      frozen = false;
    },
    get frozen() {
      return frozen;
    },
  };
}
