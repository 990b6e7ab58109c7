import type { RequestAccess } from '../middleware/shared/tenant-source.js';

/**
 * What the tenant scope reads of an HTTP request: Express's `Request` and
 * Fastify's `FastifyRequest` both fit, so the scope works on either platform.
 */
export interface TenantRequest {
  /** Route parameters (filled in by the time interceptors run). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Lower-case header names, as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Where Passport and most Nest authentication guards put the authenticated caller. */
  readonly user?: unknown;
}

/** The default principal: `req.user`, set by the authentication guard that ran before the scope. */
export function userOfRequest<P extends object>(req: TenantRequest): P | undefined {
  const user = req.user;
  return typeof user === 'object' && user !== null ? (user as P) : undefined;
}

/** How the shared tenant resolver (the one of the Express and Koa middleware) reads a Nest request. */
export const nestRequestAccess: RequestAccess<TenantRequest> = {
  owner: '@TenantScoped()',
  paramHint:
    "put it on a route whose path has the parameter (@Controller('api/tenants/:tenantId/users')), " +
    'or set tenantContext.tenantParam, tenantHeader or tenantId(req)',
  params: (req) => req.params,
  header: (req, name) => req.headers[name.toLowerCase()],
};
