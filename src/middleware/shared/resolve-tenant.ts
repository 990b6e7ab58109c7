import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigurationError } from '../../clients/configuration-error.js';
import { isDynamoClient } from '../../context/client-context.js';
import type { TenantScope } from '../../context/context-storage.js';
import { InvalidRequestError, TenantAccessDeniedError, TenantCredentialsError } from '../../errors/errors.js';
import { isolationScope } from '../../isolation/isolation-option.js';
import { tenantResolved } from '../../observability/tenant-resolved.js';
import { isConfigurationFailure } from '../../tenancy/configuration-failure.js';
import { accessCheck } from './access-check.js';
import { checkOptions } from './check-options.js';
import { chooseIsolation } from './isolation-choice.js';
import {
  accessDenied,
  credentialsUnavailable,
  invalidTenantId,
  type TenantRefusal,
  tenantRequired,
  unauthenticated,
} from './refusals.js';
import { type RequestAccess, tenantReader } from './tenant-source.js';
import type { TenantContextOptions } from './types.js';

/** The outcome for one request: run it on `client` (in `scope` with isolation), or answer it with the refusal. */
export type TenantResolution =
  | {
      readonly kind: 'granted';
      readonly tenantId: string;
      readonly client: DynamoDBClient;
      readonly scope: TenantScope | undefined;
    }
  | { readonly kind: 'refused'; readonly refusal: TenantRefusal };

function refused(refusal: TenantRefusal): TenantResolution {
  return { kind: 'refused', refusal };
}

// The tenancy errors carry their details as plain properties (tenant-errors.ts
// of the provider); read them defensively, other providers may not set them.
function detail(error: object, key: 'reason' | 'retryable' | 'retryAfterSeconds'): unknown {
  return (error as Record<string, unknown>)[key];
}

/** The scope of `tenantId`, or the 400 that refuses it (a tenant id that could reach into other tenants' keys). */
function scopeOrRefusal(
  tenantId: string,
  isolation: Parameters<typeof isolationScope>[1],
): { scope: TenantScope | undefined } | TenantRefusal {
  try {
    return { scope: isolationScope(tenantId, isolation) };
  } catch (error) {
    if (error instanceof InvalidRequestError) return invalidTenantId(tenantId);
    throw error;
  }
}

/**
 * The framework-independent part of the tenant middleware: who (principal,
 * else 401), which tenant (else 400; with isolation, also a tenant id the
 * scope refuses), allowed (else 403), its client (503 when its credentials
 * cannot be had for now). Anything else is thrown, for the framework's error
 * handling: a crashed provider, and a provider configured wrongly (a
 * TenantCredentialsError of configuration-failure.ts: an invalid STS
 * parameter, a malformed policy, bad application credentials), which is the
 * application's bug to fix, not an outage to retry. Options are checked
 * here, once, and the isolation chosen (its own or the provider's).
 */
export function tenantResolver<Req, P extends object>(
  options: TenantContextOptions<Req, P>,
  access: RequestAccess<Req>,
): (req: Req) => Promise<TenantResolution> {
  checkOptions(access.owner, options);
  const readTenant = tenantReader(options, access);
  const allowed = accessCheck(options);
  const { provider, clientFor, principal: principalOf } = options;
  const isolation = chooseIsolation(access.owner, options.isolation, provider?.isolation);

  return async (req) => {
    let tenantId: string | undefined;
    try {
      const principal = await principalOf(req);
      if (principal === undefined || principal === null) return refused(unauthenticated());
      const read = await readTenant(req);
      tenantId = read.tenantId;
      if (tenantId === undefined) return refused(tenantRequired(read.source));
      // Before the access check and the provider: such an id never reaches STS.
      const scoped = scopeOrRefusal(tenantId, isolation);
      if (!('scope' in scoped)) return refused(scoped);
      if (allowed && !(await allowed(tenantId, principal))) return refused(accessDenied(tenantId));
      const client = provider ? await provider.clientFor(tenantId, principal) : await clientFor?.(tenantId, principal);
      if (!isDynamoClient(client)) {
        throw new ConfigurationError(
          `${access.owner}: ${provider ? 'provider.clientFor' : 'clientFor'} gave no DynamoDBClient for tenant ${JSON.stringify(tenantId)}`,
          provider ? 'provider' : 'clientFor',
        );
      }
      // In the request's async context: an OpenTelemetry instrumentation can put the tenant on its request span.
      tenantResolved(tenantId);
      return { kind: 'granted', tenantId, client, scope: scoped.scope };
    } catch (error) {
      // Wherever they come from (provider, authorize, principal), the tenancy errors mean the same.
      if (error instanceof TenantAccessDeniedError) {
        const reason = detail(error, 'reason');
        return refused(accessDenied(tenantId, typeof reason === 'string' ? reason : undefined));
      }
      if (error instanceof TenantCredentialsError && !isConfigurationFailure(error)) {
        const after = detail(error, 'retryAfterSeconds');
        return refused(
          credentialsUnavailable(
            tenantId,
            detail(error, 'retryable') === true,
            typeof after === 'number' ? after : undefined,
          ),
        );
      }
      throw error;
    }
  };
}
