import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { HttpPoolOptions, SharedHttpHandler } from '../clients/http-pool.js';
import type { TenantIsolationOptions } from '../isolation/isolation-option.js';
import type { OperationEvent } from '../observability/operation-event.js';
import type { StsClientConfigLike, StsClientLike } from './sts-client-like.js';

/**
 * Who makes a request. Only two claims are read by default: `tenants` (the
 * tenants this principal may act for) and `userId`. Any other shape works with
 * an `authorize` function and the provider's type parameter.
 */
export interface TenantPrincipal {
  /** Who the principal is; the default session name does not use it (see `sessionName`). */
  readonly userId?: string;
  /** The tenants this principal may act for: the default `authorize` accepts exactly these. */
  readonly tenants?: readonly string[];
}

/** A value given once, or computed per tenant (and principal). */
export type PerTenant<T, P> = T | ((tenantId: string, principal: P | undefined) => T);

/** An IAM policy document: a JSON string or the object to serialize. */
export type SessionPolicy = string | Readonly<Record<string, unknown>>;

/**
 * Options of StsTenantClientProvider: the role each tenant assumes and the AssumeRole parameters, the credential
 * cache, the clients it builds, who may act for which tenant, and where its events go. The constructor throws
 * ConfigurationError when `roleArn` is missing or a number is out of its range; values given per tenant are
 * checked when they are computed (TenantCredentialsError, code `InvalidConfiguration`).
 */
export interface StsTenantClientProviderOptions<P extends object = TenantPrincipal> {
  /**
   * Makes `run()` also enter a tenant scope (see runInTenantScope): a key of
   * another tenant is refused before sending. `{}` uses `TENANT#<tenantId>`.
   */
  isolation?: TenantIsolationOptions;
  /** The role each tenant's requests run as. */
  roleArn: PerTenant<string, P>;
  /**
   * RoleSessionName (2-64 of letters, digits and `_+=,.@-`). It shows in
   * CloudTrail, and it is part of the cache key: include the user only when
   * you want one session per user. Default `tenant-<tenantId>`; an id too
   * long for that (over 57 characters) gives `tenant-<its first 40
   * characters>,<16 base64url characters of its SHA-256>`, so every accepted
   * id has a valid session name of its own.
   */
  sessionName?: PerTenant<string, P>;
  /** 900..43200. Default 3600. The role's MaxSessionDuration must allow it. */
  durationSeconds?: number;
  /** The external id the role's trust policy requires (sts:ExternalId), or one per tenant. */
  externalId?: string | ((tenantId: string, principal: P | undefined) => string | undefined);
  /** Session tags (at most 50). The role's trust policy must allow sts:TagSession. */
  tags?: PerTenant<Readonly<Record<string, string>> | undefined, P>;
  /** Tag keys that carry over to role chaining; each must be one of the tags. */
  transitiveTagKeys?: readonly string[];
  /** Inline session policy: narrows what the role's credentials may do (at most 2048 characters as JSON). */
  policy?: PerTenant<SessionPolicy | undefined, P>;
  /** Managed policies used as session policies (at most 10). */
  policyArns?: PerTenant<readonly string[] | undefined, P>;
  /** SourceIdentity (2-64 of letters, digits and `_+=,.@-`), when the role requires one. */
  sourceIdentity?: PerTenant<string | undefined, P>;
  /** Renew credentials this long before they expire. Default 300; less than durationSeconds. */
  refreshBeforeExpirySeconds?: number;
  /** How long a refused AssumeRole (AccessDenied and other errors a retry cannot fix) is remembered. Default 30. */
  negativeCacheSeconds?: number;
  /**
   * After an AssumeRole failure a retry may fix (STS throttled, unavailable or
   * unreachable), the tenant's callers get that failure at once for this many
   * seconds, doubling with each further failure up to negativeCacheSeconds,
   * instead of one STS call per request. Default 1; 0 asks STS every time.
   */
  retryBackoffSeconds?: number;
  /** Most scoped clients kept; the least recently used goes first. Default 10 000. */
  maxCachedClients?: number;
  /** The STS client (an `STSClient`), or its configuration (an `STSClientConfig`, e.g. `{ region, endpoint }` for a local STS). */
  sts?: StsClientLike | StsClientConfigLike;
  /** Configuration of the scoped DynamoDB clients (region, endpoint, retries). Credentials and requestHandler are the provider's. */
  dynamo?: Omit<DynamoDBClientConfig, 'credentials' | 'requestHandler'>;
  /** Region of a tenant's data (data residency); default `dynamo.region`. Part of the cache key. */
  region?: PerTenant<string, P>;
  /** The connection pool of every scoped client and of the STS client: its options, or a pool you own. */
  http?: HttpPoolOptions | SharedHttpHandler;
  /**
   * Decides whether `principal` may act for `tenantId`. Default: the principal's
   * `tenants` claim lists the tenant. Called only when a principal is given.
   */
  authorize?: (tenantId: string, principal: P) => boolean | Promise<boolean>;
  /** Refuse calls without a principal (no "system" calls). Default false. */
  requirePrincipal?: boolean;
  /** Longest tenant id accepted. Default 64. */
  maxTenantIdLength?: number;
  /** Structured events: AssumeRole, cache, refresh, retries. Never carries a secret. */
  onEvent?: (event: TenantEvent) => void;
  /** Receives the same events as log lines (`console` works). */
  logger?: TenantLogger;
  /** Milliseconds since the epoch; default `Date.now`. Tests pass a controllable clock. */
  clock?: () => number;
  /** How often expired entries are dropped, in seconds. Default 60. 0 turns the timer off (see `prune()`). */
  pruneIntervalSeconds?: number;
}

/**
 * What a TenantEvent reports: access refusals, cache hits, misses, joins and evictions, AssumeRole calls and
 * their outcome, refreshes, retries after expired credentials, configuration errors and finished operations.
 */
export type TenantEventType =
  | 'access-denied'
  | 'cache-hit'
  | 'cache-miss'
  | 'cache-coalesced'
  | 'cache-evict'
  | 'negative-cache-hit'
  | 'assume-role-start'
  | 'assume-role-success'
  | 'assume-role-failure'
  | 'configuration-error'
  | 'refresh'
  | 'refresh-failed-using-current'
  | 'credentials-expired-retry'
  /** A DynamoDB operation run on one of the provider's clients ended (see operationEvent). */
  | 'operation';

/** One event. Carries ids, names, codes and times: never a key, a token or an external id. */
export interface TenantEvent {
  /** What happened. */
  readonly type: TenantEventType;
  /** The tenant it happened for. */
  readonly tenantId: string;
  /** Provider clock time of the event. */
  readonly at: Date;
  /** The role assumed (or to be assumed) for the tenant. */
  readonly roleArn?: string;
  /** The RoleSessionName of that AssumeRole. */
  readonly sessionName?: string;
  /** The region of the tenant's client. */
  readonly region?: string;
  /** AssumeRole duration (assume-role-success / -failure). */
  readonly durationMs?: number;
  /** Expiry of the credentials just issued. */
  readonly expiresAt?: Date;
  /** STS or DynamoDB error code. */
  readonly code?: string;
  /** Why: the eviction, refresh or refusal reason; for configuration-error, the rule broken (never the value of an externalId or policy). */
  readonly reason?: string;
  /** The DynamoDB operation retried (credentials-expired-retry), or reported (operation). */
  readonly operation?: string;
  /** The whole report of an `operation` event: requests, retries, throttles, capacity, outcome. */
  readonly operationEvent?: OperationEvent;
}

/** One level of a TenantLogger: a one-line message and the event it describes. */
type LogMethod = (message: string, event: TenantEvent) => void;

/** `console`, or anything with these methods (for pino: `(msg, event) => pino.info(event, msg)`). */
export interface TenantLogger {
  /** Cache hits, misses and joins, AssumeRole starts, finished operations. */
  debug?: LogMethod;
  /** AssumeRole successes, refreshes, evictions. */
  info?: LogMethod;
  /** Refusals, remembered failures, retries after expired credentials, failed refreshes that keep the current ones. */
  warn?: LogMethod;
  /** AssumeRole failures and configuration errors. */
  error?: LogMethod;
}

/** A snapshot of the provider's counters (since construction) and gauges (now). */
export interface TenantProviderStats {
  /** clientFor served from a fresh cache entry. */
  readonly hits: number;
  /** clientFor that started an AssumeRole (new tenant, or credentials due for renewal). */
  readonly misses: number;
  /** clientFor that joined an AssumeRole already running for the same entry. */
  readonly coalesced: number;
  /** clientFor refused from the negative cache, without calling STS. */
  readonly negativeHits: number;
  /** AssumeRole calls running now. */
  readonly inFlight: number;
  /** Cache entries (scoped clients) now. */
  readonly cachedClients: number;
  /** Distinct tenants among the cache entries now. */
  readonly cachedTenants: number;
  /** AssumeRole calls made. */
  readonly assumeRoleCalls: number;
  /** AssumeRole calls that failed. */
  readonly assumeRoleFailures: number;
  /** Renewals of an entry's credentials (before expiry, after expiry, after an expired-token error). */
  readonly refreshes: number;
  /** Entries dropped (LRU, expired, refused). */
  readonly evictions: number;
  /** DynamoDB requests retried after ExpiredToken / UnrecognizedClient. */
  readonly expiredTokenRetries: number;
  /** Calls refused with TenantAccessDeniedError. */
  readonly accessDenied: number;
}
