import { MappingError } from '../errors/errors.js';
import { instantiate, named, readAttributes, writeAttributes } from './attribute-loop.js';
import type { MappedEntity, MappedKey } from './mapped-shape.js';
import type { AttributeMap } from './types.js';

function keyPart(metadata: MappedEntity, key: MappedKey, source: object, out: AttributeMap): void {
  try {
    out[key.attribute] = key.fromObject(source);
  } catch (error) {
    throw named(error, metadata, key.properties.join('+'));
  }
}

/** Entity instance -> item: attributes and keys, from the compiled metadata. */
export function entityToItem(metadata: MappedEntity, entity: object): AttributeMap {
  if (typeof entity !== 'object' || entity === null) {
    throw new MappingError(
      `expected a ${metadata.name} object, got ${entity === null ? 'null' : typeof entity}`,
      metadata.name,
    );
  }
  const item: AttributeMap = {};
  writeAttributes(metadata, entity, item);
  keyPart(metadata, metadata.partitionKey, entity, item);
  if (metadata.sortKey) keyPart(metadata, metadata.sortKey, entity, item);
  for (const key of metadata.compositeIndexKeys) {
    if (hasParts(key, entity)) keyPart(metadata, key, entity, item);
  }
  return item;
}

/**
 * Whether every part of a composite index key is set: an item lacking one (unset, null or empty) is
 * left out of that index, as DynamoDB does with an item lacking a plain index key attribute.
 */
export function hasParts(key: MappedKey, source: object): boolean {
  for (const property of key.properties) {
    const value = (source as Record<string, unknown>)[property];
    if (value === undefined || value === null || value === '') return false;
  }
  return true;
}

/** Item -> instance of the entity class, with key prefixes stripped back off key properties. */
export function itemToEntity<T>(metadata: MappedEntity, item: AttributeMap): T {
  const target = instantiate(metadata.ctor) as Record<string, unknown>;
  readAttributes(metadata, item, target);
  // Index keys first: the table's keys are the item's identity and have the last word.
  for (const key of metadata.compositeIndexKeys) keyToObject(metadata, key, item, target);
  keyToObject(metadata, metadata.partitionKey, item, target);
  if (metadata.sortKey) keyToObject(metadata, metadata.sortKey, item, target);
  return target as T;
}

function keyToObject(metadata: MappedEntity, key: MappedKey, item: AttributeMap, target: Record<string, unknown>) {
  const av = item[key.attribute];
  if (av === undefined) return;
  try {
    key.toObject(av, target, item);
  } catch (error) {
    throw named(error, metadata, key.properties.join('+'));
  }
}

/** The key of an entity or partial object with the key properties (`withKey({ userId: 'u1' })`). */
export function keyFromObject(metadata: MappedEntity, source: object): AttributeMap {
  if (typeof source !== 'object' || source === null) {
    throw new MappingError(`withKey needs an object with ${keyPropertyNames(metadata)}`, metadata.name);
  }
  const key: AttributeMap = {};
  keyPart(metadata, metadata.partitionKey, source, key);
  if (metadata.sortKey) keyPart(metadata, metadata.sortKey, source, key);
  return key;
}

export function keyPropertyNames(metadata: MappedEntity): string {
  return [metadata.partitionKey, metadata.sortKey].flatMap((k) => k?.properties ?? []).join(', ');
}
