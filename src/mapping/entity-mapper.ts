import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MappingError } from '../errors/errors.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import type { CompiledKey } from '../metadata/key-format.js';
import { instantiate, named, readAttributes, writeAttributes } from './attribute-loop.js';

export type AttributeMap = Record<string, AttributeValue>;

function keyPart(metadata: EntityMetadata, key: CompiledKey, source: object, out: AttributeMap): void {
  try {
    out[key.attribute] = key.fromObject(source);
  } catch (error) {
    throw named(error, metadata, key.properties.join('+'));
  }
}

/** Entity instance -> item: attributes and keys, from the compiled metadata. */
export function entityToItem(metadata: EntityMetadata, entity: object): AttributeMap {
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
  return item;
}

/** Item -> instance of the entity class, with key prefixes stripped back off key properties. */
export function itemToEntity<T>(metadata: EntityMetadata, item: AttributeMap): T {
  const target = instantiate(metadata.ctor) as Record<string, unknown>;
  readAttributes(metadata, item, target);
  for (const key of [metadata.partitionKey, metadata.sortKey]) {
    const av = key && item[key.attribute];
    if (!key || av === undefined) continue;
    try {
      key.toObject(av, target);
    } catch (error) {
      throw named(error, metadata, key.properties.join('+'));
    }
  }
  return target as T;
}

/** The key of an entity or partial object with the key properties (`withKey({ userId: 'u1' })`). */
export function keyFromObject(metadata: EntityMetadata, source: object): AttributeMap {
  if (typeof source !== 'object' || source === null) {
    throw new MappingError(`withKey needs an object with ${keyPropertyNames(metadata)}`, metadata.name);
  }
  const key: AttributeMap = {};
  keyPart(metadata, metadata.partitionKey, source, key);
  if (metadata.sortKey) keyPart(metadata, metadata.sortKey, source, key);
  return key;
}

export function keyPropertyNames(metadata: EntityMetadata): string {
  return [metadata.partitionKey, metadata.sortKey].flatMap((k) => k?.properties ?? []).join(', ');
}

/** The key attributes of an item, for error reports. */
export function keyOfItem(metadata: EntityMetadata, item: AttributeMap): AttributeMap {
  const key: AttributeMap = {};
  for (const k of [metadata.partitionKey, metadata.sortKey]) {
    const av = k && item[k.attribute];
    if (k && av) key[k.attribute] = av;
  }
  return key;
}
