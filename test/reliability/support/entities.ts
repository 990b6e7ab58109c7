import 'reflect-metadata';
import { Attribute, fieldsOf, Index, keysOf, PartitionKey, SortKey, Table, Version } from '../../../src/index.js';

/**
 * One item of a tenant, in a multi-tenant single table: partition
 * `TENANT#<tenantId>`, sort key `ITEM#<itemId>`. `ops` lists the operation
 * ids of every write that reached it, in order: a write applied twice shows
 * up twice, a write that failed must not show up at all.
 */
@Table('reliability_items')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'ITEM#{itemId}' })
export class TenantItem {
  @Attribute() tenantId!: string;
  @Attribute() itemId!: string;
  @Attribute() value!: number;
  @Attribute({ type: Array }) ops!: string[];
  /** A counter that unconditional `ADD`s increase: applied twice, it counts twice. */
  @Attribute() hits?: number;
  /** Tenant-prefixed, so the index can be queried inside a tenant scope. */
  @Attribute() @Index('ByGroup', { role: 'partition', tenantPrefixed: true }) group?: string;
  @Version() version?: number;
}

export const ItemFields = fieldsOf(TenantItem);
export const ItemKeys = keysOf(TenantItem);

export function tenantItem(
  tenantId: string,
  itemId: string,
  value: number,
  ops: string[],
  version?: number,
): TenantItem {
  return Object.assign(new TenantItem(), {
    tenantId,
    itemId,
    value,
    ops,
    group: `TENANT#${tenantId}#G#${value % 3}`,
    ...(version === undefined ? {} : { version }),
  });
}

/** An unversioned entity: conditions are the caller's business. */
@Table('reliability_counters')
export class Counter {
  @PartitionKey({ attribute: 'pk', prefix: 'COUNTER' }) id!: string;
  @Attribute() hits?: number;
  @Attribute() note?: string;
}

export const CounterFields = fieldsOf(Counter);
