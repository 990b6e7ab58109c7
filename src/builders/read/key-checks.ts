import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ExpressionError, InvalidCursorError } from '../../errors/errors.js';
import type { KeyConditionShape } from '../../expressions/types.js';
import { sameStoredNumber } from '../../mapping/stored-number.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { KeySchema } from '../shared/table-target.js';

function where(label: string, index: { name: string } | undefined): string {
  return index ? `index ${index.name} of ${label}` : label;
}

/**
 * A key condition may only use the partition key (equality) and the sort key
 * of the table or index queried; anything else belongs in withFilter().
 * `partOf` names the composite key an attribute is a part of, for the hint.
 */
export function checkKeyConditionAgainstSchema(
  label: string,
  schema: KeySchema,
  index: { name: string } | undefined,
  shape: KeyConditionShape,
  template: string,
  partOf?: (attribute: string) => string | undefined,
): void {
  let { partition, sort } = shape;
  // With two equalities the parser takes the first as the partition key; the schema decides.
  if (sort?.operator === '=' && partition.attribute === schema.sort && sort.attribute === schema.partition) {
    const slot = sort.slots[0];
    if (slot)
      [partition, sort] = [
        { attribute: sort.attribute, slot },
        { attribute: partition.attribute, operator: '=', slots: [partition.slot] },
      ];
  }
  const target = where(label, index);
  if (partition.attribute !== schema.partition) {
    const part = partOf?.(partition.attribute);
    throw new ExpressionError(
      `key condition ${JSON.stringify(template)}: '${partition.attribute}' is not the partition key of ${target} ('${schema.partition}'). ` +
        (part !== undefined
          ? `It is a part of ${part}: compare the key with an object of its parts, ${schema.partition} = {0} with { ${partition.attribute}: ... }`
          : 'Compare the partition key with = in where(), and put conditions on other attributes in withFilter()'),
      template,
    );
  }
  if (sort && sort.attribute !== schema.sort) {
    throw new ExpressionError(
      `key condition ${JSON.stringify(template)}: '${sort.attribute}' is not the sort key of ${target}` +
        `${schema.sort ? ` ('${schema.sort}')` : ' (it has none)'}; use withFilter() for it`,
      template,
    );
  }
}

function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (!a || !b) return false;
  if (a.S !== undefined || b.S !== undefined) return a.S === b.S;
  if (a.N !== undefined || b.N !== undefined)
    // To all 38 digits: two partitions whose numbers round to the same double are still two partitions.
    return a.N !== undefined && b.N !== undefined && sameStoredNumber(a.N, b.N);
  return a.B !== undefined && b.B !== undefined && Buffer.from(a.B).equals(Buffer.from(b.B));
}

/**
 * A start key must hold exactly the key attributes of the table (and index)
 * read, and, for a query, the partition the query reads: a start key from
 * somewhere else would silently read from the wrong place.
 */
export function checkStartKey(
  label: string,
  key: AttributeMap,
  table: KeySchema | undefined,
  index: KeySchema | undefined,
  partition?: { attribute: string; value: AttributeValue | undefined },
): void {
  // Unknown schemas (untyped tables, undeclared indexes) cannot be checked here; DynamoDB will.
  if (!table || (index && !index.partition)) return;
  const expected = new Set(
    [table.partition, table.sort, index?.partition, index?.sort].filter((n): n is string => !!n),
  );
  const names = Object.keys(key);
  if (names.length !== expected.size || names.some((n) => !expected.has(n))) {
    throw new InvalidCursorError(
      `${label}: the start key has ${names.join(', ') || 'nothing'}, but a position here is ${[...expected].join(', ')}`,
    );
  }
  if (partition?.value && !sameValue(key[partition.attribute], partition.value)) {
    throw new InvalidCursorError(`${label}: the start key belongs to another partition than this query reads`);
  }
}
