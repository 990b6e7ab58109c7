import type { AttributeValue } from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

/** An index partition key whose written values may have to be the tenant's. */
export interface TenantIndexKey {
  readonly attribute: string;
  /** Declared tenant-prefixed: always the tenant's. */
  readonly tenantPrefixed: boolean;
  /** The first property of its template, when composite: the tenant's when it is the scope's tenant property. */
  readonly leadingProperty: string | undefined;
}

/** What the guard knows of a table, from the repository (or table) that addresses it; computed once. */
export interface GuardedTable {
  readonly name: string;
  /** The table's partition key attribute; undefined when unknown (a DynamoDbTable without partitionKey). */
  readonly partitionKey: string | undefined;
  /**
   * Global index partition keys that may hold tenant-prefixed values: the table's repository's own, and those any
   * other repository or table of the same name declared (an entity that writes such a key as a plain value, an
   * open entity's template or an untyped table must not fill another tenant's partition of the index).
   */
  readonly tenantIndexKeys: readonly TenantIndexKey[];
}

/**
 * A value an update writes to an index partition key: `value()` gives its stored form, undefined when it
 * is only known to DynamoDB (`SET a = b`). Asked only inside a tenant scope, for a tenant's index key.
 */
export interface IndexKeyWrite {
  readonly attribute: string;
  value(): AttributeValue | undefined;
}

/**
 * One thing a request reads or writes, as the builder knows it before rendering anything: the tenant
 * guard checks these facts, never the rendered request.
 */
export type Access =
  /** An item addressed by its key (get, delete, update, condition check); an update names the index keys it writes. */
  | {
      readonly kind: 'key';
      readonly table: GuardedTable;
      readonly key: Item | undefined;
      readonly indexKeyWrites?: readonly IndexKeyWrite[];
    }
  /** An item written whole (put). */
  | { readonly kind: 'item'; readonly table: GuardedTable; readonly item: Item | undefined }
  /** The partition a query reads: its key attribute (undefined when unknown) and the value compared with it. */
  | {
      readonly kind: 'partition';
      readonly table: GuardedTable;
      readonly index: string | undefined;
      readonly attribute: string | undefined;
      readonly value: AttributeValue | undefined;
    }
  /** Every partition (scan). */
  | { readonly kind: 'scan'; readonly table: GuardedTable };
