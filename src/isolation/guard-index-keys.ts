import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { partitionKeysOf, type TenantIndexKey } from './key-schemas.js';
import { refuse, show } from './refuse.js';
import { currentTenantScope, type TenantScope } from './tenant-scope.js';

/**
 * A value an update writes to an index partition key: `value()` gives its stored form, undefined when it
 * is only known to DynamoDB (`SET a = b`). Asked only inside a tenant scope, for a tenant-prefixed key.
 */
export interface IndexKeyWrite {
  readonly attribute: string;
  value(): AttributeValue | undefined;
}

/**
 * The index partition keys of a table that belong to a tenant: declared tenant-prefixed, or composite
 * with the scope's tenant property first (`TENANT#{tenantId}#...`). IAM's `dynamodb:LeadingKeys` sees
 * only the table's key on writes, so these are checked here or nowhere.
 */
function tenantIndexKeys(scope: TenantScope, table: string): TenantIndexKey[] {
  const keys = partitionKeysOf(table)?.indexKeys;
  if (!keys) return [];
  const out: TenantIndexKey[] = [];
  for (const key of keys.values()) {
    if (key.tenantPrefixed || key.leadingProperties.has(scope.tenantProperty)) out.push(key);
  }
  return out;
}

/** A put's item: every tenant-prefixed index key it carries must be the tenant's (an absent one keeps the item out of the index). */
export function checkIndexKeysOfItem(
  scope: TenantScope,
  operation: string,
  table: string,
  item: Record<string, AttributeValue>,
): void {
  for (const key of tenantIndexKeys(scope, table)) {
    const value = item[key.attribute];
    if (value !== undefined && !scope.owns(value)) {
      refuse(scope, operation, table, `index key ${key.attribute} = ${show(value)} is another tenant's`);
    }
  }
}

/**
 * An update's writes to index partition keys, checked against the tenant scope around the caller (if
 * any) before sending: each written value of a tenant-prefixed key must be the tenant's, and one that
 * cannot be known before sending is refused.
 */
export function guardIndexKeyWrites(operation: string, table: string, writes: readonly IndexKeyWrite[]): void {
  if (writes.length === 0) return;
  const scope = currentTenantScope();
  if (!scope) return;
  const checked = tenantIndexKeys(scope, table);
  for (const write of writes) {
    if (!checked.some((k) => k.attribute === write.attribute)) continue;
    const value = write.value();
    if (value === undefined) {
      refuse(
        scope,
        operation,
        table,
        `index key ${write.attribute} is written with a value that cannot be checked before sending; write it as SET ${write.attribute} = {0}`,
      );
    }
    if (!scope.owns(value)) {
      refuse(scope, operation, table, `index key ${write.attribute} = ${show(value)} is another tenant's`);
    }
  }
}
