import type { GuardedTable } from '../../isolation/accesses.js';
import { registeredTenantIndexKeys, registerTenantIndexKeys } from '../../isolation/registered-index-keys.js';
import type { IndexSchema, KeySchema } from './table-target.js';

/**
 * What the tenant guard needs to know of a table: its partition key and the global index keys that may
 * hold tenant-prefixed values. Each target computes it once, so every request carries the facts of the
 * repository (or table) that built it. Its tenant index keys are registered under the table's name, and it reads
 * them from there: the writes of every repository of the table are checked against all of them
 * (registered-index-keys.ts).
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
  registerTenantIndexKeys(name, tenantIndexKeys);
  return {
    name,
    partitionKey: keySchema?.partition || undefined,
    // These and those any other repository or table of this name declared: read when a request is checked, so a
    // repository made later counts too.
    get tenantIndexKeys() {
      return registeredTenantIndexKeys(name);
    },
  };
}
