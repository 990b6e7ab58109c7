import { LruCache } from './lru-cache.js';
import type { TenantCredentialsFailure } from './tenant-errors.js';

interface Remembered {
  readonly error: TenantCredentialsFailure;
  readonly until: number;
  /** Retryable failures in a row (0 for a refusal): each doubles the wait before STS is asked again. */
  readonly streak: number;
}

/**
 * What the provider remembers of failed AssumeRole calls, per cache entry, so
 * that callers get the failure at once instead of another STS call:
 * - refusals a retry cannot fix (AccessDenied, ...) for negativeCacheSeconds;
 * - failures a retry may fix (STS throttled, unavailable, unreachable) for a
 *   backoff of retryBackoffSeconds, doubling with each further failure up to
 *   negativeCacheSeconds: while STS is down, a tenant costs one STS call per
 *   backoff, not one per wave of requests.
 */
export class FailureMemory {
  readonly #entries: LruCache<string, Remembered>;

  constructor(
    maxEntries: number,
    private readonly refusalMs: number,
    private readonly backoffMs: number,
    private readonly now: () => number,
  ) {
    this.#entries = new LruCache(maxEntries);
  }

  /** The failure still in force for `key`, or undefined when STS may be asked. */
  current(key: string): Remembered | undefined {
    const entry = this.#entries.peek(key);
    if (!entry || this.now() < entry.until) return entry;
    // A lapsed backoff is kept for its streak (the next failure waits longer); a lapsed refusal goes.
    if (entry.streak === 0) this.#entries.delete(key, entry);
    return undefined;
  }

  /** A refusal a retry cannot fix. */
  refused(key: string, error: TenantCredentialsFailure): void {
    this.#entries.set(key, { error, until: this.now() + this.refusalMs, streak: 0 });
  }

  /** A failure a retry may fix: backs off. */
  failed(key: string, error: TenantCredentialsFailure): void {
    if (this.backoffMs <= 0) return;
    const streak = (this.#entries.peek(key)?.streak ?? 0) + 1;
    const wait = Math.min(this.backoffMs * 2 ** Math.min(streak - 1, 30), Math.max(this.refusalMs, this.backoffMs));
    this.#entries.set(key, { error, until: this.now() + wait, streak });
  }

  /** STS answered: the streak ends. */
  succeeded(key: string): void {
    if (this.#entries.peek(key)) this.#entries.delete(key);
  }

  forgetTenant(tenantId: string): void {
    for (const [key, entry] of [...this.#entries.entries()])
      if (entry.error.tenantId === tenantId) this.#entries.delete(key);
  }

  /** Drops what is no longer in force (a backoff streak starts over). */
  prune(): void {
    const now = this.now();
    for (const [key, entry] of [...this.#entries.entries()]) if (now >= entry.until) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
