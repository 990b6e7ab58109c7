import type { TenantScope } from '../context/context-storage.js';
import { tenantScopeOf } from './tenant-scope.js';

/**
 * The `isolation` option of the tenant provider and the middleware: when
 * given, `run()` and each request also enter a tenant scope, so a key of
 * another tenant is refused before sending (TenantIsolationError).
 */
export interface TenantIsolationOptions {
  /** The partition-key prefix a tenant owns (default `TENANT#<tenantId>`). */
  readonly keyPrefix?: (tenantId: string) => string;
  /** What may follow the prefix in a longer key (default `#`). */
  readonly separator?: string;
  /** Allow scans in the scope (default false: a scan reads every tenant). */
  readonly allowScan?: boolean;
  /** The entity property puts fill in from the scope (default `tenantId`). */
  readonly tenantProperty?: string;
  /**
   * Whether a repository may send with its own (application) client from
   * code that runs in no context at all, once a tenant middleware or
   * `@TenantScoped()` with isolation is set up. Default 'refuse': such a
   * builder throws TenantIsolationError (a request's work that lost its
   * context must not go out on the application's credentials); application
   * work runs in `runWithoutClient(fn)`. 'allow' keeps the silent fallback.
   */
  readonly applicationClientFallback?: 'refuse' | 'allow';
}

/** The scope of `tenantId` under `isolation`, or undefined without isolation. Throws InvalidRequestError for a tenant id the scope refuses. */
export function isolationScope(
  tenantId: string,
  isolation: TenantIsolationOptions | undefined,
): TenantScope | undefined {
  if (!isolation) return undefined;
  return tenantScopeOf({
    tenantId,
    keyPrefix: isolation.keyPrefix?.(tenantId),
    separator: isolation.separator,
    allowScan: isolation.allowScan,
    tenantProperty: isolation.tenantProperty,
  });
}
