import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { FluentDynamoError } from '../errors/fluent-dynamo-error.js';
import type { ValueRelation } from '../expressions/types.js';
import { toDynamicAttribute } from '../mapping/dynamic-value.js';
import { parseStoredDate } from '../mapping/stored-date.js';
import { ttlSecondsProblem } from '../mapping/ttl-seconds.js';
import type { CompiledAttribute } from '../metadata/compiled-types.js';
import { type CompiledKey, isScalar, keyAttributeValue } from '../metadata/key-format.js';

/** Throws the refusal of a value; `cause` is the converter's own error, where there is one. */
type Fail = (problem: string, cause?: unknown) => never;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !Array.isArray(value);
}

/**
 * A value placed against an attribute's whole value: the attribute's own converter (a Date against an
 * epoch-stored TTL becomes seconds). A value the converter refuses is still right when it is stored
 * with the attribute's own DynamoDB type (an ISO string against an ISO Date, a number against an epoch
 * Date); any other would write an item that no longer reads back, so it is never sent as given.
 */
export function attributeConverter(
  attribute: CompiledAttribute,
  write: boolean,
  fail: Fail,
): (value: unknown) => AttributeValue {
  const isoDate = attribute.typeName === 'Date' && attribute.scalar === 'S';
  // A BigInt attribute reads integers only: a fraction written to it would make the item unreadable.
  const integersOnly = write && attribute.typeName === 'BigInt';
  // A number written to a time to live (a Date one too) must be epoch seconds, or the item never expires.
  const ttl = write && attribute.lifecycle === 'ttl';
  return (value) => {
    if (value === null) return { NULL: true };
    let refusal: unknown;
    try {
      const av = attribute.converter.toDynamo(value);
      if (av !== undefined) return av;
    } catch (error) {
      refusal = error;
    }
    const av = toDynamicAttribute(value);
    if (av === undefined) return fail('an empty set or undefined cannot be sent to DynamoDB');
    if (refusal === undefined) return av;
    if (attribute.scalar !== undefined && isScalar(av, attribute.scalar) && !integersOnly) {
      const ttlProblem = ttl && av.N !== undefined ? ttlSecondsProblem(value as number | bigint) : undefined;
      if (ttlProblem !== undefined) return fail(ttlProblem);
      // A string for an ISO Date must be one, or its start (`createdAt > '2026-01'`): stored as ISO, Dates
      // compare as text. Written, it must be a whole date as dates are read (stored-date.ts), so that the
      // item reads back.
      const text = av.S as string;
      if (!isoDate || (ISO_START.test(text) && (!write || parseStoredDate(text) !== undefined))) return av;
      return fail(
        write
          ? 'a string written to a Date stored as ISO-8601 must be a whole date (2026-01-31T10:00:00.000Z, 2026-01-31)'
          : 'a string for a Date stored as ISO-8601 must be one, or its start (2026-01-31T10:00:00.000Z, 2026-01-31, 2026-01)',
      );
    }
    return fail(reason(refusal), refusal);
  };
}

/** The start of an ISO-8601 timestamp as Dates are stored (`2026`, `2026-01-31`, `2026-01-31T10:00:00.000Z`). */
const ISO_START = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,3})?)?)?Z?)?)?)?$/;

/** How a key's values look, for messages: `USER#<userId>`, or its template. */
function shapeOf(key: CompiledKey): string {
  if (key.template !== undefined) return key.template;
  try {
    return String(key.format(`<${key.properties[0]}>`));
  } catch {
    return `a ${key.scalar === 'N' ? 'number' : key.scalar === 'B' ? 'Uint8Array' : 'string'}`;
  }
}

/**
 * A value compared with a table or index key. Named by its property (`userId = {0}`), the key's format
 * is applied to the value. Named by its stored name (`pk = {0}`), an object of the key's properties is
 * formatted, and a stored value is taken as it is, but an equality with a value that does not have the
 * key's format can only miss, so it is refused with the way to write it.
 */
export function keyValue(
  label: string,
  key: CompiledKey,
  property: string | undefined,
  relation: ValueRelation,
  fail: Fail,
): (value: unknown) => AttributeValue {
  const equality = relation.op === '=' || relation.op === '<>' || relation.op === 'IN';
  const format = (value: unknown): AttributeValue => {
    try {
      return isPlainObject(value) ? key.fromObject(value) : keyAttributeValue(key.format(value));
    } catch (error) {
      if (!(error instanceof FluentDynamoError)) throw error;
      return fail(`is not a value of key ${key.attribute} (${shapeOf(key)}): ${reason(error)}`);
    }
  };
  return (value) => {
    if (value === null) return fail(`cannot be null: key ${key.attribute} always has a value`);
    // Stored under the property's own name, a value that already has the key's format is taken as stored.
    const asStored = key.attribute === property && typeof value === 'string' && key.matches({ S: value });
    if (property !== undefined && !asStored) return format(value);
    if (isPlainObject(value)) return format(value);
    const av =
      typeof value === 'string' || typeof value === 'number' || value instanceof Uint8Array
        ? keyAttributeValue(value)
        : fail(`must be a string, number or Uint8Array: key ${key.attribute} is stored as ${shapeOf(key)}`);
    if (!isScalar(av, key.scalar))
      return fail(`is of the wrong type: key ${key.attribute} is stored as ${shapeOf(key)}`);
    if (equality && !key.matches(av)) {
      const fix =
        key.kind === 'simple'
          ? `name the key by its property (${key.properties[0]} = {n}) to have the format applied, or pass the stored value (keysOf(${label}))`
          : `pass an object of its parts ({ ${key.properties.join(', ')} }) to have the format applied`;
      return fail(
        `does not have the format of key ${key.attribute} (${shapeOf(key)}), so it could only match nothing: ${fix}`,
      );
    }
    return av;
  };
}

/**
 * A `begins_with` prefix of a key: named by its property, the key's prefix goes first (`USER#` + 'ab');
 * an object of a template's leading parts gives the template's text up to the first part it lacks.
 */
export function keyPrefix(
  key: CompiledKey,
  property: string | undefined,
  fail: Fail,
): (value: unknown) => AttributeValue {
  return (value) => {
    if (property === undefined && typeof value === 'string') return { S: value };
    const start =
      property === undefined && isPlainObject(value) && key.kind === 'simple'
        ? (value as Record<string, unknown>)[key.properties[0] as string]
        : value;
    if (property === undefined && !isPlainObject(value)) {
      return fail(`must be a string, or an object of the parts of key ${key.attribute} (${shapeOf(key)})`);
    }
    try {
      return { S: key.prefix(start) };
    } catch (error) {
      if (!(error instanceof FluentDynamoError)) throw error;
      return fail(`cannot start key ${key.attribute} (${shapeOf(key)}): ${reason(error)}`);
    }
  };
}
