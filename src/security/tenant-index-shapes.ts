import type { EntityMetadata } from '../metadata/compiled-types.js';
import { keyShape, type TenantKeyShape } from './tenant-key-shape.js';

/** A global index whose partition-key values are a tenant's keys, and how they name the tenant. */
export interface TenantIndexShape {
  readonly table: string;
  readonly index: string;
  readonly shape: TenantKeyShape;
}

/**
 * The global indexes of an entity whose partition key is tenant-prefixed, as
 * the tenant key guard reads it: a composite key whose template starts with
 * the tenant property (`TENANT#{tenantId}#ASSIGNEE#{assignee}` gives
 * 'TENANT#' then '#', read like a table key and refused alike when IAM cannot
 * pin it), or a key declared `tenantPrefixed` (values the application builds
 * as the table's keys are: the table key's prefix and the tenant id, then the
 * table key's separator, or '#' when the table key ends with the tenant id).
 * A query on a global index carries the index's partition key as its leading
 * key, so these are the patterns that let a tenant query its own index keys.
 * Other global indexes stay closed: their values say nothing about tenants.
 */
export function tenantIndexShapes(
  m: EntityMetadata,
  table: string,
  tableShape: TenantKeyShape,
  tenantProperty: string,
): TenantIndexShape[] {
  const found: TenantIndexShape[] = [];
  for (const index of m.indexes.values()) {
    if (index.type !== 'global') continue;
    const key = index.partitionKey;
    const composite = key.composite;
    if (composite?.leadingProperty === tenantProperty) {
      const where = `${m.name}'s index ${index.name} partition key ${key.attribute}`;
      found.push({ table, index: index.name, shape: keyShape(m, composite, where, tenantProperty) });
    } else if (key.tenantPrefixed) {
      found.push({ table, index: index.name, shape: { prefix: tableShape.prefix, next: tableShape.next || '#' } });
    }
  }
  return found;
}
