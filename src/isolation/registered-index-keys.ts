import { globalSingleton } from '../internal/global-singleton.js';
import type { TenantIndexKey } from './accesses.js';

/**
 * The tenant index keys of every repository and table the process made, by table name: one map however the
 * package is loaded. The entities of one table are made independently (a repository each), and the guard checks
 * a written index key by the writer's declaration; with this map, a write to an index key that any entity of the
 * table makes a tenant's is checked whoever writes it: another entity that stores the attribute as a plain value,
 * or a template of an open entity, or an untyped DynamoDbTable.
 */
const byTable = globalSingleton('table-tenant-index-keys', () => new Map<string, TenantIndexKey[]>());

const NONE: readonly TenantIndexKey[] = [];

/** Adds the tenant index keys a repository or table of `tableName` declares. */
export function registerTenantIndexKeys(tableName: string, keys: readonly TenantIndexKey[]): void {
  if (keys.length === 0) return;
  const known = byTable.get(tableName) ?? [];
  const added = keys.filter(
    (k) =>
      !known.some(
        (n) =>
          n.attribute === k.attribute &&
          n.tenantPrefixed === k.tenantPrefixed &&
          n.leadingProperty === k.leadingProperty,
      ),
  );
  if (added.length > 0) byTable.set(tableName, [...known, ...added]);
}

/** The tenant index keys any repository or table of `tableName` declared so far. */
export function registeredTenantIndexKeys(tableName: string): readonly TenantIndexKey[] {
  return byTable.get(tableName) ?? NONE;
}
