import { UseInterceptors } from '@nestjs/common';
import { TenantScopeInterceptor } from './tenant-scope.interceptor.js';

/**
 * On a controller or a handler: each request runs with its tenant's client
 * (from `forRoot({ tenants })`), found as `tenantContext` says (default: the
 * `:tenantId` route parameter and `req.user`). Refusals are JSON answers:
 * 401 without principal, 400 without tenant, 403 for a tenant the caller may
 * not act for, 503 when the tenant's credentials cannot be had.
 *
 * ```ts
 * @Controller('api/tenants/:tenantId/users')
 * @UseGuards(AuthGuard)   // sets req.user
 * @TenantScoped()
 * export class UsersController { ... }
 * ```
 */
export function TenantScoped(): MethodDecorator & ClassDecorator {
  return UseInterceptors(TenantScopeInterceptor);
}
