import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigurationError } from '../clients/configuration-error.js';
import { type HttpPoolOptions, SharedHttpHandler } from '../clients/http-pool.js';
import { assertRegion } from '../clients/region.js';
import { runInTenantContext } from '../context/client-context.js';
import { TenantCredentialsError } from '../errors/errors.js';
import { isolationScope, type TenantIsolationOptions } from '../isolation/isolation-option.js';
import { addKeyedListener } from '../observability/observers.js';
import type { AssumeRoleTarget } from './assume-role-target.js';
import type { FailureMemory } from './failure-memory.js';
import type { LruCache } from './lru-cache.js';
import type { Observer } from './observability.js';
import type { ProviderSettings } from './options.js';
import { providerMachinery } from './provider-machinery.on-first-use.js';
import type { AssumeRoleAnswer, StsClientConfigLike, StsClientLike } from './sts-client-like.js';
import {
  type TenantAccessDenied,
  type TenantAccessDeniedReason,
  type TenantCredentialsFailure,
  tenantAccessDenied,
  tenantCredentialsError,
} from './tenant-errors.js';
import { invalidTenantId } from './tenant-id.js';
import type { IssuedCredentials, RenewalReason, SessionHost, TenantSession } from './tenant-session.js';
import type { StsTenantClientProviderOptions, TenantPrincipal, TenantProviderStats } from './types.js';

/**
 * DynamoDB clients scoped to a tenant through STS AssumeRole: a tenant-scoped
 * DynamoDB service, with the cache done right.
 *
 * - Access is checked before anything else: a principal must list the tenant
 *   (`tenants` claim) or pass `authorize`, or TenantAccessDeniedError.
 * - Tenant ids and every AssumeRole parameter are checked against STS's rules
 *   before the call (TenantAccessDeniedError / TenantCredentialsError).
 * - One cache entry per distinct AssumeRole call (tenant, region, role,
 *   session name, duration, external id, tags, policies): kept until its
 *   credentials' expiry minus `refreshBeforeExpirySeconds`, then renewed in
 *   place; LRU-bounded; concurrent callers share one AssumeRole.
 * - Refusals that a retry cannot fix (AccessDenied, ...) are remembered for
 *   `negativeCacheSeconds`; failures a retry may fix (STS down or throttled)
 *   for a doubling backoff from `retryBackoffSeconds`.
 * - Scoped clients retry a request once when DynamoDB answers
 *   ExpiredToken / UnrecognizedClient, on renewed credentials.
 * - Every scoped client and the STS client share one connection pool.
 *
 * ```ts
 * const tenants = new StsTenantClientProvider({ roleArn: (t) => `arn:aws:iam::123456789012:role/TenantRole-${t}` });
 * await tenants.run('acme', principal, () => users.get.withKey({ userId: 'u1' }).execute());
 * ```
 */
export class StsTenantClientProvider<P extends object = TenantPrincipal> {
  /** The connection pool of every scoped client (and of the STS client unless you gave your own). */
  readonly httpHandler: SharedHttpHandler;
  #stsClient: StsClientLike | undefined;
  #stsConfig: StsClientConfigLike | undefined;
  #stsLoading: Promise<StsClientLike> | undefined;
  readonly #options: StsTenantClientProviderOptions<P>;
  /** The provider's code beyond this class, loaded with the first provider (see provider-machinery.ts). */
  readonly #machinery: ReturnType<typeof providerMachinery>;
  readonly #settings: ProviderSettings;
  readonly #now: () => number;
  readonly #storage = new AsyncLocalStorage<TenantSession>();
  readonly #cache: LruCache<string, TenantSession>;
  readonly #failures: FailureMemory;
  readonly #tenantEntries = new Map<string, number>();
  readonly #bases = new Map<string, DynamoDBClient>();
  readonly #observer: Observer;
  /** Removes the listeners of the operations run on this provider's clients (see #baseClient). */
  readonly #unlisten: Array<() => void> = [];
  /** The tenant of each scoped client, for the reports of operations run on it (in its tenant's context or none). */
  readonly #tenantOfClient = new WeakMap<object, string>();
  readonly #host: SessionHost;
  readonly #ownsHandler: boolean;
  readonly #ownsSts: boolean;
  readonly #pruneTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: StsTenantClientProviderOptions<P>) {
    const machinery = providerMachinery();
    this.#machinery = machinery;
    this.#settings = machinery.providerSettings(options);
    this.#options = options;
    this.#now = options.clock ?? Date.now;
    this.#cache = new machinery.LruCache(this.#settings.maxCachedClients);
    this.#failures = new machinery.FailureMemory(
      this.#settings.maxCachedClients,
      this.#settings.negativeCacheMs,
      this.#settings.retryBackoffMs,
      this.#now,
    );
    this.#observer = new machinery.Observer(options.onEvent, options.logger, this.#now);

    // Duck-typed: the ESM and CommonJS copies of the package have different SharedHttpHandler classes.
    const given = typeof (options.http as SharedHttpHandler | undefined)?.handle === 'function';
    this.#ownsHandler = !given;
    this.httpHandler = given
      ? (options.http as SharedHttpHandler)
      : new SharedHttpHandler(options.http as HttpPoolOptions);

    if (machinery.isStsClient(options.sts)) {
      this.#stsClient = options.sts;
      this.#ownsSts = false;
    } else {
      // Created by loadStsClient(), on the first AssumeRole: @aws-sdk/client-sts is only loaded then.
      const config = options.sts ?? {};
      const region = config.region ?? options.dynamo?.region;
      this.#stsConfig = {
        ...config,
        ...(region !== undefined ? { region } : {}),
        requestHandler: config.requestHandler ?? this.httpHandler,
      };
      this.#ownsSts = true;
    }

    this.#host = {
      now: () => this.#now(),
      assume: (session, reason) => this.#assume(session, reason),
      renewalFailedUsingCurrent: (session, error) => {
        this.#observer.emit('refresh-failed-using-current', session.tenantId, {
          ...this.#describe(session),
          code: (error as { code?: string }).code,
        });
      },
      renewalRetryDelayMs: Math.max(1_000, this.#settings.negativeCacheMs),
    };

    if (this.#settings.pruneIntervalMs > 0) {
      this.#pruneTimer = setInterval(() => this.prune(), this.#settings.pruneIntervalMs);
      // Housekeeping must not keep the process alive.
      this.#pruneTimer.unref();
    }
  }

  /**
   * The DynamoDB client of `tenantId`, for `principal` (or for the system
   * when no principal is given). Resolves once its credentials are ready;
   * the same client object is returned while its cache entry lives.
   */
  async clientFor(tenantId: string, principal?: P): Promise<DynamoDBClient> {
    this.#assertOpen(tenantId);
    const invalid = invalidTenantId(tenantId, this.#settings.maxTenantIdLength);
    if (invalid) this.#refuse(invalid);
    if (principal !== undefined || this.#options.requirePrincipal) {
      // Only an authorize() callback makes the check asynchronous: the tenants claim is checked without a tick.
      const pending = this.#checkAccess(tenantId, principal);
      if (pending) await pending;
    }

    let target: AssumeRoleTarget;
    try {
      target = this.#machinery.assumeRoleTarget(this.#options, this.#settings.durationSeconds, tenantId, principal);
    } catch (error) {
      this.#configurationError(tenantId, error);
    }
    let session = this.#cache.get(target.key);
    if (session) {
      const state = session.state();
      if (state === 'fresh') {
        this.#observer.count('hits');
        this.#observer.emit('cache-hit', tenantId);
        return session.client;
      }
      this.#observer.count(state === 'renewing' ? 'coalesced' : 'misses');
      this.#observer.emit(state === 'renewing' ? 'cache-coalesced' : 'cache-miss', tenantId, this.#describe(session));
    } else {
      // Checked before an entry is made, not on every hit: an entry exists only for a call that passed STS's rules,
      // and the key is injective (equal keys exactly for equal calls), so a hit is a call identical to a checked
      // one. A call STS would refuse can never match an entry, whatever characters its values hold.
      try {
        this.#machinery.checkAssumeRoleTarget(target);
      } catch (error) {
        this.#configurationError(tenantId, error);
      }
      this.#throwIfRemembered(target);
      session = this.#add(target);
      this.#observer.count('misses');
      this.#observer.emit('cache-miss', tenantId, this.#describe(session));
    }
    try {
      await session.credentials();
    } catch (error) {
      // A failed AssumeRole is never cached as a success.
      if (!session.hasCredentials) this.#remove(session);
      throw error;
    }
    return session.client;
  }

  /**
   * Runs `fn` with the tenant's client as the ambient client (`runWithClient`):
   * every builder inside, at any depth of awaits, goes through it. With the
   * `isolation` option, also in the tenant's scope (one context: the bind
   * helpers carry both); a tenant id the scope refuses throws
   * InvalidRequestError before any STS call.
   */
  async run<R>(tenantId: string, principal: P | undefined, fn: () => R | PromiseLike<R>): Promise<Awaited<R>> {
    const scope = isolationScope(tenantId, this.#options.isolation);
    const client = await this.clientFor(tenantId, principal);
    return await runInTenantContext(client, scope, fn, tenantId);
  }

  /** The `isolation` option: the tenant middleware and `@TenantScoped()` use it when they have none of their own. */
  get isolation(): TenantIsolationOptions | undefined {
    return this.#options.isolation;
  }

  /** Counters since construction and the cache's size now. */
  stats(): TenantProviderStats {
    return {
      ...this.#observer.counters,
      inFlight: this.#observer.inFlight,
      cachedClients: this.#cache.size,
      cachedTenants: this.#tenantEntries.size,
    };
  }

  /**
   * Drops every cache entry (and remembered refusal) of `tenantId`, e.g.
   * after its role or trust policy changed. Clients already handed out renew
   * their credentials on their next request. Returns the number of entries.
   */
  evict(tenantId: string): number {
    let removed = 0;
    for (const session of [...this.#cache.values()]) {
      if (session.tenantId !== tenantId) continue;
      session.invalidate(undefined);
      this.#remove(session, 'evicted');
      removed++;
    }
    this.#failures.forgetTenant(tenantId);
    return removed;
  }

  /** Drops entries whose credentials have expired, and refusals no longer remembered. Runs every pruneIntervalSeconds. */
  prune(): number {
    const now = this.#now();
    let removed = 0;
    for (const session of [...this.#cache.values()]) {
      if (session.renewing) continue;
      const expiresAt = session.expiresAt;
      if (expiresAt === undefined || now >= expiresAt) {
        this.#remove(session, 'expired');
        removed++;
      }
    }
    this.#failures.prune();
    return removed;
  }

  /**
   * The STS client: the one you gave (option `sts`), or the one the provider
   * creates on its first AssumeRole. Before that a ConfigurationError: await
   * `loadStsClient()` to get it earlier.
   */
  get stsClient(): StsClientLike {
    if (this.#stsClient) return this.#stsClient;
    throw new ConfigurationError(
      'the STS client is created on the first AssumeRole (that is when @aws-sdk/client-sts is loaded): await loadStsClient() to get it before',
      'sts',
    );
  }

  /** The STS client, created now (loading @aws-sdk/client-sts) if no AssumeRole created it yet. */
  loadStsClient(): Promise<StsClientLike> {
    if (this.#stsClient) return Promise.resolve(this.#stsClient);
    this.#stsLoading ??= this.#machinery.loadStsModule().then(({ STSClient }) => {
      this.#stsClient ??= new STSClient(this.#stsConfig ?? {});
      // Closed while loading: nothing will use it.
      if (this.#closed && this.#ownsSts) this.#stsClient.destroy();
      return this.#stsClient;
    });
    return this.#stsLoading;
  }

  /**
   * Releases everything once: the cache, the base clients, the STS client and
   * the connection pool (those the provider created). Scoped clients handed
   * out fail afterwards. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
    this.#cache.clear();
    this.#failures.clear();
    this.#tenantEntries.clear();
    for (const unlisten of this.#unlisten.splice(0)) unlisten();
    for (const base of this.#bases.values()) base.destroy();
    this.#bases.clear();
    if (this.#ownsSts) this.#stsClient?.destroy();
    if (this.#ownsHandler) this.httpHandler.close();
  }

  /** True once close() was called: clientFor() and run() then refuse (TenantCredentialsError, code ProviderClosed). */
  get closed(): boolean {
    return this.#closed;
  }

  // --- access ---------------------------------------------------------------

  /** Throws when access is refused; a promise only when authorize() has to be awaited. */
  #checkAccess(tenantId: string, principal: P | undefined): Promise<void> | undefined {
    if (principal === undefined) {
      this.#refuse(
        tenantAccessDenied(`tenant ${tenantId}: a principal is required`, { tenantId, reason: 'principal-required' }),
      );
    }
    const authorize = this.#options.authorize;
    if (authorize) return this.#authorize(authorize, tenantId, principal);
    const tenants = (principal as { tenants?: unknown }).tenants;
    if (!Array.isArray(tenants) || !tenants.includes(tenantId)) {
      this.#refuse(this.#denied(tenantId, principal, 'not-a-member', 'its tenants claim does not list the tenant'));
    }
  }

  async #authorize(
    authorize: NonNullable<StsTenantClientProviderOptions<P>['authorize']>,
    tenantId: string,
    principal: P,
  ): Promise<void> {
    if ((await authorize(tenantId, principal)) !== true) {
      this.#refuse(this.#denied(tenantId, principal, 'authorize-refused', 'authorize() refused'));
    }
  }

  #denied(tenantId: string, principal: P, reason: TenantAccessDeniedReason, why: string): TenantAccessDenied {
    const userId = (principal as { userId?: unknown }).userId;
    const who = typeof userId === 'string' ? `principal ${userId}` : 'the principal';
    return tenantAccessDenied(`${who} may not act for tenant ${tenantId}: ${why}`, { tenantId, reason });
  }

  #refuse(error: TenantAccessDenied): never {
    this.#observer.count('accessDenied');
    this.#observer.emit('access-denied', error.tenantId, { reason: error.reason });
    throw error;
  }

  /**
   * Reports an AssumeRole call the options made invalid (refused before STS is asked, so no assume-role-failure
   * tells of it), then throws the error on. The message names the rule broken, never an externalId or policy.
   */
  #configurationError(tenantId: string, error: unknown): never {
    if (error instanceof TenantCredentialsError) {
      const { code, roleArn } = error as TenantCredentialsFailure;
      this.#observer.emit('configuration-error', tenantId, {
        code,
        ...(roleArn === undefined ? {} : { roleArn }),
        reason: error.message,
      });
    }
    throw error;
  }

  // --- cache ----------------------------------------------------------------

  #add(target: AssumeRoleTarget): TenantSession {
    const base = this.#baseClient(target.region);
    const session = new this.#machinery.TenantSession(target, this.#host, (s) => {
      const scoped = this.#machinery.createScopedClient(base, s, this.#storage);
      this.#tenantOfClient.set(scoped, s.tenantId);
      return scoped;
    });
    this.#tenantEntries.set(target.tenantId, (this.#tenantEntries.get(target.tenantId) ?? 0) + 1);
    for (const [, evicted] of this.#cache.set(target.key, session)) this.#forget(evicted, 'lru');
    return session;
  }

  /** Removes the session if it is still the cache's entry for its key. */
  #remove(session: TenantSession, reason?: string): void {
    if (this.#cache.delete(session.key, session)) this.#forget(session, reason);
  }

  #forget(session: TenantSession, reason: string | undefined): void {
    const left = (this.#tenantEntries.get(session.tenantId) ?? 1) - 1;
    if (left > 0) this.#tenantEntries.set(session.tenantId, left);
    else this.#tenantEntries.delete(session.tenantId);
    if (reason === undefined) return;
    this.#observer.count('evictions');
    this.#observer.emit('cache-evict', session.tenantId, { ...this.#describe(session), reason });
  }

  #throwIfRemembered(target: AssumeRoleTarget): void {
    const remembered = this.#failures.current(target.key);
    if (!remembered) return;
    this.#observer.count('negativeHits');
    this.#observer.emit('negative-cache-hit', target.tenantId, {
      code: remembered.error.code,
      roleArn: target.request.RoleArn,
    });
    const seconds = Math.ceil((remembered.until - this.#now()) / 1000);
    const { code, tenantId, roleArn, retryable } = remembered.error;
    throw tenantCredentialsError(
      `${remembered.error.message} [remembered: STS is not asked again for ${seconds}s]`,
      { code, tenantId, roleArn, retryable, retryAfterSeconds: seconds },
      remembered.error.cause,
    );
  }

  #baseClient(region: string | undefined): DynamoDBClient {
    const key = region ?? '';
    let base = this.#bases.get(key);
    if (!base) {
      if (region !== undefined) assertRegion(region);
      base = this.#machinery.createBaseClient(
        { ...this.#options.dynamo, ...(region !== undefined ? { region } : {}), requestHandler: this.httpHandler },
        this.#storage,
        () => this.#assertOpen(this.#storage.getStore()?.tenantId),
        (session, code, operation) => {
          this.#observer.count('expiredTokenRetries');
          this.#observer.emit('credentials-expired-retry', session.tenantId, {
            ...this.#describe(session),
            code,
            operation,
          });
        },
      );
      this.#bases.set(key, base);
      // The operations run on this provider's clients are reported with its own events, as the tenant whose session
      // the client signs with: that is who did the work. (A client used in another tenant's context is refused
      // before sending; its refusal is reported as its own tenant's too.)
      if (this.#observer.wants('operation')) {
        this.#unlisten.push(
          addKeyedListener(base, (event, client) =>
            this.#observer.emit('operation', this.#tenantOfClient.get(client as object) ?? event.tenantId ?? '', {
              operation: event.operation,
              durationMs: event.durationMs,
              ...(event.error ? { code: event.error.name } : {}),
              operationEvent: event,
            }),
          ),
        );
      }
    }
    return base;
  }

  // --- STS ------------------------------------------------------------------

  async #assume(session: TenantSession, reason: RenewalReason): Promise<IssuedCredentials> {
    this.#assertOpen(session.tenantId);
    this.#throwIfRemembered(session.target);
    const described = this.#describe(session);
    if (reason !== 'first') {
      this.#observer.count('refreshes');
      this.#observer.emit('refresh', session.tenantId, { ...described, reason });
    }
    this.#observer.count('assumeRoleCalls');
    this.#observer.inFlight++;
    this.#observer.emit('assume-role-start', session.tenantId, described);
    // The global performance, loaded on its first use: importing node:perf_hooks would cost every cold start 1 ms.
    const started = performance.now();
    try {
      // A missing @aws-sdk/client-sts is a ConfigurationError, not an STS failure.
      const [sts, { AssumeRoleCommand }] = await Promise.all([this.loadStsClient(), this.#machinery.loadStsModule()]);
      let output: AssumeRoleAnswer;
      try {
        output = await sts.send(new AssumeRoleCommand(session.target.request));
      } catch (error) {
        throw this.#machinery.fromStsError(error, session.tenantId, session.roleArn);
      }
      this.#failures.succeeded(session.key);
      const issued = this.#machinery.issuedCredentials(
        output,
        session,
        this.#settings.refreshBeforeExpiryMs,
        this.#now(),
      );
      this.#observer.emit('assume-role-success', session.tenantId, {
        ...described,
        durationMs: performance.now() - started,
        expiresAt: new Date(issued.expiresAt),
      });
      return issued;
    } catch (error) {
      const failure = error as TenantCredentialsFailure;
      this.#observer.count('assumeRoleFailures');
      this.#observer.emit('assume-role-failure', session.tenantId, {
        ...described,
        durationMs: performance.now() - started,
        code: failure.code,
      });
      if (failure.retryable) this.#failures.failed(session.key, failure);
      else if (this.#machinery.isNegativelyCached(failure.code)) {
        this.#failures.refused(session.key, failure);
        // An entry that had credentials is evicted (trust revoked); a new one simply never was a client.
        this.#remove(session, session.hasCredentials ? failure.code : undefined);
      }
      throw failure;
    } finally {
      this.#observer.inFlight--;
    }
  }

  #describe(session: TenantSession) {
    return { roleArn: session.roleArn, sessionName: session.sessionName, region: session.target.region };
  }

  #assertOpen(tenantId: string | undefined): void {
    if (!this.#closed) return;
    throw tenantCredentialsError('the StsTenantClientProvider was closed', {
      code: 'ProviderClosed',
      tenantId,
      retryable: false,
    });
  }
}
