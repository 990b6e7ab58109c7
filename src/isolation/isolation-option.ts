import { runInTenantScope } from './tenant-scope.js';

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
}

/** Runs `fn` in the tenant's scope when isolation is configured, else just runs it. */
export function withIsolation<R>(tenantId: string, isolation: TenantIsolationOptions | undefined, fn: () => R): R {
  if (!isolation) return fn();
  return runInTenantScope(
    {
      tenantId,
      keyPrefix: isolation.keyPrefix?.(tenantId),
      separator: isolation.separator,
      allowScan: isolation.allowScan,
      tenantProperty: isolation.tenantProperty,
    },
    fn,
  );
}
