import { globalSingleton } from '../internal/global-singleton.js';
import type { EntityMetadata } from './compiled-types.js';
import { assertSameIndexTenancy } from './shared-table.js';

/** The entities of the process's repositories and tables, by table name: one set however the package is loaded. */
const byTable = globalSingleton('table-entities', () => new Map<string, Set<EntityMetadata>>());

/**
 * Records that `metadata` addresses `tableName`, refusing (MetadataError) an entity whose index keys disagree
 * with those of the table's other entities on being tenants' (assertSameIndexTenancy): repositories of one
 * table are made independently, and this is where the entities of a single-table design meet.
 */
export function declareTableEntity(tableName: string, metadata: EntityMetadata): void {
  let entities = byTable.get(tableName);
  if (entities?.has(metadata)) return;
  if (entities === undefined) {
    entities = new Set();
    byTable.set(tableName, entities);
  }
  if (entities.size > 0) assertSameIndexTenancy([...entities, metadata], tableName);
  entities.add(metadata);
}
