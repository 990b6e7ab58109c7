import { MetadataError } from '../errors/errors.js';
import { escapeName } from '../expressions/names.js';
import { globalSingleton } from '../internal/global-singleton.js';
import { shapeConverter } from '../mapping/shape-converter.js';
import { collectIndexes } from './compile-indexes.js';
import type { CompiledAttribute, CompiledIndex, CompiledShape, EntityMetadata } from './compiled-types.js';
import { type CompiledKey, type KeyScalar, parseKeyTemplate, simpleKey, templateKey } from './key-format.js';
import { lifecycleAttributes } from './lifecycle-attributes.js';
import { resolveType } from './resolve-converter.js';
import { existingClassRecord } from './store.js';
import type { ClassRecord, EntityClass, KeyOptions, PropertyRecord } from './types.js';

const entities = globalSingleton('compiled-entities', () => new WeakMap<object, EntityMetadata>());
const shapes = globalSingleton('compiled-shapes', () => new WeakMap<object, CompiledShape>());

/** The attribute that marks which entity class wrote an item. */
export const DEFAULT_DISCRIMINATOR = '_type';

/** The decorator records of a class and its decorated base classes, base first. */
function mergedRecord(ctor: EntityClass): ClassRecord | undefined {
  const chain: ClassRecord[] = [];
  for (let c: unknown = ctor; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const r = existingClassRecord(c);
    if (r) chain.unshift(r);
  }
  if (chain.length === 0) return undefined;
  const merged: ClassRecord = { properties: new Map(), problems: [] };
  for (const r of chain) {
    if (r.table !== undefined) merged.table = r.table;
    if (r.tableOptions !== undefined) merged.tableOptions = r.tableOptions;
    if (r.partitionKey) merged.partitionKey = r.partitionKey;
    if (r.sortKey) merged.sortKey = r.sortKey;
    if (r.indexKeys) merged.indexKeys = [...(merged.indexKeys ?? []), ...r.indexKeys];
    for (const [k, v] of r.properties) merged.properties.set(k, v);
    merged.problems.push(...r.problems);
  }
  return merged;
}

function fail(ctor: EntityClass, message: string, property?: string): never {
  const where = property ? `${ctor.name}.${property}` : ctor.name;
  throw new MetadataError(`${where}: ${message}`, ctor.name, property);
}

function compileAttributes(ctor: EntityClass, record: ClassRecord, skip: ReadonlySet<string>): CompiledAttribute[] {
  const out: CompiledAttribute[] = [];
  const names = new Map<string, string>();
  for (const prop of record.properties.values()) {
    if (skip.has(prop.property)) continue;
    const resolved = resolveType(prop, compiledShapeConverter);
    if (typeof resolved === 'string') fail(ctor, resolved, prop.property);
    const name = prop.attribute?.name ?? prop.property;
    checkStoredName(ctor, name, prop.property, names);
    if (prop.lifecycle === 'version' && resolved.typeName !== 'Number')
      fail(ctor, '@Version needs a number property', prop.property);
    if (prop.lifecycle === 'ttl' && !['Date', 'Number'].includes(resolved.typeName)) {
      fail(ctor, '@TimeToLive needs a Date (or epoch-seconds number) property', prop.property);
    }
    if (
      (prop.lifecycle === 'createdAt' || prop.lifecycle === 'updatedAt') &&
      !['Date', 'String', 'Number'].includes(resolved.typeName)
    ) {
      fail(
        ctor,
        `@${prop.lifecycle === 'createdAt' ? 'CreatedAt' : 'UpdatedAt'} needs a Date, ISO string or epoch-millis number property`,
        prop.property,
      );
    }
    out.push({
      property: prop.property,
      name,
      converter: resolved.converter,
      scalar: resolved.scalar,
      typeName: resolved.typeName,
      lifecycle: prop.lifecycle,
      indexKey: prop.indexes.length > 0,
      ...(resolved.nested === undefined ? {} : { nested: resolved.nested as CompiledAttribute['nested'] }),
    });
  }
  return out;
}

function checkStoredName(ctor: EntityClass, name: string, property: string, seen: Map<string, string>): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) {
    fail(ctor, `stored name ${JSON.stringify(name)} must be 1-255 characters`, property);
  }
  const other = seen.get(name);
  if (other !== undefined) fail(ctor, `stored name '${name}' is also used by ${other}`, property);
  seen.set(name, property);
}

/** Compiled attributes of a nested (or any decorated) class; undefined when it has none. */
export function compileShape(ctor: EntityClass): CompiledShape | undefined {
  const cached = shapes.get(ctor);
  if (cached) return cached;
  const record = mergedRecord(ctor);
  if (!record || record.properties.size === 0) return undefined;
  const shape: CompiledShape = { ctor, name: ctor.name, attributes: compileAttributes(ctor, record, new Set()) };
  shapes.set(ctor, shape);
  return shape;
}

function compiledShapeConverter(ctor: object) {
  const shape = compileShape(ctor as EntityClass);
  return shape && shapeConverter(shape);
}

function propertyScalar(ctor: EntityClass, prop: PropertyRecord, options: KeyOptions): KeyScalar {
  const type = options.type ?? prop.attribute?.type ?? prop.designType;
  if (type === undefined || type === String || type === Object) return 'S';
  if (type === Number) return 'N';
  if (type === Uint8Array) return 'B';
  return fail(ctor, 'a key property must be a string, number or Uint8Array', prop.property);
}

/** A composite key (`TENANT#{tenantId}#USER#{userId}`) of the table or of an index; its parts are attributes. */
function compileTemplateKey(
  ctor: EntityClass,
  label: string,
  template: string,
  attribute: string,
  attributes: readonly CompiledAttribute[],
): CompiledKey {
  const parts = parseKeyTemplate(template);
  if (typeof parts === 'string') fail(ctor, `${label}: ${parts}`);
  const numeric = new Set<string>();
  const stored = new Map<string, string>();
  for (const part of parts) {
    if (!part.property) continue;
    const attr = attributes.find((a) => a.property === part.property);
    if (!attr) fail(ctor, `${label} template uses ${part.property}: decorate it with @Attribute()`, part.property);
    if (attr.typeName === 'Number') numeric.add(part.property);
    else if (attr.typeName !== 'String' && attr.typeName !== 'Object') {
      fail(ctor, `${label} template part must be a string or number property`, part.property);
    }
    stored.set(part.property, attr.name);
  }
  return templateKey(attribute, template, parts, numeric, stored);
}

function compileKey(
  ctor: EntityClass,
  record: ClassRecord,
  role: 'partitionKey' | 'sortKey',
  attributes: readonly CompiledAttribute[],
): CompiledKey | undefined {
  const label = role === 'partitionKey' ? '@PartitionKey' : '@SortKey';
  const onProperties = [...record.properties.values()].filter((p) => p[role]);
  const onClass = record[role];
  if (onProperties.length + (onClass ? 1 : 0) > 1) {
    fail(
      ctor,
      `has ${onProperties.length + (onClass ? 1 : 0)} ${label} decorators; a table has one`,
      onProperties[1]?.property,
    );
  }
  if (onClass) {
    return compileTemplateKey(
      ctor,
      label,
      onClass.template ?? '',
      onClass.attribute ?? (role === 'partitionKey' ? 'pk' : 'sk'),
      attributes,
    );
  }
  const prop = onProperties[0];
  if (!prop) return undefined;
  const options = prop[role] as KeyOptions;
  if (
    options.attribute !== undefined &&
    prop.attribute?.name !== undefined &&
    options.attribute !== prop.attribute.name
  ) {
    fail(
      ctor,
      `${label} attribute '${options.attribute}' and @Attribute name '${prop.attribute.name}' disagree`,
      prop.property,
    );
  }
  if (prop.lifecycle) fail(ctor, `a key cannot also be @${prop.lifecycle}`, prop.property);
  const attribute = options.attribute ?? prop.attribute?.name ?? prop.property;
  return simpleKey(
    attribute,
    prop.property,
    propertyScalar(ctor, prop, options),
    options.prefix,
    options.separator ?? '#',
  );
}

/** The composite index keys, one per stored attribute (two indexes may share one, if their templates agree). */
function compositeKeysOf(ctor: EntityClass, indexes: ReadonlyMap<string, CompiledIndex>): CompiledKey[] {
  const byAttribute = new Map<string, CompiledKey>();
  for (const index of indexes.values()) {
    for (const key of [index.partitionKey.composite, index.sortKey?.composite]) {
      if (!key) continue;
      const known = byAttribute.get(key.attribute);
      if (known && known.template !== key.template) {
        fail(ctor, `composite index key '${key.attribute}' is declared with two different templates`);
      }
      byAttribute.set(key.attribute, known ?? key);
    }
  }
  return [...byAttribute.values()];
}

/**
 * Validates and compiles an entity class once; later calls return the same
 * object. Throws MetadataError naming the class and property.
 */
export function entityMetadata(ctor: EntityClass): EntityMetadata {
  const cached = entities.get(ctor);
  if (cached) return cached;
  if (typeof ctor !== 'function') throw new MetadataError(`expected an entity class, got ${typeof ctor}`);
  const record = mergedRecord(ctor);
  if (!record) fail(ctor, 'has no decorators: add @Table, @PartitionKey and @Attribute');
  if (record.problems.length > 0) throw new MetadataError(record.problems.join('; '), ctor.name);

  const keyProperties = new Set(
    [...record.properties.values()].filter((p) => p.partitionKey || p.sortKey).map((p) => p.property),
  );
  const attributes = compileAttributes(ctor, record, keyProperties);
  const partitionKey = compileKey(ctor, record, 'partitionKey', attributes);
  if (!partitionKey) fail(ctor, 'has no @PartitionKey');
  const sortKey = compileKey(ctor, record, 'sortKey', attributes);
  if (sortKey && sortKey.attribute === partitionKey.attribute) {
    fail(ctor, `partition and sort key are both stored as '${partitionKey.attribute}'`);
  }

  const byName = new Map<string, CompiledAttribute>();
  const fields: Record<string, string> = {};
  for (const key of [partitionKey, sortKey]) {
    if (!key) continue;
    if (attributes.some((a) => a.name === key.attribute))
      fail(ctor, `stored name '${key.attribute}' is used by a key and an attribute`);
    if (key.kind === 'simple') {
      fields[key.properties[0] as string] = escapeName(key.attribute);
    }
  }
  for (const a of attributes) {
    byName.set(a.name, a);
    fields[a.property] = escapeName(a.name);
  }
  const indexes = collectIndexes(ctor, record, { partitionKey, sortKey, attributes }, fail, (label, template, name) =>
    compileTemplateKey(ctor, label, template, name, attributes),
  );
  const compositeIndexKeys = compositeKeysOf(ctor, indexes);
  const lifecycle = lifecycleAttributes(attributes, (message, property) => fail(ctor, message, property));

  const discriminatorName = record.tableOptions?.discriminator ?? DEFAULT_DISCRIMINATOR;
  if (discriminatorName !== false && (byName.has(discriminatorName) || fields[discriminatorName] !== undefined)) {
    fail(
      ctor,
      `the discriminator attribute '${discriminatorName}' is also an attribute; choose another with @Table(name, { discriminator })`,
    );
  }
  const metadata: EntityMetadata = {
    ctor,
    name: ctor.name,
    table: record.table,
    discriminator:
      discriminatorName === false
        ? undefined
        : { name: discriminatorName, value: record.tableOptions?.entityType ?? ctor.name },
    attributes,
    partitionKey,
    sortKey,
    indexes,
    compositeIndexKeys,
    fields: Object.freeze(fields),
    byName,
    ...lifecycle,
    openAttributes: record.tableOptions?.openAttributes === true,
  };
  entities.set(ctor, metadata);
  return metadata;
}

export type { CompiledIndex };
