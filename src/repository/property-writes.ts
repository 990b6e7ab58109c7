/**
 * setValues() of an update: a partial entity (or plain record) checked property by property, as put would
 * convert it, before a template is made of it. Computed once per repository; runs per setValues() call.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { PropertyWrite } from '../builders/shared/table-target.js';
import { MappingError } from '../errors/errors.js';
import { named, namedDynamicAttribute } from '../mapping/attribute-loop.js';
import type { CompiledAttribute, EntityMetadata } from '../metadata/compiled-types.js';

function ownValues(values: object, label: string): Record<string, unknown> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    const got = values === null ? 'null' : Array.isArray(values) ? 'an array' : typeof values;
    throw new MappingError(`${label}: setValues() needs an object of properties, got ${got}`, label);
  }
  return values as Record<string, unknown>;
}

/** The property writes of a typed entity: declared attributes only, each through its own converter. */
export function entityPropertyWrites(metadata: EntityMetadata): (values: object) => PropertyWrite[] {
  const label = metadata.name;
  const byProperty = new Map<string, CompiledAttribute>(metadata.attributes.map((a) => [a.property, a]));
  // Keys are not attributes of their own: they are named as stored, so the update refuses them for what they are.
  const keyNames = new Map<string, string>();
  for (const key of [metadata.partitionKey, metadata.sortKey, ...metadata.compositeIndexKeys]) {
    if (!key) continue;
    keyNames.set(key.attribute, key.attribute);
    if (key.kind === 'simple') keyNames.set(key.properties[0] as string, key.attribute);
  }
  return (values) => {
    const record = ownValues(values, label);
    const writes: PropertyWrite[] = [];
    const unknown: string[] = [];
    for (const property of Object.keys(record)) {
      const value = record[property];
      if (value === undefined) continue;
      const attr = byProperty.get(property);
      if (attr === undefined) {
        const key = keyNames.get(property);
        if (key === undefined) unknown.push(property);
        else writes.push({ property, attribute: key, value, remove: false });
        continue;
      }
      writes.push({
        property,
        attribute: attr.name,
        value,
        remove: value !== null && storesNothing(metadata, attr, value),
      });
    }
    if (unknown.length > 0) {
      throw new MappingError(
        `${label}: setValues() was given ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is not a declared attribute' : 'are not declared attributes'} ` +
          `of ${label}: an item written with ${unknown.length === 1 ? 'it' : 'them'} would not read back (declare ${unknown.length === 1 ? 'it' : 'them'} with @Attribute())`,
        label,
        unknown[0],
      );
    }
    return writes;
  };
}

/** Converts as put does (MappingError naming class and property); true where put would leave the attribute out. */
function storesNothing(metadata: EntityMetadata, attr: CompiledAttribute, value: unknown): boolean {
  let av: AttributeValue | undefined;
  try {
    av = attr.converter.toDynamo(value);
  } catch (error) {
    throw named(error, metadata, attr.property);
  }
  return av === undefined || (attr.indexKey && av.S === '');
}

/** The property writes of an untyped table: any name, converted by the value's runtime type. */
export function recordPropertyWrites(label: string): (values: object) => PropertyWrite[] {
  return (values) => {
    const record = ownValues(values, label);
    const writes: PropertyWrite[] = [];
    for (const property of Object.keys(record)) {
      const value = record[property];
      if (value === undefined) continue;
      const av = namedDynamicAttribute(label, property, value);
      writes.push({ property, attribute: property, value, remove: av === undefined });
    }
    return writes;
  };
}
