import { NoTenantError } from '../errors/errors.js';
import { contextStorage } from './context-storage.js';

/**
 * The tenant the current call tree acts for, or undefined: the tenant of the
 * request the tenant middleware (Express, Koa) or `@TenantScoped()` (Nest)
 * serves, of the provider's `run()`, or of `runInTenantScope`. Read from the
 * same context as the ambient client, so it follows awaits, timers and
 * promise chains and is never another request's; `runWithClient` keeps it,
 * `runWithoutClient` (application work) has none.
 */
export function currentTenant(): string | undefined {
  return contextStorage.getStore()?.tenantId;
}

/** The tenant the current call tree acts for (see currentTenant()); NoTenantError outside any tenant context. */
export function requireTenant(): string {
  const tenantId = contextStorage.getStore()?.tenantId;
  if (tenantId === undefined) {
    throw new NoTenantError(
      'no tenant in this context: requireTenant() runs inside a request served by the tenant middleware or ' +
        "@TenantScoped(), the provider's run(), or runInTenantScope (a callback run later by someone else keeps it " +
        'with bindClientContext)',
    );
  }
  return tenantId;
}
