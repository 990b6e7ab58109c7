import express, { type Express, type Request } from 'express';
import type { Repository } from '../../src/index.js';
import {
  expressTenantContext,
  type TenantClaims,
  type TenantClientProvider,
} from '../../src/middleware/express/index.js';
import { demoPrincipal } from '../local-development/demo-principal.js';
import type { User } from '../shared/user.js';
import { errorHandler } from './error-handler.js';
import { usersRouter } from './users-router.js';

export interface ExpressExampleOptions {
  /** The repository; its own client is never used by the tenant routes. */
  users: Repository<User>;
  /** Each tenant's client: StsTenantClientProvider in production, LocalTenantClients on a laptop. */
  tenants: TenantClientProvider<TenantClaims>;
  /** Who calls. Default: the local-development headers (x-user-id, x-user-tenants); use your authentication. */
  principal?: (req: Request) => TenantClaims | undefined;
}

/** The multi-tenant users API on Express 5, one database (or IAM role) per tenant. */
export function createExpressApp(options: ExpressExampleOptions): Express {
  const principal = options.principal ?? ((req: Request) => demoPrincipal((name) => req.get(name)));
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  // Everything under /api/tenants/:tenantId runs on that tenant's client, or is refused.
  app.use(
    '/api/tenants/:tenantId',
    expressTenantContext({ provider: options.tenants, tenantParam: 'tenantId', principal }),
    usersRouter(options.users),
  );
  app.use(errorHandler);
  return app;
}
