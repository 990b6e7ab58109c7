import { ConfigurationError } from '../../clients/configuration-error.js';
import type { TenantContextOptions } from './types.js';

/** How a framework adapter exposes a request to the shared code. */
export interface RequestAccess<Req> {
  /** The middleware's name, for messages. */
  readonly owner: string;
  /** How to make route parameters visible to the middleware in this framework. */
  readonly paramHint: string;
  /** The route parameters, or undefined when there are none (Koa without a router). */
  params(req: Req): Readonly<Record<string, unknown>> | undefined;
  header(req: Req, name: string): unknown;
}

export interface TenantRead {
  /** The tenant id, or undefined when the request carries none. */
  readonly tenantId: string | undefined;
  /** Where it was looked for, for the 400 message. */
  readonly source: string;
}

export const DEFAULT_TENANT_PARAM = 'tenantId';

// A header sent twice arrives as an array (or joined with ", "): ambiguous,
// so it is no tenant id; the access check refuses a joined one.
function asTenantId(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Reads the tenant id of a request from the one source the options name. */
export function tenantReader<Req, P extends object>(
  options: TenantContextOptions<Req, P>,
  access: RequestAccess<Req>,
): (req: Req) => Promise<TenantRead> {
  const { tenantId: fromRequest, tenantHeader } = options;
  if (fromRequest) {
    return async (req) => ({ tenantId: asTenantId(await fromRequest(req)), source: 'the request (tenantId option)' });
  }
  if (tenantHeader) {
    const source = `header ${JSON.stringify(tenantHeader)}`;
    return async (req) => ({ tenantId: asTenantId(access.header(req, tenantHeader)), source });
  }
  const param = options.tenantParam ?? DEFAULT_TENANT_PARAM;
  const source = `route parameter ${JSON.stringify(param)}`;
  return async (req) => {
    const params = access.params(req);
    // No such parameter at all is the app's wiring, not the client's request:
    // fail loudly (500 through the error handler) instead of answering 400 forever.
    if (params === undefined || !Object.hasOwn(params, param)) {
      throw new ConfigurationError(
        `${access.owner}: the request has no route parameter ${JSON.stringify(param)}; ${access.paramHint}`,
        'tenantParam',
      );
    }
    return { tenantId: asTenantId(params[param]), source };
  };
}
