import type { TenantClaims } from '../../src/middleware/express/index.js';

/**
 * LOCAL DEVELOPMENT ONLY. The examples take the caller's identity from two
 * headers so that you can try them with curl; a real app gets the principal
 * from a verified token (a JWT's `sub` and `tenants` claims) in its
 * authentication middleware, and passes that to the tenant middleware.
 */
export const USER_HEADER = 'x-user-id';
export const TENANTS_HEADER = 'x-user-tenants';

/** The principal the two headers describe, or undefined (answered 401) without a user. */
export function demoPrincipal(header: (name: string) => string | undefined): TenantClaims | undefined {
  const userId = header(USER_HEADER);
  if (!userId) return undefined;
  const tenants = (header(TENANTS_HEADER) ?? '')
    .split(',')
    .map((tenant) => tenant.trim())
    .filter((tenant) => tenant.length > 0);
  return { userId, tenants };
}

/** The headers a client sends to act as `userId`, member of `tenants`. */
export function demoHeaders(userId: string, tenants: readonly string[]): Record<string, string> {
  return { [USER_HEADER]: userId, [TENANTS_HEADER]: tenants.join(',') };
}
