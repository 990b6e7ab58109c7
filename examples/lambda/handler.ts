import {
  FluentDynamoError,
  isConfigurationFailure,
  type Repository,
  type StsTenantClientProvider,
  TenantAccessDeniedError,
  TenantCredentialsError,
  type TenantPrincipal,
} from '../../src/index.js';
import type { User } from '../shared/user.js';
import { type ApiGatewayEvent, type ApiGatewayResult, json } from './api-gateway.js';

export interface LambdaDeps {
  /** The users repository; its own client is never used: every request runs on the tenant's client. */
  readonly users: Repository<User>;
  readonly tenants: StsTenantClientProvider<TenantPrincipal>;
}

/**
 * The principal from the authorizer's claims: `sub`, and the tenants the user
 * belongs to in the custom claim `custom:tenants` (comma-separated: Cognito
 * custom attributes are strings). Undefined without claims (no authorizer).
 */
export function principalOf(event: ApiGatewayEvent): TenantPrincipal | undefined {
  const claims = event.requestContext.authorizer?.claims;
  if (!claims?.sub) return undefined;
  const tenants = (claims['custom:tenants'] ?? '')
    .split(',')
    .map((tenant) => tenant.trim())
    .filter((tenant) => tenant !== '');
  return { userId: claims.sub, tenants };
}

/**
 * `GET /tenants/{tenantId}/users/{userId}` as a Lambda behind API Gateway.
 *
 * The tenant comes from the path, and the authorizer's claims must list it:
 * `tenants.run()` checks that before anything else, assumes the tenant's role
 * through STS (cached across invocations of a warm Lambda), and runs the call
 * with the tenant's scoped client as the ambient client (runWithClient), so
 * `users.get` reads the tenant's data and nobody else's.
 */
export function createHandler(deps: LambdaDeps) {
  return async (event: ApiGatewayEvent): Promise<ApiGatewayResult> => {
    const principal = principalOf(event);
    if (!principal) return json(401, { error: 'no authorizer claims' });
    const tenantId = event.pathParameters?.tenantId;
    const userId = event.pathParameters?.userId;
    if (event.httpMethod !== 'GET' || !tenantId || !userId) return json(404, { error: 'not found' });
    try {
      const { item } = await deps.tenants.run(tenantId, principal, () => deps.users.get.withKey({ userId }).execute());
      return item ? json(200, item) : json(404, { error: `no user ${userId}` });
    } catch (error) {
      return errorResult(error);
    }
  };
}

function errorResult(error: unknown): ApiGatewayResult {
  if (error instanceof TenantAccessDeniedError) return json(403, { error: error.message });
  // A wrong provider configuration is the application's bug, not an outage: a 500 the logs show.
  if (isConfigurationFailure(error)) return json(500, { error: 'tenant provider misconfigured' });
  if (error instanceof TenantCredentialsError) {
    // STS throttled or down: the client may retry after the provider's backoff for this tenant; a refusal STS
    // will repeat is still a 503, but not retryable.
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (error.retryable) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds ?? 1)));
    return { ...json(503, { error: 'tenant credentials unavailable' }), headers };
  }
  if (error instanceof FluentDynamoError) return json(500, { error: error.name });
  throw error;
}
