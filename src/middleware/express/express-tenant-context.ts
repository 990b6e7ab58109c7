import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { runWithClient } from '../../context/client-context.js';
import { withIsolation } from '../../isolation/isolation-option.js';
import type { TenantRefusal } from '../shared/refusals.js';
import { tenantResolver } from '../shared/resolve-tenant.js';
import type { RequestAccess } from '../shared/tenant-source.js';
import type { TenantClaims, TenantContextOptions } from '../shared/types.js';

export interface ExpressTenantContextOptions<P extends object = TenantClaims> extends TenantContextOptions<Request, P> {
  /**
   * Called, instead of `next(error)`, when resolving the tenant fails for a
   * reason that is not a refusal (401/400/403) or unavailable credentials
   * (503): a provider that crashed, a misconfigured route.
   */
  onError?: (error: unknown, req: Request, res: Response, next: NextFunction) => void;
}

const access: RequestAccess<Request> = {
  owner: 'expressTenantContext',
  paramHint:
    "mount it on a path that has it (app.use('/api/tenants/:tenantId', tenantContext, router)), " +
    'use a Router({ mergeParams: true }), or give tenantId(req) or tenantHeader',
  params: (req) => req.params as Readonly<Record<string, unknown>> | undefined,
  header: (req, name) => req.headers[name.toLowerCase()],
};

function refuse(res: Response, refusal: TenantRefusal): void {
  res.status(refusal.status).set(refusal.headers).json(refusal.body);
}

/**
 * Express 5 middleware: resolves the tenant and principal of each request,
 * refuses what may not run (401 without principal, 400 without tenant, 403
 * without access, 503 without credentials; JSON bodies) and runs the rest of
 * the request inside `runWithClient(tenantClient)`.
 *
 * `next()` is called inside the scope: every later middleware and handler,
 * their awaits and timers, and code that runs after the response is sent,
 * use the tenant's client. The tenant id is also put in `res.locals.tenantId`.
 *
 * ```ts
 * app.use('/api/tenants/:tenantId', expressTenantContext({ provider: tenants, principal: (req) => req.user }), usersRouter);
 * ```
 */
export function expressTenantContext<P extends object = TenantClaims>(
  options: ExpressTenantContextOptions<P>,
): RequestHandler {
  const resolve = tenantResolver(options, access);
  const { onError } = options;

  const fail = (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (onError) onError(error, req, res, next);
    else next(error);
  };

  // Not an async function: Express 5 would also call next(error) for a
  // rejected promise, and next must run exactly once.
  return (req, res, next) => {
    resolve(req).then(
      (resolution) => {
        if (resolution.kind === 'refused') {
          try {
            refuse(res, resolution.refusal);
          } catch (error) {
            next(error);
          }
          return;
        }
        res.locals.tenantId = resolution.tenantId;
        runWithClient(resolution.client, () => withIsolation(resolution.tenantId, options.isolation, () => next()));
      },
      (error: unknown) => fail(error, req, res, next),
    );
  };
}
