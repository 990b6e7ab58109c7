import express, { type Express } from 'express';
import type { TenantPrincipal } from '../../../src/index.js';
import { expressTenantContext, type TenantClientProvider } from '../../../src/middleware/express/index.js';
import type { Authenticate } from './auth.js';
import { errorHandler } from './errors.js';
import type { Repositories } from './repositories.js';
import { tenantRoutes } from './routes.js';

export interface AppOptions {
  /** Each tenant's client: the StsTenantClientProvider of tenants.ts. */
  readonly tenants: TenantClientProvider<TenantPrincipal>;
  readonly repositories: Repositories;
  /** Who calls (auth.ts). */
  readonly authenticate: Authenticate;
}

/** The app, without listening: main.ts serves it, the tests drive it over HTTP. */
export function createApp({ tenants, repositories, authenticate }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));
  // Everything under /api/tenants/:tenantId runs on that tenant's client and under its key guard,
  // or is refused: 401 without a user, 403 for a tenant the user is not a member of.
  app.use(
    '/api/tenants/:tenantId',
    expressTenantContext({ provider: tenants, principal: (req) => authenticate(req.get('authorization')) }),
    tenantRoutes(repositories),
  );
  app.use(errorHandler);
  return app;
}
