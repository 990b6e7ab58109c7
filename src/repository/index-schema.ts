import type { IndexSchema } from '../builders/shared/table-target.js';
import type { CompiledIndex } from '../metadata/compiled-types.js';

/**
 * What the builders and the tenant guard know of an entity's index: its keys, and whether its partition key
 * is a tenant's (declared tenantPrefixed, or a template led by a property), which decides whether it may be
 * queried in a tenant scope and whether its written values are checked there.
 */
export function indexSchemaOf(index: CompiledIndex): IndexSchema {
  return {
    name: index.name,
    type: index.type,
    partition: index.partitionKey.attribute,
    sort: index.sortKey?.attribute,
    tenantPrefixed: index.partitionKey.tenantPrefixed === true,
    leadingProperty: index.partitionKey.composite?.leadingProperty,
  };
}
