import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TenantAccessDeniedError, TenantCredentialsError } from '../../../src/index.js';
import type { TenantClaims, TenantClientProvider } from '../../../src/middleware/shared/types.js';
import { namedClient } from '../../context/support/named-clients.js';

/**
 * A provider shaped like StsTenantClientProvider, with tenants that fail on
 * purpose: `throttled` (credentials unavailable, retryable), `role-refused`
 * (STS refused the tenant's role: unavailable until its role changes),
 * `misconfigured` (the provider's configuration is wrong: a malformed
 * policy), `crash` (any other error).
 */
const FAILING: Readonly<Record<string, string>> = {
  throttled: 'Throttling',
  'role-refused': 'AccessDenied',
  misconfigured: 'MalformedPolicyDocument',
};

export class FakeProvider implements TenantClientProvider<TenantClaims> {
  readonly calls: Array<{ tenantId: string; principal: TenantClaims | undefined }> = [];
  readonly #clients = new Map<string, DynamoDBClient>();

  /** The client the provider hands out for `tenantId` (always the same one). */
  client(tenantId: string): DynamoDBClient {
    let client = this.#clients.get(tenantId);
    if (!client) {
      client = namedClient(`tenant${tenantId.replace(/[^A-Za-z0-9]/g, '')}`);
      this.#clients.set(tenantId, client);
    }
    return client;
  }

  async clientFor(tenantId: string, principal?: TenantClaims): Promise<DynamoDBClient> {
    this.calls.push({ tenantId, principal });
    await new Promise((resolve) => setImmediate(resolve)); // answer later, like STS
    if (principal && !principal.tenants?.includes(tenantId)) {
      throw Object.assign(new TenantAccessDeniedError(`role arn:aws:iam::123456789012:role/T-${tenantId} refused`), {
        tenantId,
        reason: 'not-a-member',
      });
    }
    const code = FAILING[tenantId];
    if (code) {
      throw Object.assign(new TenantCredentialsError('AssumeRole of arn:aws:iam::123456789012:role/secret failed'), {
        code,
        retryable: code === 'Throttling',
      });
    }
    if (tenantId === 'backing-off') {
      // A failure the provider remembers for its backoff (StsTenantClientProvider's retryBackoffSeconds).
      throw Object.assign(new TenantCredentialsError('AssumeRole failed [remembered: STS is not asked again for 8s]'), {
        code: 'Throttling',
        retryable: true,
        retryAfterSeconds: 8,
      });
    }
    if (tenantId === 'crash') throw new Error('provider crashed');
    return this.client(tenantId);
  }
}
