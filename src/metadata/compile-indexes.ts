import type { CompiledAttribute, CompiledIndex, CompiledIndexKey } from './compiled-types.js';
import type { CompiledKey } from './key-format.js';
import type { ClassIndexRecord, ClassRecord, EntityClass, IndexOptions } from './types.js';

type Fail = (ctor: EntityClass, message: string, property?: string) => never;
/** Compiles a composite key template (`compileTemplateKey` of compile-entity, passed in to avoid an import cycle). */
type CompileTemplate = (label: string, template: string, attribute: string) => CompiledKey;
type DraftKey = CompiledIndexKey & { property: string };

interface Keys {
  readonly partitionKey: CompiledKey;
  readonly sortKey: CompiledKey | undefined;
  readonly attributes: readonly CompiledAttribute[];
}

interface Draft {
  type: 'global' | 'local';
  partition?: DraftKey;
  sort?: DraftKey;
  projection: IndexOptions['projection'];
}

/**
 * Builds the secondary indexes declared with `@Index` on properties. A global
 * index needs a partition key; a local one shares the table's partition key
 * and declares only its sort key (and needs a table with a sort key).
 */
export function collectIndexes(
  ctor: EntityClass,
  record: ClassRecord,
  keys: Keys,
  fail: Fail,
  compileTemplate: CompileTemplate,
): Map<string, CompiledIndex> {
  const drafts = new Map<string, Draft>();
  const place = (idx: { name: string } & IndexOptions, key: DraftKey) => {
    const draft = drafts.get(idx.name) ?? { type: idx.type ?? 'global', projection: undefined };
    if ((idx.type ?? 'global') !== draft.type)
      fail(ctor, `@Index('${idx.name}') is declared both global and local`, key.property);
    if (idx.projection !== undefined) draft.projection = idx.projection;
    const slot = idx.role === 'partition' ? 'partition' : 'sort';
    if (draft[slot]) {
      fail(
        ctor,
        `@Index('${idx.name}') has two ${slot} keys (${draft[slot]?.property} and ${key.property})`,
        key.property,
      );
    }
    draft[slot] = key;
    drafts.set(idx.name, draft);
  };
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
          `@Index('${idx.name}') key must be a string, number, binary or Date property, but ${prop.property} is ${attr?.typeName === 'Object' ? 'declared as Object (any value)' : `a ${attr?.typeName}`}: declare its type, e.g. @Attribute({ type: String })`,
          prop.property,
        );
      }
      place(idx, { attribute, scalar, property: prop.property, tenantPrefixed: idx.tenantPrefixed === true });
    }
  }
  for (const idx of record.indexKeys ?? []) place(idx, compositeIndexKey(ctor, idx, keys, fail, compileTemplate));

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
      partitionKey: d.partition ? indexKey(d.partition) : tableKey(keys.partitionKey),
      sortKey: d.sort && indexKey(d.sort),
      projection: d.projection ?? 'ALL',
    });
  }
  return out;
}

function indexKey({ property: _, ...key }: DraftKey): CompiledIndexKey {
  return key;
}

function tableKey(key: CompiledKey): CompiledIndexKey {
  return { attribute: key.attribute, scalar: key.scalar };
}

/** `@Index(name, { role, attribute: 'gsi1pk', template: 'TENANT#{tenantId}#ASSIGNEE#{assignee}' })` on the class. */
function compositeIndexKey(
  ctor: EntityClass,
  idx: ClassIndexRecord,
  keys: Keys,
  fail: Fail,
  compileTemplate: CompileTemplate,
): DraftKey {
  const attribute = idx.attribute as string;
  const label = `@Index('${idx.name}')`;
  if (
    keys.attributes.some((a) => a.name === attribute) ||
    attribute === keys.partitionKey.attribute ||
    attribute === keys.sortKey?.attribute
  ) {
    fail(ctor, `${label} stores its composite key as '${attribute}', which is already an attribute or a table key`);
  }
  const composite = compileTemplate(label, idx.template as string, attribute);
  return {
    attribute,
    scalar: 'S',
    composite,
    tenantPrefixed: idx.tenantPrefixed === true,
    property: `${idx.name}.${idx.role}`,
  };
}
