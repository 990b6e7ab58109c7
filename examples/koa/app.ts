import Koa, { type Context } from 'koa';
import type { Repository } from '../../src/index.js';
import type { TenantClaims, TenantClientProvider } from '../../src/middleware/koa/index.js';
import { demoPrincipal } from '../local-development/demo-principal.js';
import type { User } from '../shared/user.js';
import { errorHandler } from './error-handler.js';
import { usersRouter } from './users-router.js';

export interface KoaExampleOptions {
  /** The repository; its own client is never used by the tenant routes. */
  users: Repository<User>;
  /** Each tenant's client: StsTenantClientProvider in production, LocalTenantClients on a laptop. */
  tenants: TenantClientProvider<TenantClaims>;
  /** Who calls. Default: the local-development headers (x-user-id, x-user-tenants); use your authentication. */
  principal?: (ctx: Context) => TenantClaims | undefined;
}

/** The multi-tenant users API on Koa 3, one database (or IAM role) per tenant. */
export function createKoaApp(options: KoaExampleOptions): Koa {
  const principal = options.principal ?? ((ctx: Context) => demoPrincipal((name) => ctx.get(name) || undefined));
  const app = new Koa();
  app.use(errorHandler);
  app.use(async (ctx, next) => {
    if (ctx.path !== '/healthz') return next();
    ctx.body = { ok: true };
  });
  const router = usersRouter(options.users, { provider: options.tenants, tenantParam: 'tenantId', principal });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
