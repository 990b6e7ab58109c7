import { MetadataError } from '../errors/errors.js';
import type { EntityMetadata } from './compiled-types.js';

/** Entities sharing one table (single-table design) must agree on its key attributes. */
export function assertSameKeys(metas: readonly EntityMetadata[], tableName: string): void {
  const [first, ...rest] = metas;
  if (!first) return;
  for (const m of rest) {
    if (
      m.partitionKey.attribute !== first.partitionKey.attribute ||
      m.sortKey?.attribute !== first.sortKey?.attribute
    ) {
      throw new MetadataError(`${m.name} and ${first.name} share table ${tableName} but have different keys`, m.name);
    }
  }
}
