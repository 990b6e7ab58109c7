import type { GuardedTable } from '../../isolation/accesses.js';
import { registerTenantIndexKeys } from '../../isolation/registered-index-keys.js';
import type { IndexSchema, KeySchema } from './table-target.js';

/**
 * What the tenant guard needs to know of a table: its partition key and the global index keys that may
 * hold tenant-prefixed values. Each target computes it once, so every request carries the facts of the
 * repository (or table) that built it; its tenant index keys are also registered under the table's name, for
 * the writes of the table's other repositories (registered-index-keys.ts).
 */
export function guardedTable(
  name: string,
  keySchema: KeySchema | undefined,
  indexes: ReadonlyMap<string, IndexSchema> | undefined,
): GuardedTable {
  const tenantIndexKeys = [...(indexes?.values() ?? [])]
    .filter((i) => i.type === 'global' && i.partition && (i.tenantPrefixed || i.leadingProperty !== undefined))
    .map((i) => ({
      attribute: i.partition,
      tenantPrefixed: i.tenantPrefixed === true,
      leadingProperty: i.leadingProperty,
    }));
  // The other repositories and tables of this table name check writes to these keys too.
  registerTenantIndexKeys(name, tenantIndexKeys);
  return { name, partitionKey: keySchema?.partition || undefined, tenantIndexKeys };
}
