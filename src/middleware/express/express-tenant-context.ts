import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { runInTenantContext } from '../../context/client-context.js';
import type { TenantRefusal } from '../shared/refusals.js';
import { tenantResolver } from '../shared/resolve-tenant.js';
import type { RequestAccess } from '../shared/tenant-source.js';
import type { TenantClaims, TenantContextOptions } from '../shared/types.js';

// Importing fluent-dynamo/express types `res.locals.tenantId` (set by the middleware; absent on routes without it).
declare global {
  namespace Express {
    interface Locals {
      /** The tenant of the request, set by expressTenantContext (also: currentTenant()). */
      tenantId?: string;
    }
  }
}

export interface ExpressTenantContextOptions<P extends object = TenantClaims> extends TenantContextOptions<Request, P> {
  /**
   * Called, instead of `next(error)`, when resolving the tenant fails for a
   * reason that is not a refusal (401/400/403) or unavailable credentials
   * (503): a provider that crashed, a misconfigured route, a provider whose
   * configuration STS refuses (TenantCredentialsError with a code such as
   * ValidationError: an invalid externalId, a malformed policy, the
   * application's own credentials wrong), which no retry can fix.
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

/** Answers an error that escaped every other path, so that no request ends in an unhandled rejection. */
function lastResort(error: unknown, res: Response, next: NextFunction, nextCalled: boolean): void {
  try {
    if (!nextCalled && !res.headersSent) next(error);
    else res.destroy();
  } catch {
    res.destroy();
  }
}

/**
 * Express 5 middleware: resolves the tenant and principal of each request,
 * refuses what may not run (401 without principal, 400 without tenant or
 * with a tenant id the isolation scope refuses, 403 without access, 503
 * without credentials; JSON bodies) and runs the rest of the request inside
 * `runWithClient(tenantClient)` (and the tenant's scope, with isolation: its
 * own option, else the provider's).
 *
 * `next()` is called inside the scope: every later middleware and handler,
 * their awaits and timers, and code that runs after the response is sent,
 * use the tenant's client. A stream piped into `res` keeps it when it was
 * created in the handler; a stream made elsewhere is bound to the request
 * with `bindStreamContext(stream)`. The tenant id is also put in
 * `res.locals.tenantId`.
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
    let nextCalled = false;
    resolve(req)
      .then(
        (resolution) => {
          if (resolution.kind === 'refused') {
            try {
              refuse(res, resolution.refusal);
            } catch (error) {
              nextCalled = true;
              next(error);
            }
            return;
          }
          res.locals.tenantId = resolution.tenantId;
          nextCalled = true;
          runInTenantContext(resolution.client, resolution.scope, () => next(), resolution.tenantId);
        },
        (error: unknown) => {
          // An onError that throws before answering leaves next() to the last resort.
          if (!onError) nextCalled = true;
          fail(error, req, res, next);
        },
      )
      // Whatever threw above (an onError that throws, a next() that throws) is answered, never left unhandled.
      .catch((error: unknown) => lastResort(error, res, next, nextCalled));
  };
}
