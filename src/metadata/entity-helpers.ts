import { MetadataError } from '../errors/errors.js';
import type { DataKeys } from '../expressions/types/data-keys.js';
import { entityMetadata } from './compile-entity.js';
import type { CompiledKey } from './key-format.js';
import type { KeyScalarValue, PartitionKeyInput, SortKeyInput } from './key-parts.js';
import { strictRecord } from './strict-record.js';
import type { EntityClass } from './types.js';

// Re-exported for the package's entry point, which lists it with the other entity helpers.

/** property -> stored attribute name, for expression templates: `${UserFields.name} = {0}`. */
export type Fields<T> = { readonly [K in DataKeys<T>]: string };

/**
 * Formats a key value into its stored form; also names the stored attribute. `I` is what it takes: a
 * scalar or `Partial<T>`, or, for an entity that declares `[KeyParts]`, exactly the key's parts.
 */
export interface KeyFormatter<T, I = KeyScalarValue | Partial<T>> {
  (value: I): KeyScalarValue;
  /** Stored attribute name of the key (e.g. 'pk'). */
  readonly attribute: string;
  /** The properties the key is made of. */
  readonly properties: readonly string[];
}

/** The key formatters of an entity (keysOf()): they build stored key values from property values. */
export interface Keys<T> {
  /** `UserKeys.pk('user123') === 'USER#user123'`; `.attribute` is the stored name. */
  readonly pk: KeyFormatter<T, PartitionKeyInput<T>>;
  /** The sort key's formatter; calling it on an entity without a sort key throws MetadataError. */
  readonly sk: KeyFormatter<T, SortKeyInput<T>>;
}

/** A secondary index of an entity, as indexesOf() describes it. */
export interface IndexDescriptor {
  /** The index name. */
  readonly name: string;
  /** A global or a local secondary index. */
  readonly type: 'global' | 'local';
  /** Stored name of the index's partition key. */
  readonly partitionKey: string;
  /** Stored name of the index's sort key, if it has one. */
  readonly sortKey?: string;
}

/** The stored attribute names of an entity's properties (counterpart of the generated `UserFields`). */
export function fieldsOf<T extends object>(entity: EntityClass<T>): Fields<T> {
  const metadata = entityMetadata(entity);
  return strictRecord(metadata.fields, `fieldsOf(${metadata.name})`) as Fields<T>;
}

function formatter<I>(key: CompiledKey): KeyFormatter<unknown, I> {
  const single = key.kind === 'simple' ? (key.properties[0] as string) : undefined;
  const format = (value: unknown) =>
    single !== undefined && typeof value === 'object' && value !== null && !(value instanceof Uint8Array)
      ? key.format((value as Record<string, unknown>)[single])
      : key.format(value);
  return Object.assign(format, { attribute: key.attribute, properties: key.properties }) as KeyFormatter<unknown, I>;
}

/** Key formatters of an entity (counterpart of the generated `UserKeys`). */
export function keysOf<T extends object>(entity: EntityClass<T>): Keys<T> {
  const metadata = entityMetadata(entity);
  const sk: KeyFormatter<T, SortKeyInput<T>> = metadata.sortKey
    ? formatter(metadata.sortKey)
    : Object.assign(
        () => {
          throw new MetadataError(`${metadata.name} has no @SortKey`, metadata.name);
        },
        { attribute: '', properties: [] },
      );
  return Object.freeze({ pk: formatter<PartitionKeyInput<T>>(metadata.partitionKey), sk });
}

/** Index descriptors of an entity (counterpart of the generated `UserIndexes`). */
export function indexesOf<N extends string = string>(entity: EntityClass): Readonly<Record<N, IndexDescriptor>> {
  const metadata = entityMetadata(entity);
  const out: Record<string, IndexDescriptor> = {};
  for (const index of metadata.indexes.values()) {
    out[index.name] = Object.freeze({
      name: index.name,
      type: index.type,
      partitionKey: index.partitionKey.attribute,
      ...(index.sortKey ? { sortKey: index.sortKey.attribute } : {}),
    });
  }
  return strictRecord(out, `indexesOf(${metadata.name})`) as Readonly<Record<N, IndexDescriptor>>;
}
