import type { TenantClaims, TenantContextOptions } from './types.js';

/** The default check for a bare clientFor: the principal's `tenants` claim lists the tenant. */
export function claimsListTenant(principal: object, tenantId: string): boolean {
  const tenants = (principal as TenantClaims).tenants;
  return Array.isArray(tenants) && tenants.includes(tenantId);
}

/**
 * The access check the middleware runs before asking for a client, or
 * undefined when the provider is left to decide (StsTenantClientProvider
 * checks the principal itself, before any STS call).
 */
export function accessCheck<Req, P extends object>(
  options: TenantContextOptions<Req, P>,
): ((tenantId: string, principal: P) => Promise<boolean>) | undefined {
  const { authorize } = options;
  if (authorize) return async (tenantId, principal) => (await authorize(tenantId, principal)) === true;
  // A bare function checks nothing itself: never hand out a client unchecked.
  if (options.clientFor) return async (tenantId, principal) => claimsListTenant(principal, tenantId);
  return undefined;
}
