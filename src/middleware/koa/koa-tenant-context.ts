import type { Context, Middleware } from 'koa';
import { runInTenantContext } from '../../context/client-context.js';
import { tenantResolver } from '../shared/resolve-tenant.js';
import type { RequestAccess } from '../shared/tenant-source.js';
import type { TenantClaims, TenantContextOptions } from '../shared/types.js';
import { bindResponseBody } from './bind-body.js';

// Importing fluent-dynamo/koa types `ctx.state.tenantId` (set by the middleware; absent on routes without it).
declare module 'koa' {
  interface DefaultState {
    /** The tenant of the request, set by koaTenantContext (also: currentTenant()). */
    tenantId?: string;
  }
}

export interface KoaTenantContextOptions<P extends object = TenantClaims> extends TenantContextOptions<Context, P> {
  /**
   * Called when resolving the tenant fails for a reason that is not a refusal
   * (401/400/403) or unavailable credentials (503): a provider that
   * crashed, a provider whose configuration STS refuses (an invalid
   * externalId, a malformed policy, bad application credentials). Default:
   * the error is thrown, for Koa's error handling (500, `app.on('error')`).
   */
  onError?: (error: unknown, ctx: Context) => void | Promise<void>;
}

const access: RequestAccess<Context> = {
  owner: 'koaTenantContext',
  paramHint:
    "use it in a @koa/router router whose path has it (new Router({ prefix: '/api/tenants/:tenantId' }).use(tenantContext)), " +
    'or give tenantId(ctx) or tenantHeader',
  // ctx.params comes from @koa/router; Koa itself has no route parameters.
  params: (ctx) => (ctx as Context & { params?: Readonly<Record<string, unknown>> }).params,
  header: (ctx, name) => ctx.headers[name.toLowerCase()],
};

/**
 * Koa 3 middleware: resolves the tenant and principal of each request,
 * refuses what may not run (401 without principal, 400 without tenant or
 * with a tenant id the isolation scope refuses, 403 without access, 503
 * without credentials; JSON bodies) and runs the rest of the request
 * (`await next()`) inside `runWithClient(tenantClient)` (and the tenant's
 * scope, with isolation: its own option, else the provider's). The tenant
 * id is also put in `ctx.state.tenantId`.
 *
 * The whole response is the tenant's: a stream body, which Koa reads only
 * after the middleware returned, is bound to the request's context (each
 * read runs in it), so a lazily generated export still goes through the
 * tenant's client and scope. That is any body Koa pipes: a Node stream, a web
 * ReadableStream or Response, or another library's stream Koa recognises by
 * its shape.
 *
 * Errors thrown downstream are not touched: they are the app's.
 *
 * ```ts
 * const router = new Router({ prefix: '/api/tenants/:tenantId' });
 * router.use(koaTenantContext({ provider: tenants, principal: (ctx) => ctx.state.user }));
 * ```
 */
export function koaTenantContext<P extends object = TenantClaims>(options: KoaTenantContextOptions<P>): Middleware {
  const resolve = tenantResolver(options, access);
  const { onError } = options;

  return async (ctx, next) => {
    let resolution: Awaited<ReturnType<typeof resolve>>;
    try {
      resolution = await resolve(ctx);
    } catch (error) {
      if (onError) return onError(error, ctx);
      throw error;
    }
    if (resolution.kind === 'refused') {
      const { status, body, headers } = resolution.refusal;
      ctx.status = status;
      ctx.set(headers);
      ctx.body = body;
      return;
    }
    ctx.state.tenantId = resolution.tenantId;
    return runInTenantContext(
      resolution.client,
      resolution.scope,
      async () => {
        await next();
        bindResponseBody(ctx);
      },
      resolution.tenantId,
    );
  };
}
