import { globalSingleton } from '../internal/global-singleton.js';

/** The partition key attribute of a table and of each of its indexes. */
export interface PartitionKeys {
  readonly table: string;
  readonly indexes: ReadonlyMap<string, string>;
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
  schemas.set(tableName, { table: known.table, indexes: new Map([...known.indexes, ...keys.indexes]) });
}

export function partitionKeysOf(tableName: string): PartitionKeys | undefined {
  return schemas.get(tableName);
}
