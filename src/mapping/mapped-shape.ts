import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { AttributeConverter } from './types.js';

/**
 * What the mapping loops read of a compiled class. Metadata compiles each decorated class into a shape
 * that extends these (with more facts: types, lifecycle roles, indexes); mapping declares only what it
 * uses, so that it does not depend on the compiler that produces them.
 */

/** One stored attribute of a class. */
export interface MappedAttribute {
  readonly property: string;
  /** Stored attribute name. */
  readonly name: string;
  readonly converter: AttributeConverter;
  /** Key of a secondary index: an empty string is left out (the item is then not in that index). */
  readonly indexKey: boolean;
}

/** The attributes of a class (entity or nested class): enough to map it. */
export interface MappedShape {
  readonly ctor: abstract new (...args: never[]) => object;
  readonly name: string;
  /** Non-key attributes in declaration order. */
  readonly attributes: readonly MappedAttribute[];
}

/** A key attribute made of one or more properties: how to write it and read it back. */
export interface MappedKey {
  /** Stored attribute name. */
  readonly attribute: string;
  /** The properties the stored value is made of (one for a simple key). */
  readonly properties: readonly string[];
  /** Stored value from an entity or a partial key object; MappingError when a part is missing or malformed. */
  fromObject(source: object): AttributeValue;
  /**
   * Sets the key's properties of `target` from the stored value: the key is the item's identity, so it
   * wins over field initialisers. A template part that is also stored as its own attribute (read into
   * `target` from `item` before) must agree with the key: MappingError otherwise, a corrupted item.
   */
  toObject(stored: AttributeValue, target: Record<string, unknown>, item?: Record<string, AttributeValue>): void;
}

/** An entity class: its attributes and the keys written with every item. */
export interface MappedEntity extends MappedShape {
  readonly partitionKey: MappedKey;
  readonly sortKey: MappedKey | undefined;
  /** The composite index keys (one per stored attribute), written when all their parts are set. */
  readonly compositeIndexKeys: readonly MappedKey[];
}
