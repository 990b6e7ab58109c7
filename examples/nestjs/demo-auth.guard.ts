import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import type { TenantClaims } from '../../src/nestjs/index.js';
import { demoPrincipal } from '../local-development/demo-principal.js';

/** A request after authentication: Passport and most Nest auth guards put the caller in `req.user`. */
export type AuthenticatedRequest = Request & { user?: TenantClaims };

/**
 * LOCAL DEVELOPMENT ONLY: "authenticates" from the x-user-id and
 * x-user-tenants headers, so the example can be tried with curl. A real app
 * uses its JWT or session guard here; all the tenant scope needs is
 * `req.user` with a `tenants` claim (or an `authorize` function).
 */
@Injectable()
export class DemoAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = demoPrincipal((name) => req.get(name));
    // The same 401 body as the tenant scope's, so clients see one shape.
    if (!principal) throw new UnauthorizedException({ error: 'unauthenticated', message: 'authentication required' });
    req.user = principal;
    return true;
  }
}
