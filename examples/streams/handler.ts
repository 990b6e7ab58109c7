/**
 * The audit log, kept from the `billing` table's stream (NEW_AND_OLD_IMAGES): every insert, update and delete
 * of an invoice or customer becomes an AuditEntry in its tenant's audit log, written with that tenant's
 * STS-scoped client and inside its tenant key guard: the function cannot write into another tenant's log.
 */
import type { Repository, StsTenantClientProvider, TenantPrincipal } from '../../src/index.js';
import { type StreamHandler, streamHandler } from '../../src/streams/index.js';
import { AuditEntry, Customer, Invoice } from './entities.js';

export interface AuditDependencies {
  readonly auditLog: Repository<AuditEntry>;
  readonly tenants: StsTenantClientProvider<TenantPrincipal>;
  /** The billing table's name, when not the @Table name (tests use their own). */
  readonly billingTable?: string;
}

export function createAuditHandler({ auditLog, tenants, billingTable }: AuditDependencies): StreamHandler {
  return streamHandler(
    [Invoice, Customer],
    async (change) => {
      const keys = change.keys as Partial<Invoice & Customer>;
      await auditLog.put
        .withItem(
          Object.assign(new AuditEntry(), {
            tenantId: keys.tenantId,
            sequenceNumber: change.sequenceNumber,
            action: change.eventName,
            entityType: change.entity.name,
            entityId: change.entity === Invoice ? keys.invoiceId : keys.customerId,
            changed: [...(change.changed ?? [])].sort(),
            at: change.approximateCreationTime,
          }),
        )
        .execute();
    },
    { tableName: billingTable, tenants: { provider: tenants } },
  );
}
