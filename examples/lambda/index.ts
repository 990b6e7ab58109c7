/**
 * The Lambda entry point (`handler`): dependencies made once per execution
 * environment, on the first invocation, from the function's environment:
 *
 *   TENANT_ROLE_ARN   the tenant role, with {tenantId} in it: arn:aws:iam::123456789012:role/TenantRole-{tenantId}
 *   AWS_REGION        set by Lambda
 *
 * The provider's cache of tenant clients lives as long as the execution
 * environment: a warm Lambda assumes each tenant's role once per session.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Repository, StsTenantClientProvider, type TenantPrincipal } from '../../src/index.js';
import { User } from '../shared/user.js';
import type { ApiGatewayEvent, ApiGatewayResult } from './api-gateway.js';
import { createHandler } from './handler.js';

let handle: ((event: ApiGatewayEvent) => Promise<ApiGatewayResult>) | undefined;

function fromEnvironment() {
  const template = process.env.TENANT_ROLE_ARN;
  if (!template?.includes('{tenantId}')) throw new Error('TENANT_ROLE_ARN must be set and contain {tenantId}');
  return createHandler({
    users: new Repository(User, new DynamoDBClient({})),
    tenants: new StsTenantClientProvider<TenantPrincipal>({
      roleArn: (tenantId) => template.replace('{tenantId}', tenantId),
      sessionName: (tenantId, principal) => `${tenantId}-${principal?.userId ?? 'anonymous'}`.slice(0, 64),
    }),
  });
}

export async function handler(event: ApiGatewayEvent): Promise<ApiGatewayResult> {
  handle ??= fromEnvironment();
  return handle(event);
}
