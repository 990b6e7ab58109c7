/** The machine-readable code of a refused request. */
export type TenantRefusalCode =
  | 'tenant_required'
  | 'invalid_tenant_id'
  | 'unauthenticated'
  | 'tenant_access_denied'
  | 'tenant_credentials_unavailable';

/** The JSON body of a refused request. */
export interface TenantErrorBody {
  /** A stable code for programs. */
  readonly error: TenantRefusalCode;
  /** A sentence for people; never names roles or accounts. */
  readonly message: string;
  /** The tenant asked for, when there was one. */
  readonly tenantId?: string;
  /** Why access was denied, when the provider said (e.g. 'not-a-member', 'invalid-tenant-id'). */
  readonly reason?: string;
}

/** A request the middleware answers itself, without running the rest of the request. */
export interface TenantRefusal {
  /** 400 no or invalid tenant id, 401 no principal, 403 access denied, 503 credentials unavailable. */
  readonly status: 400 | 401 | 403 | 503;
  /** The JSON body of the answer. */
  readonly body: TenantErrorBody;
  /** Headers of the answer: `Retry-After` on a 503 whose failure a retry may fix. */
  readonly headers: Readonly<Record<string, string>>;
}

// Messages are written here, not copied from the provider's errors: those can
// name role ARNs and account ids, which are not the caller's business.

export function tenantRequired(source: string): TenantRefusal {
  return { status: 400, body: { error: 'tenant_required', message: `no tenant id in ${source}` }, headers: {} };
}

/** A tenant id the tenant scope refuses (it holds the key separator, '#', ':', whitespace, ...): never asked for. */
export function invalidTenantId(tenantId: string): TenantRefusal {
  return {
    status: 400,
    body: {
      error: 'invalid_tenant_id',
      message: `tenant id ${JSON.stringify(tenantId)} is not a valid tenant id`,
      tenantId,
    },
    headers: {},
  };
}

export function unauthenticated(): TenantRefusal {
  return { status: 401, body: { error: 'unauthenticated', message: 'authentication required' }, headers: {} };
}

export function accessDenied(tenantId: string | undefined, reason?: string): TenantRefusal {
  const body: TenantErrorBody = {
    error: 'tenant_access_denied',
    message: tenantId === undefined ? 'access denied' : `access to tenant ${JSON.stringify(tenantId)} denied`,
    ...(tenantId === undefined ? {} : { tenantId }),
    ...(reason ? { reason } : {}),
  };
  return { status: 403, body, headers: {} };
}

export function credentialsUnavailable(
  tenantId: string | undefined,
  retryable: boolean,
  retryAfterSeconds?: number,
): TenantRefusal {
  return {
    status: 503,
    body: {
      error: 'tenant_credentials_unavailable',
      message:
        tenantId === undefined
          ? 'tenant credentials are unavailable'
          : `credentials for tenant ${JSON.stringify(tenantId)} are unavailable`,
      ...(tenantId === undefined ? {} : { tenantId }),
    },
    // Throttled or unreachable STS: worth a retry once the provider's backoff has run out (1 s when it has
    // none). A refused role is not, so no hint then.
    headers: retryable ? { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds ?? 1))) } : {},
  };
}
