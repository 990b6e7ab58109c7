import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { STSClientConfig } from '@aws-sdk/client-sts';
import type { StsTenantClientProviderOptions } from '../../src/index.js';
import type { TenantClaims } from '../../src/nestjs/index.js';

export const ACCOUNT_ID = '123456789012';
export const EXTERNAL_ID = 'unique-external-id-12345';

/** Each tenant's IAM role. */
export const tenantRoleArn = (tenantId: string): string => `arn:aws:iam::${ACCOUNT_ID}:role/TenantRole-${tenantId}`;

export interface StsTenantsSetup {
  /** The STS client's settings: region, or a local STS's endpoint and caller credentials. */
  sts: STSClientConfig;
  /** The scoped DynamoDB clients' settings (region, endpoint). */
  dynamo: Omit<DynamoDBClientConfig, 'credentials' | 'requestHandler'>;
  /** The provider's clock (a local STS's clock in tests). */
  clock?: () => number;
}

/**
 * The TenantScopedDynamoDbService, as StsTenantClientProvider
 * options: the tenant's role, an external id, session tags, one hour,
 * renewed five minutes before expiry, cached and single-flight.
 *
 * One session per tenant, not per user: sessions are named
 * `tenant-<tenant>-user-<user>` for CloudTrail, and you can (the session name
 * is part of the cache key, so that makes one session per user). Here the
 * session's access key id also selects the DynamoDB Local database, and the
 * users of a tenant must share its data.
 */
export function stsTenantOptions(setup: StsTenantsSetup): StsTenantClientProviderOptions<TenantClaims> {
  return {
    roleArn: tenantRoleArn,
    sessionName: (tenantId) => `tenant-${tenantId}`,
    durationSeconds: 3600,
    externalId: EXTERNAL_ID,
    tags: (tenantId) => ({ TenantId: tenantId }),
    refreshBeforeExpirySeconds: 300,
    sts: setup.sts,
    dynamo: setup.dynamo,
    ...(setup.clock ? { clock: setup.clock } : {}),
  };
}
