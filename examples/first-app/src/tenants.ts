import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { STSClientConfig } from '@aws-sdk/client-sts';
import { StsTenantClientProvider, type TenantPrincipal } from '../../../src/index.js';

/** Each tenant's IAM role: its policy lets it touch only items whose key starts with TENANT#<tenantId>. */
export function tenantRoleArn(tenantId: string): string {
  return `arn:aws:iam::123456789012:role/FirstAppTenant-${tenantId}`;
}

export interface TenantSettings {
  /** How to reach STS: a region, or a local STS's endpoint and credentials. */
  readonly sts: STSClientConfig;
  /** Where the tenants' DynamoDB clients go: a region, and an endpoint for DynamoDB Local. */
  readonly dynamo: Pick<DynamoDBClientConfig, 'region' | 'endpoint'>;
  /** The sts:ExternalId the tenant roles' trust policy requires (2 to 1224 characters). */
  readonly externalId: string;
}

/**
 * Hands out each tenant's DynamoDB client, on credentials of the tenant's
 * role (AssumeRole, cached and renewed before they expire). `isolation: {}`
 * also checks every request of a tenant before it is sent: a key that does
 * not start with TENANT#<tenantId> is refused with TenantIsolationError.
 */
export function createTenantProvider(settings: TenantSettings): StsTenantClientProvider<TenantPrincipal> {
  return new StsTenantClientProvider<TenantPrincipal>({
    roleArn: tenantRoleArn,
    externalId: settings.externalId,
    tags: (tenantId) => ({ TenantId: tenantId }),
    sts: settings.sts,
    dynamo: settings.dynamo,
    isolation: {},
  });
}
