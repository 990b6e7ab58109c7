import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { guardedTable } from '../builders/shared/guarded-table.js';
import type { ManagedTimestamp, PropertyWrite, TableTarget } from '../builders/shared/table-target.js';
import { MappingError } from '../errors/errors.js';
import type { CompiledExpression, NameResolver, ValueSlot } from '../expressions/types.js';
import { toDynamicAttribute } from '../mapping/dynamic-value.js';
import { entityToItem, itemToEntity, keyFromObject } from '../mapping/entity-mapper.js';
import { checkKey, checkValue, keyLimitsOf } from '../mapping/item-limits.js';
import type { AttributeMap } from '../mapping/types.js';
import type { CompiledAttribute, EntityMetadata } from '../metadata/compiled-types.js';
import { type KeyScalar, keyAttributeValue } from '../metadata/key-format.js';
import { type DeclaredAttributes, declaredAttributes } from './declared-attributes.js';
import { declaredAttributeName } from './declared-names.js';
import { entityBinding } from './entity-binding.js';
import { unquoteName } from './field-names.js';
import { indexSchemaOf } from './index-schema.js';
import { entityPropertyWrites } from './property-writes.js';
import { wholeValueConverter } from './template-values.js';

/** A template or key value that cannot be stored. */
export function dynamicValue(value: unknown, where: string): AttributeValue {
  const av = toDynamicAttribute(value);
  if (av === undefined) throw new MappingError(`${where}: an empty set or undefined cannot be sent to DynamoDB`);
  return av;
}

function timestamp(attr: CompiledAttribute | undefined): ManagedTimestamp | undefined {
  if (!attr) return undefined;
  const now =
    attr.typeName === 'String'
      ? (at: Date) => at.toISOString()
      : attr.typeName === 'Number'
        ? (at: Date) => at.getTime()
        : (at: Date) => at;
  return {
    name: attr.name,
    property: attr.property,
    now,
    stored: (at) => attr.converter.toDynamo(now(at)) as AttributeValue,
  };
}

function scalarValue(value: unknown, scalar: KeyScalar, name: string, label: string): AttributeValue {
  const ok =
    scalar === 'S'
      ? typeof value === 'string' && value.length > 0
      : scalar === 'N'
        ? typeof value === 'number' && Number.isFinite(value)
        : value instanceof Uint8Array && value.length > 0;
  if (!ok) {
    const kind = scalar === 'S' ? 'a non-empty string' : scalar === 'N' ? 'a finite number' : 'a non-empty Uint8Array';
    throw new MappingError(
      `${label}: key ${name} must be ${kind}, got ${JSON.stringify(value) ?? typeof value}`,
      label,
      name,
    );
  }
  return keyAttributeValue(value as string | number | Uint8Array);
}

/** The TableTarget of a typed repository, computed once from the entity's compiled metadata. */
export function entityTarget<T>(metadata: EntityMetadata, tableName: string, client: DynamoDBClient): TableTarget<T> {
  const keys = [metadata.partitionKey, metadata.sortKey].filter((k) => k !== undefined);
  const label = metadata.name;
  const discriminator = metadata.discriminator;
  const fromItem = (item: AttributeMap) => itemToEntity<T>(metadata, item);
  const attributeName = (field: string): string => {
    const name = unquoteName(field);
    return metadata.fields[name] !== undefined && !metadata.byName.has(name) && !keys.some((k) => k.attribute === name)
      ? unquoteName(metadata.fields[name] as string)
      : name;
  };
  const keySchema = { partition: metadata.partitionKey.attribute, sort: metadata.sortKey?.attribute };
  const indexes = new Map([...metadata.indexes.values()].map((i) => [i.name, indexSchemaOf(i)]));
  const keyPartAttributes = new Set(keys.flatMap((k) => [...k.partNames.values()]));
  const keyLimits = keyLimitsOf(keySchema, indexes.values());
  // One set of declared names for templates and name placeholders. It, and what is made of it, is made on first
  // use: a handler that only gets and puts never needs them, and its cold start does not pay for them.
  let declared: DeclaredAttributes | undefined;
  const declaredNames = () => (declared ??= declaredAttributes(metadata));
  let resolveName: NameResolver | undefined;
  let bindExpression: ((expression: CompiledExpression) => CompiledExpression) | undefined;
  let propertyWrites: ((values: object) => PropertyWrite[]) | undefined;
  // Values the library places itself (managed attributes, index keys) name their attribute but were not bound
  // to it: they get its converter here, as a bound template's value gets it from its slot.
  const convertValue = (value: unknown, slot: ValueSlot): AttributeValue => {
    const attr =
      slot.spec === undefined && slot.attribute !== undefined ? metadata.byName.get(slot.attribute) : undefined;
    if (attr) return wholeValueConverter(label, attr, slot.index, true)(value);
    return dynamicValue(value, `${label} template value {${slot.index}}`);
  };
  return {
    tableName,
    client,
    label,
    entity: metadata.name,
    keyAttributes: keys.map((k) => k.attribute),
    partitionProperties: metadata.partitionKey.kind === 'template' ? metadata.partitionKey.properties : [],
    keyPartAttributes,
    compositeIndexKeys: metadata.compositeIndexKeys,
    keyParts(key) {
      const parts: Record<string, unknown> = {};
      for (const k of keys) {
        const av = key[k.attribute];
        if (av !== undefined) k.toObject(av, parts);
      }
      return parts;
    },
    keySchema,
    indexes,
    guarded: guardedTable(tableName, keySchema, indexes),
    keyLimits,
    discriminator,
    toItem: (entity) => entityToItem(metadata, entity as object),
    fromItem,
    hydrate(item) {
      // Items of other entity types sharing the table are not forced into this class: an item
      // is this entity's if its discriminator says so or, lacking one, if its keys have this
      // entity's format (items written before the discriminator, or by other tools).
      const type = discriminator && item[discriminator.name]?.S;
      if (type !== undefined) return type === discriminator?.value ? fromItem(item) : undefined;
      return keys.every((k) => item[k.attribute] === undefined || k.matches(item[k.attribute] as AttributeValue))
        ? fromItem(item)
        : undefined;
    },
    keyFromObject(source) {
      const key = keyFromObject(metadata, source);
      checkKey(key, keyLimits, label);
      return key;
    },
    keyFromPairs(pairs) {
      const out: AttributeMap = {};
      for (const [field, value] of pairs) {
        const name = attributeName(field);
        const key = keys.find((k) => k.attribute === name);
        if (!key) {
          throw new MappingError(
            `${label}: '${field}' is not a key attribute (keys: ${keys.map((k) => k.attribute).join(', ')})`,
            label,
          );
        }
        out[name] = scalarValue(value, key.scalar, name, label);
      }
      const absent = keys.filter((k) => out[k.attribute] === undefined);
      if (absent.length > 0) {
        throw new MappingError(`${label}: withKey lacks ${absent.map((k) => k.attribute).join(' and ')}`, label);
      }
      checkKey(out, keyLimits, label);
      return out;
    },
    propertyWrites(values) {
      propertyWrites ??= entityPropertyWrites(metadata);
      return propertyWrites(values);
    },
    attributeName,
    resolveName(value, index) {
      resolveName ??= declaredAttributeName(declaredNames());
      return resolveName(value, index);
    },
    bindExpression(expression) {
      bindExpression ??= entityBinding(metadata, declaredNames());
      return bindExpression(expression);
    },
    convertValue: (value, slot) =>
      checkValue(
        slot.convert === undefined ? convertValue(value, slot) : slot.convert(value),
        label,
        `template value {${slot.index}}`,
      ),
    version: metadata.version && { name: metadata.version.name, property: metadata.version.property },
    createdAt: timestamp(metadata.createdAt),
    updatedAt: timestamp(metadata.updatedAt),
  };
}
