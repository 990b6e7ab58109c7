import type { TenantEvent, TenantEventType, TenantLogger, TenantProviderStats } from './types.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Readonly<Record<TenantEventType, Level>> = {
  'cache-hit': 'debug',
  'cache-miss': 'debug',
  'cache-coalesced': 'debug',
  'assume-role-start': 'debug',
  'assume-role-success': 'info',
  refresh: 'info',
  'cache-evict': 'info',
  'credentials-expired-retry': 'warn',
  'refresh-failed-using-current': 'warn',
  'negative-cache-hit': 'warn',
  'access-denied': 'warn',
  'assume-role-failure': 'error',
  'configuration-error': 'error',
  operation: 'debug',
};

export type Counter = Exclude<keyof TenantProviderStats, 'inFlight' | 'cachedClients' | 'cachedTenants'>;

/**
 * Counters for `stats()`, and delivery of events to `onEvent` and the logger.
 * A failing hook is swallowed: observability must not fail a request.
 */
export class Observer {
  readonly counters: Record<Counter, number> = {
    hits: 0,
    misses: 0,
    coalesced: 0,
    negativeHits: 0,
    assumeRoleCalls: 0,
    assumeRoleFailures: 0,
    refreshes: 0,
    evictions: 0,
    expiredTokenRetries: 0,
    accessDenied: 0,
  };
  inFlight = 0;
  readonly #onEvent: ((event: TenantEvent) => void) | undefined;
  readonly #logger: TenantLogger | undefined;
  readonly #now: () => number;

  constructor(
    onEvent: ((event: TenantEvent) => void) | undefined,
    logger: TenantLogger | undefined,
    now: () => number,
  ) {
    this.#onEvent = onEvent;
    this.#logger = logger;
    this.#now = now;
  }

  count(counter: Counter): void {
    this.counters[counter]++;
  }

  /** True when an event of this type reaches anybody (events on the hot path are not built for nobody). */
  wants(type: TenantEventType): boolean {
    return this.#onEvent !== undefined || this.#logger?.[LEVELS[type]] !== undefined;
  }

  emit(type: TenantEventType, tenantId: string, fields: Omit<TenantEvent, 'type' | 'tenantId' | 'at'> = {}): void {
    if (!this.wants(type)) return;
    const event: TenantEvent = { type, tenantId, at: new Date(this.#now()), ...fields };
    try {
      this.#onEvent?.(event);
    } catch {
      // A broken hook must not break the request that triggered it.
    }
    const level = LEVELS[type];
    try {
      this.#logger?.[level]?.(
        `fluent-dynamo tenant ${tenantId}: ${type}${fields.code ? ` (${fields.code})` : ''}`,
        event,
      );
    } catch {
      // Same for a broken logger.
    }
  }
}
