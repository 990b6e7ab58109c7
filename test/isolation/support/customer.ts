import { Attribute, Index, PartitionKey, SortKey, Table } from '../../../src/index.js';

/**
 * The owner of a tenant index key in a single-table design: GSI1's partition key is a template led by the tenant
 * (`TENANT#acme#EMAIL#bob@acme.example`), so its writes are checked and a tenant scope may query GSI1.
 */
@Table('shared_app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'CUSTOMER#{customerId}' })
@Index('GSI1', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#EMAIL#{email}' })
export class Customer {
  @Attribute() tenantId!: string;
  @Attribute() customerId!: string;
  @Attribute() email!: string;
}
