/**
 * Entities that declare their key parts to the compiler (`declare readonly [KeyParts]?: {...}`): a simple
 * partition key, and a composite key of templates with a tenant part.
 */
import { Attribute, PartitionKey, SortKey, Table } from '../../src/index.js';
import { KeyParts } from '../../src/metadata/key-parts.js';

@Table('type_accounts')
export class Account {
  declare readonly [KeyParts]?: { partition: 'accountId' };

  @PartitionKey({ attribute: 'pk', prefix: 'ACCOUNT' }) accountId!: string;
  @Attribute() name!: string;
}

@Table('type_orders')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#USER#{userId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}#{line}' })
export class Order {
  declare readonly [KeyParts]?: { partition: 'tenantId' | 'userId'; sort: 'orderId' | 'line'; tenant: 'tenantId' };

  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
  @Attribute() orderId!: string;
  @Attribute() line!: number;
  @Attribute() name!: string;
}

/** A simple partition and sort key, decorated on the properties. */
@Table('type_readings')
export class Reading {
  declare readonly [KeyParts]?: { partition: 'device'; sort: 'at' };

  @PartitionKey() device!: string;
  @SortKey() at!: number;
  @Attribute() value!: number;
}
