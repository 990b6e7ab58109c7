import 'reflect-metadata';
import { Attribute, KeyParts, PartitionKey, SortKey, Table } from '../../src/index.js';

/** Invoices and customers share the tenant-keyed `billing` table, whose stream feeds the audit log. */
@Table('billing')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'INVOICE#{invoiceId}' })
export class Invoice {
  declare readonly [KeyParts]?: { partition: 'tenantId'; sort: 'invoiceId'; tenant: 'tenantId' };

  @Attribute() tenantId!: string;
  @Attribute() invoiceId!: string;
  @Attribute() customerId!: string;
  @Attribute() amountCents!: number;
  @Attribute() status!: 'draft' | 'sent' | 'paid';
  @Attribute({ type: Date }) dueAt?: Date;
}

@Table('billing')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'CUSTOMER#{customerId}' })
export class Customer {
  declare readonly [KeyParts]?: { partition: 'tenantId'; sort: 'customerId'; tenant: 'tenantId' };

  @Attribute() tenantId!: string;
  @Attribute() customerId!: string;
  @Attribute() name!: string;
}

/**
 * One entry per change, in the tenant's own audit log. Keyed by the stream record's sequence number: a record
 * Lambda delivers again (after a failure later in its batch) writes the same entry again, not a second one.
 */
@Table('audit_log')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'CHANGE#{sequenceNumber}' })
export class AuditEntry {
  declare readonly [KeyParts]?: { partition: 'tenantId'; sort: 'sequenceNumber'; tenant: 'tenantId' };

  @Attribute() tenantId!: string;
  @Attribute() sequenceNumber!: string;
  @Attribute() action!: 'INSERT' | 'MODIFY' | 'REMOVE';
  @Attribute() entityType!: string;
  @Attribute() entityId!: string;
  /** The properties the change touched (all of them for a create or delete). */
  @Attribute({ type: Array }) changed!: string[];
  @Attribute({ type: Date }) at?: Date;
}
