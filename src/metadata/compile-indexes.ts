import type { CompiledAttribute, CompiledIndex, CompiledIndexKey } from './compiled-types.js';
import type { CompiledKey } from './key-format.js';
import type { ClassRecord, EntityClass, IndexOptions } from './types.js';

type Fail = (ctor: EntityClass, message: string, property?: string) => never;

interface Keys {
  readonly partitionKey: CompiledKey;
  readonly sortKey: CompiledKey | undefined;
  readonly attributes: readonly CompiledAttribute[];
}

interface Draft {
  type: 'global' | 'local';
  partition?: CompiledIndexKey & { property: string };
  sort?: CompiledIndexKey & { property: string };
  projection: IndexOptions['projection'];
}

/**
 * Builds the secondary indexes declared with @Index on properties. A global
 * index needs a partition key; a local one shares the table's partition key
 * and declares only its sort key (and needs a table with a sort key).
 */
export function collectIndexes(
  ctor: EntityClass,
  record: ClassRecord,
  keys: Keys,
  fail: Fail,
): Map<string, CompiledIndex> {
  const drafts = new Map<string, Draft>();
  for (const prop of record.properties.values()) {
    for (const idx of prop.indexes) {
      const key = [keys.partitionKey, keys.sortKey].find(
        (k) => k?.kind === 'simple' && k.properties[0] === prop.property,
      );
      const attr = keys.attributes.find((a) => a.property === prop.property);
      const attribute = key?.attribute ?? attr?.name ?? prop.property;
      const scalar = key?.scalar ?? attr?.scalar;
      if (!scalar) {
        fail(
          ctor,
          `@Index('${idx.name}') key must be a string, number, binary or Date property, not ${attr?.typeName}`,
          prop.property,
        );
      }
      const draft = drafts.get(idx.name) ?? { type: idx.type ?? 'global', projection: undefined };
      if ((idx.type ?? 'global') !== draft.type)
        fail(ctor, `@Index('${idx.name}') is declared both global and local`, prop.property);
      if (idx.projection !== undefined) draft.projection = idx.projection;
      const slot = idx.role === 'partition' ? 'partition' : 'sort';
      if (draft[slot]) {
        fail(
          ctor,
          `@Index('${idx.name}') has two ${slot} keys (${draft[slot]?.property} and ${prop.property})`,
          prop.property,
        );
      }
      draft[slot] = { attribute, scalar, property: prop.property };
      drafts.set(idx.name, draft);
    }
  }

  const out = new Map<string, CompiledIndex>();
  for (const [name, d] of drafts) {
    if (d.type === 'local') {
      if (d.partition)
        fail(
          ctor,
          `local index '${name}' shares the table's partition key: declare only role 'sort'`,
          d.partition.property,
        );
      if (!d.sort) fail(ctor, `local index '${name}' needs a sort key`);
      if (!keys.sortKey) fail(ctor, `local index '${name}' needs a table with a sort key`);
    } else if (!d.partition) {
      fail(
        ctor,
        `index '${name}' has a sort key but no partition key (add @Index('${name}', { role: 'partition' }), or type 'local')`,
        d.sort?.property,
      );
    }
    out.set(name, {
      name,
      type: d.type,
      partitionKey: d.partition ?? { attribute: keys.partitionKey.attribute, scalar: keys.partitionKey.scalar },
      sortKey: d.sort && { attribute: d.sort.attribute, scalar: d.sort.scalar },
      projection: d.projection ?? 'ALL',
    });
  }
  return out;
}
