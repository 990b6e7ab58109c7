import type { MappedAttribute, MappedShape } from '../mapping/mapped-shape.js';
import type { CompiledKey, KeyScalar } from './key-format.js';
import type { EntityClass, LifecycleRole } from './types.js';

/** One stored attribute, compiled once per class: what mapping needs (name, converter), and its type's facts. */
export interface CompiledAttribute extends MappedAttribute {
  readonly scalar: KeyScalar | undefined;
  readonly typeName: string;
  readonly lifecycle: LifecycleRole | undefined;
  /** A nested decorated class (or array of them): its attributes are the paths below this one. */
  readonly nested?: { readonly ctor: EntityClass; readonly list: boolean };
}

export interface CompiledIndexKey {
  readonly attribute: string;
  readonly scalar: KeyScalar;
  /** A composite key (declared on the class with a template): how its value is made of its parts. */
  readonly composite?: CompiledKey;
  /** Declared `tenantPrefixed`: inside a tenant scope, every value written to it must be the tenant's. */
  readonly tenantPrefixed?: boolean;
}

export interface CompiledIndex {
  readonly name: string;
  readonly type: 'global' | 'local';
  readonly partitionKey: CompiledIndexKey;
  readonly sortKey: CompiledIndexKey | undefined;
  readonly projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

/** The attributes of a class (entity or nested class): enough to map it. */
export interface CompiledShape extends MappedShape {
  readonly ctor: EntityClass;
  /** Non-key attributes in declaration order. */
  readonly attributes: readonly CompiledAttribute[];
}

/** Everything a repository needs about an entity class, validated and compiled once (mapping reads it as a MappedEntity). */
export interface EntityMetadata extends CompiledShape {
  readonly table: string | undefined;
  /** Attribute and value that mark this entity's items in a shared table; undefined when switched off. */
  readonly discriminator: { readonly name: string; readonly value: string } | undefined;
  readonly partitionKey: CompiledKey;
  readonly sortKey: CompiledKey | undefined;
  readonly indexes: ReadonlyMap<string, CompiledIndex>;
  /** The composite index keys (one per stored attribute), written on put and on updates of their parts. */
  readonly compositeIndexKeys: readonly CompiledKey[];
  /** property -> stored attribute name as templates take it (backticked when not an identifier), for fieldsOf. */
  readonly fields: Readonly<Record<string, string>>;
  /** stored attribute name -> attribute, for converting template values. */
  readonly byName: ReadonlyMap<string, CompiledAttribute>;
  readonly version: CompiledAttribute | undefined;
  readonly createdAt: CompiledAttribute | undefined;
  readonly updatedAt: CompiledAttribute | undefined;
  readonly ttl: CompiledAttribute | undefined;
  /** Templates may name undeclared attributes (`@Table(name, { openAttributes: true })`). */
  readonly openAttributes: boolean;
}
