import type { GuardedTable } from '../../isolation/accesses.js';
import type { IndexSchema, KeySchema } from './table-target.js';

/**
 * What the tenant guard needs to know of a table: its partition key and the global index keys that may
 * hold tenant-prefixed values. Each target computes it once, so every request carries the facts of the
 * repository (or table) that built it, and no table name is looked up anywhere.
 */
export function guardedTable(
  name: string,
  keySchema: KeySchema | undefined,
  indexes: ReadonlyMap<string, IndexSchema> | undefined,
): GuardedTable {
  return {
    name,
    partitionKey: keySchema?.partition || undefined,
    tenantIndexKeys: [...(indexes?.values() ?? [])]
      .filter((i) => i.type === 'global' && i.partition && (i.tenantPrefixed || i.leadingProperty !== undefined))
      .map((i) => ({
        attribute: i.partition,
        tenantPrefixed: i.tenantPrefixed === true,
        leadingProperty: i.leadingProperty,
      })),
  };
}
