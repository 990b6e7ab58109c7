import type { TableTarget } from '../builders/shared/table-target.js';
import { registerPartitionKeys } from '../isolation/key-schemas.js';

/** Makes the table's partition keys known to the tenant guard (nothing to register when they are unknown). */
export function registerTargetKeys(target: TableTarget<unknown>): void {
  if (!target.keySchema) return;
  const indexes = new Map(
    [...(target.indexes?.values() ?? [])].filter((i) => i.partition).map((i) => [i.name, i.partition]),
  );
  const indexKeys = new Map(
    [...(target.indexes?.values() ?? [])]
      .filter((i) => i.type === 'global' && (i.tenantPrefixed || i.leadingProperty !== undefined))
      .map((i) => [
        i.partition,
        {
          attribute: i.partition,
          tenantPrefixed: i.tenantPrefixed === true,
          leadingProperties: new Set(i.leadingProperty === undefined ? [] : [i.leadingProperty]),
        },
      ]),
  );
  registerPartitionKeys(target.tableName, { table: target.keySchema.partition, indexes, indexKeys });
}
