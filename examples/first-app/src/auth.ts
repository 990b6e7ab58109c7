import type { TenantPrincipal } from '../../../src/index.js';

/**
 * Who calls: the signed-in user and the tenants they belong to. This demo
 * looks bearer tokens up in a map; put your own authentication here (verify
 * a JWT, read a session) and return the same shape.
 */
export type Authenticate = (authorization: string | undefined) => TenantPrincipal | undefined;

export function tokenAuthentication(tokens: ReadonlyMap<string, TenantPrincipal>): Authenticate {
  return (authorization) => {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    return match ? tokens.get(match[1]) : undefined;
  };
}
