/**
 * The Lambda entry point of the audit log: subscribe it to the `billing` table's stream with
 * ReportBatchItemFailures on (`FunctionResponseTypes: ['ReportBatchItemFailures']`), so a failed record is
 * retried alone instead of the whole batch.
 *
 *   TENANT_ROLE_ARN   the tenant role, with {tenantId} in it: arn:aws:iam::123456789012:role/TenantRole-{tenantId}
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Repository, StsTenantClientProvider, type TenantPrincipal } from '../../src/index.js';
import type { DynamoDBStreamEvent, StreamBatchResponse, StreamHandler } from '../../src/streams/index.js';
import { AuditEntry } from './entities.js';
import { createAuditHandler } from './handler.js';

let handle: StreamHandler | undefined;

function fromEnvironment(): StreamHandler {
  const template = process.env.TENANT_ROLE_ARN;
  if (!template?.includes('{tenantId}')) throw new Error('TENANT_ROLE_ARN must be set and contain {tenantId}');
  return createAuditHandler({
    auditLog: new Repository(AuditEntry, new DynamoDBClient({})),
    tenants: new StsTenantClientProvider<TenantPrincipal>({
      roleArn: (tenantId) => template.replace('{tenantId}', tenantId),
      // The tenant key guard: every key the audit function writes must be the record's tenant's.
      isolation: {},
    }),
  });
}

export async function handler(event: DynamoDBStreamEvent): Promise<StreamBatchResponse> {
  handle ??= fromEnvironment();
  return handle(event);
}
