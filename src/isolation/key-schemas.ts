import { globalSingleton } from '../internal/global-singleton.js';

/** An index partition key attribute whose written values the guard checks (see TenantIndexKey.checked). */
export interface TenantIndexKey {
  readonly attribute: string;
  /** Declared tenant-prefixed. */
  readonly tenantPrefixed: boolean;
  /** The first properties of its templates, when composite: tenant-prefixed when one is the scope's tenant property. */
  readonly leadingProperties: ReadonlySet<string>;
}

/** The partition key attribute of a table and of each of its indexes. */
export interface PartitionKeys {
  readonly table: string;
  readonly indexes: ReadonlyMap<string, string>;
  /** Index partition keys that may be tenant-prefixed, by attribute (not the table's own partition key). */
  readonly indexKeys?: ReadonlyMap<string, TenantIndexKey>;
}

/**
 * Partition key attributes by table name, registered by repositories and
 * tables with a declared key, so the tenant guard can read a request's
 * partition keys from the request alone.
 */
const schemas = globalSingleton('partition-keys', () => new Map<string, PartitionKeys>());

export function registerPartitionKeys(tableName: string, keys: PartitionKeys): void {
  const known = schemas.get(tableName);
  if (!known) {
    schemas.set(tableName, keys);
    return;
  }
  // Several entities may share a table: merge their indexes.
  schemas.set(tableName, {
    table: known.table,
    indexes: new Map([...known.indexes, ...keys.indexes]),
    indexKeys: mergeIndexKeys(known.indexKeys, keys.indexKeys),
  });
}

export function partitionKeysOf(tableName: string): PartitionKeys | undefined {
  return schemas.get(tableName);
}

/** Entities sharing a table may each declare an index key: the stricter declaration wins, so checks only add up. */
function mergeIndexKeys(
  a: ReadonlyMap<string, TenantIndexKey> | undefined,
  b: ReadonlyMap<string, TenantIndexKey> | undefined,
): ReadonlyMap<string, TenantIndexKey> {
  const out = new Map(a);
  for (const [attribute, key] of b ?? []) {
    const known = out.get(attribute);
    out.set(
      attribute,
      known
        ? {
            attribute,
            tenantPrefixed: known.tenantPrefixed || key.tenantPrefixed,
            leadingProperties: new Set([...known.leadingProperties, ...key.leadingProperties]),
          }
        : key,
    );
  }
  return out;
}
