import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TenantIsolationOptions } from '../../isolation/isolation-option.js';

/** A value, or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The claims the default access check reads: `tenants`, the tenants this
 * principal may act for (from a JWT, a session). Any other principal type
 * works with an `authorize` function or a provider that checks it.
 */
export interface TenantClaims {
  /** Who the principal is. */
  readonly userId?: string;
  /** The tenants this principal may act for: the default access check accepts exactly these. */
  readonly tenants?: readonly string[];
}

/**
 * What hands out a tenant's client: fluent-dynamo's StsTenantClientProvider,
 * or your own. It refuses a principal with TenantAccessDeniedError (answered
 * 403) and reports credentials it cannot get with TenantCredentialsError
 * (answered 503; but a `code` that means its configuration is wrong, such as
 * ValidationError or MalformedPolicyDocument, goes to the framework's error
 * handling, a 500). Declared here, structurally, so the middleware does not
 * load the STS provider (and its STS client) unless the app does.
 */
export interface TenantClientProvider<P extends object = TenantClaims> {
  /**
   * The client of `tenantId`'s requests, for `principal`.
   *
   * @throws TenantAccessDeniedError when the principal may not act for the tenant (answered 403).
   * @throws TenantCredentialsError when the tenant's credentials cannot be had (answered 503).
   */
  clientFor(tenantId: string, principal?: P): Promise<DynamoDBClient>;
  /**
   * The provider's isolation (StsTenantClientProvider's `isolation` option):
   * the middleware and `@TenantScoped()` run each request in the tenant's
   * scope with it when they have no `isolation` of their own.
   */
  readonly isolation?: TenantIsolationOptions;
}

/**
 * A bare function from tenant to client. It is called only for a principal
 * that passed the access check (its `tenants` claim, or `authorize`).
 */
export type TenantClientFunction<P extends object = TenantClaims> = (
  tenantId: string,
  principal: P,
) => Awaitable<DynamoDBClient>;

/** What expressTenantContext and koaTenantContext share. `Req` is Express's Request or Koa's Context. */
export interface TenantContextOptions<Req, P extends object = TenantClaims> {
  /** Where clients come from (one of provider or clientFor). */
  provider?: TenantClientProvider<P>;
  /** Where clients come from (one of provider or clientFor). */
  clientFor?: TenantClientFunction<P>;
  /** The tenant of a request (at most one of tenantId, tenantParam, tenantHeader; default tenantParam 'tenantId'). */
  tenantId?: (req: Req) => Awaitable<string | undefined>;
  /** A route parameter holding the tenant, e.g. 'tenantId' for `/api/tenants/:tenantId/...`. */
  tenantParam?: string;
  /** A request header holding the tenant, e.g. 'x-tenant-id'. */
  tenantHeader?: string;
  /**
   * Who makes the request (from your authentication middleware). Nothing
   * (undefined or null) is answered 401: return an anonymous principal
   * yourself if a route is public.
   */
  principal: (req: Req) => Awaitable<P | undefined | null>;
  /**
   * Decides whether `principal` may act for `tenantId`; false is answered
   * 403. Default: with `clientFor`, the principal's `tenants` claim must list
   * the tenant; with `provider`, the provider decides.
   */
  authorize?: (tenantId: string, principal: P) => Awaitable<boolean>;
  /**
   * Also runs the request in a tenant scope (runInTenantScope): a key of
   * another tenant is refused before sending. `{}` uses `TENANT#<tenantId>`.
   * Default: the provider's `isolation`. Given in both places, they must
   * agree (ConfigurationError when the middleware is created). A tenant id
   * the scope refuses is answered 400 before the provider is asked.
   */
  isolation?: TenantIsolationOptions;
}
