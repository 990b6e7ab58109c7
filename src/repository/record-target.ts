import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { guardedTable } from '../builders/shared/guarded-table.js';
import type { IndexSchema, KeySchema, TableTarget } from '../builders/shared/table-target.js';
import { MappingError } from '../errors/errors.js';
import { anyAttributeName } from '../expressions/name-refusal.js';
import { namedDynamicAttribute } from '../mapping/attribute-loop.js';
import { fromDynamicAttribute, isPlainObject, objectKind } from '../mapping/dynamic-value.js';
import { checkKey, checkValue, keyLimitsOf } from '../mapping/item-limits.js';
import type { AttributeMap } from '../mapping/types.js';
import { dynamicValue } from './entity-target.js';
import { unquoteName } from './field-names.js';
import { recordPropertyWrites } from './property-writes.js';

/** An item of a DynamoDbTable: attribute names to plain JavaScript values (unmarshalled). */
export type PlainRecord = Record<string, unknown>;

function recordToItem(record: object, label: string): AttributeMap {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new MappingError(`${label}: expected a record object`);
  }
  if (!isPlainObject(record)) {
    throw new MappingError(
      `${label}: expected a plain record object, got ${objectKind(record)}: a DynamoDbTable stores plain records ` +
        '(copy the attributes into one: { ...value }), a Repository stores instances of a decorated class',
    );
  }
  const item: AttributeMap = {};
  for (const [name, value] of Object.entries(record)) {
    const av = namedDynamicAttribute(label, name, value);
    if (av !== undefined) item[name] = av;
  }
  return item;
}

/** The TableTarget of an untyped DynamoDbTable: plain records, converted by their runtime types. */
export function recordTarget(
  tableName: string,
  client: DynamoDBClient,
  keySchema: KeySchema | undefined,
  indexes: ReadonlyMap<string, IndexSchema> | undefined,
): TableTarget<PlainRecord> {
  const label = tableName;
  const keyAttributes = keySchema ? [keySchema.partition, ...(keySchema.sort ? [keySchema.sort] : [])] : [];
  const keyLimits = keyLimitsOf(keySchema, indexes?.values());
  const fromItem = (item: AttributeMap) => fromDynamicAttribute({ M: item }) as PlainRecord;
  return {
    tableName,
    client,
    label,
    entity: undefined,
    keyAttributes,
    partitionProperties: [],
    keyPartAttributes: new Set(),
    compositeIndexKeys: [],
    keyParts: () => ({}),
    keySchema,
    guarded: guardedTable(tableName, keySchema, indexes),
    indexes,
    keyLimits,
    discriminator: undefined,
    toItem: (record) => recordToItem(record, label),
    fromItem,
    hydrate: fromItem,
    keyFromObject(key) {
      const item = recordToItem(key, label);
      const extra = keyAttributes.length > 0 ? Object.keys(item).filter((k) => !keyAttributes.includes(k)) : [];
      if (extra.length > 0) throw new MappingError(`${label}: ${extra.join(', ')} not a key attribute`);
      checkKey(item, keyLimits, label);
      return item;
    },
    keyFromPairs(pairs) {
      const out: AttributeMap = {};
      for (const [field, value] of pairs)
        out[unquoteName(field)] = dynamicValue(value, `${label} key ${field}`) as AttributeValue;
      checkKey(out, keyLimits, label);
      return out;
    },
    propertyWrites: recordPropertyWrites(label),
    attributeName: unquoteName,
    resolveName: anyAttributeName,
    bindExpression: (expression) => expression,
    convertValue: (value, slot) =>
      checkValue(
        dynamicValue(value, `${label} template value {${slot.index}}`),
        label,
        `template value {${slot.index}}`,
      ),
    version: undefined,
    createdAt: undefined,
    updatedAt: undefined,
  };
}
