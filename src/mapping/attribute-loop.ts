import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MappingError } from '../errors/errors.js';
import { toDynamicAttribute } from './dynamic-value.js';
import type { MappedShape } from './mapped-shape.js';

/**
 * The hot loops of mapping: one pass over the compiled attributes, no
 * reflection. Errors are re-thrown naming the class and property.
 */
export function writeAttributes(shape: MappedShape, source: object, out: Record<string, AttributeValue>): void {
  const values = source as Record<string, unknown>;
  for (const attr of shape.attributes) {
    const value = values[attr.property];
    if (value === undefined) continue;
    if (value === null) {
      out[attr.name] = { NULL: true };
      continue;
    }
    let av: AttributeValue | undefined;
    try {
      av = attr.converter.toDynamo(value);
    } catch (error) {
      throw named(error, shape, attr.property);
    }
    if (av === undefined) continue;
    // An empty string cannot be an index key; leaving it out keeps the item out of that index.
    if (attr.indexKey && av.S === '') continue;
    out[attr.name] = av;
  }
}

export function readAttributes(
  shape: MappedShape,
  item: Record<string, AttributeValue>,
  target: Record<string, unknown>,
): void {
  for (const attr of shape.attributes) {
    const av = item[attr.name];
    if (av === undefined) continue;
    if (av.NULL) {
      target[attr.property] = null;
      continue;
    }
    try {
      target[attr.property] = attr.converter.fromDynamo(av);
    } catch (error) {
      throw named(error, shape, attr.property);
    }
  }
}

/** `error` as a MappingError naming `shape.property` (kept as it is when it names an entity already). */
export function named(error: unknown, shape: { readonly name: string }, property: string): MappingError {
  if (error instanceof MappingError && error.entity) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MappingError(`${shape.name}.${property}: ${message}`, shape.name, property, { cause: error });
}

/**
 * toDynamicAttribute of one attribute of a record of any attributes (`label`: the table), its errors named
 * `label.name`: the message alone would not say which attribute it was.
 */
export function namedDynamicAttribute(label: string, name: string, value: unknown): AttributeValue | undefined {
  try {
    return toDynamicAttribute(value);
  } catch (error) {
    throw named(error, { name: label }, name);
  }
}

/**
 * An instance of the entity class, so prototype methods and getters work.
 * The constructor runs when it takes no arguments (field initialisers give
 * defaults for attributes a projection left out); otherwise it is bypassed.
 */
export function instantiate<T>(ctor: abstract new (...args: never[]) => T): T {
  if (ctor.length === 0) {
    return new (ctor as unknown as new () => T)();
  }
  return Object.create(ctor.prototype) as T;
}
