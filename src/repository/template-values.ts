/**
 * The converter of each value of a template bound to an entity, chosen once per template from what the
 * value is placed against (see ValueRelation): the attribute's own converter for its value, a string
 * for a `begins_with` prefix, an element for `contains`, a number for `size()` and arithmetic, a list
 * for `list_append`, a type code for `attribute_type`. Keys named by property get their format
 * (`userId = {0}` with 'u1' becomes `USER#u1`). A value that does not fit is a MappingError naming the
 * slot and the attribute; it is never sent as given.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MappingError } from '../errors/errors.js';
import type { ValueRelation } from '../expressions/types.js';
import { toDynamicAttribute } from '../mapping/dynamic-value.js';
import type { CompiledAttribute } from '../metadata/compiled-types.js';
import { attributeType } from './attribute-type.js';
import { type Declared, keyProperty } from './declared-attributes.js';
import { attributeConverter, keyPrefix, keyValue } from './template-key-values.js';
import { attributeAt } from './template-paths.js';

export type SlotConverter = (value: unknown) => AttributeValue;

const TYPE_CODES: ReadonlySet<string> = new Set(['S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'NULL', 'L', 'M']);

/** Attribute types contains() cannot look into. */
const NOT_CONTAINERS: ReadonlySet<string> = new Set(['Number', 'BigInt', 'Boolean', 'Date', 'Uint8Array', 'Map']);

/** Why a value cannot be placed where it is: a MappingError naming the slot, the attribute and what fits. */
function refuse(
  label: string,
  index: number,
  against: string,
  problem: string,
  property?: string,
  cause?: unknown,
): never {
  throw new MappingError(
    `${label}: template value {${index}} ${against} ${problem}`,
    label,
    property,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * A value that is an attribute's whole value (compared with it, or written to it with `write`), through the
 * attribute's converter: a refusal names the slot and the attribute.
 */
export function wholeValueConverter(
  label: string,
  attribute: CompiledAttribute,
  index: number,
  write: boolean,
): SlotConverter {
  return attributeConverter(attribute, write, (reason, cause) =>
    refuse(
      label,
      index,
      `cannot be stored in ${attribute.property}, a ${attribute.typeName} attribute:`,
      reason,
      attribute.property,
      cause,
    ),
  );
}

/** What a value is placed against, for messages: `compared with status (a String attribute)`. */
function against(relation: ValueRelation, attribute: CompiledAttribute | undefined, name: string): string {
  const what = attribute ? `${attribute.property} (a ${attribute.typeName} attribute)` : name;
  switch (relation.role) {
    case 'value':
      return relation.op === 'SET' || relation.op === 'ADD' || relation.op === 'DELETE'
        ? `written to ${what}`
        : `compared with ${what}`;
    case 'prefix':
      return `given to begins_with on ${what}`;
    case 'element':
      return `given to contains on ${what}`;
    case 'number':
      return `used as a number with ${what}`;
    case 'list':
      return `given to list_append with ${what}`;
    case 'type':
      return `given to attribute_type(${name}, ...)`;
  }
}

const ORDERING: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', 'BETWEEN']);

export function slotConverter(
  label: string,
  top: Declared,
  relation: ValueRelation,
  index: number,
): SlotConverter | undefined {
  const attribute = attributeAt(top, relation.path);
  const name = relation.path.map((e) => e.name ?? `[${e.index}]`).join('.');
  const where = against(relation, attribute, name);
  const fail = (problem: string): never => refuse(label, index, where, problem, attribute?.property);
  const whole = relation.path.length === 1;
  const valueConverter = (): SlotConverter | undefined => {
    if (top.kind === 'key' && whole) return keyValue(label, top.key, keyProperty(top, relation.path), relation, fail);
    if (top.kind === 'discriminator') return (v) => (typeof v === 'string' ? { S: v } : fail('must be a string'));
    if (attribute === undefined) return undefined;
    const write = relation.op === 'SET' || relation.op === 'ADD' || relation.op === 'DELETE';
    return wholeValueConverter(label, attribute, index, write);
  };

  switch (relation.role) {
    case 'value': {
      const convert = valueConverter();
      if (convert === undefined || !ORDERING.has(relation.op ?? '')) return convert;
      // DynamoDB orders strings, numbers and binaries only, whatever the attribute may hold.
      return (v) => {
        const av = convert(v);
        return av.S !== undefined || av.N !== undefined || av.B !== undefined
          ? av
          : fail('cannot be ordered: <, <=, >, >= and BETWEEN compare strings, numbers or binaries');
      };
    }
    case 'prefix':
      if (top.kind === 'key' && whole) return keyPrefix(top.key, keyProperty(top, relation.path), fail);
      if (attribute?.scalar === 'S') return (v) => (typeof v === 'string' ? { S: v } : fail('must be a string'));
      if (attribute?.scalar === 'B') return (v) => (v instanceof Uint8Array ? { B: v } : fail('must be a Uint8Array'));
      if (attribute !== undefined && attributeType(attribute) !== undefined) {
        return () => fail('cannot be a prefix: begins_with needs a string or binary attribute');
      }
      return (v) =>
        typeof v === 'string' ? { S: v } : v instanceof Uint8Array ? { B: v } : fail('must be a string or Uint8Array');
    case 'element':
      if (attribute?.typeName === 'String') {
        return (v) => (typeof v === 'string' ? { S: v } : fail('must be a string (contains looks for a substring)'));
      }
      if (attribute !== undefined && NOT_CONTAINERS.has(attribute.typeName)) {
        return () => fail('cannot be looked for: contains needs a string, set or list attribute');
      }
      if (attribute?.typeName === 'Set') {
        // Converted as any value is (numbers within DynamoDB's range and precision), once it is a set's element.
        return (v) =>
          typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || v instanceof Uint8Array
            ? (toDynamicAttribute(v) as AttributeValue)
            : fail('must be a string, number or Uint8Array (an element of the set)');
      }
      return undefined;
    case 'number':
      return (v) =>
        (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint'
          ? (toDynamicAttribute(v) as AttributeValue)
          : fail('must be a finite number');
    case 'list': {
      const convert = attribute?.typeName.startsWith('Array') ? attribute.converter : undefined;
      if (convert === undefined) return (v) => (Array.isArray(v) ? listOf(v, fail) : fail('must be an array'));
      return (v) => (Array.isArray(v) ? (convert.toDynamo(v) as AttributeValue) : fail('must be an array'));
    }
    case 'type':
      return (v) =>
        typeof v === 'string' && TYPE_CODES.has(v)
          ? { S: v }
          : fail(`must be a DynamoDB type code: ${[...TYPE_CODES].join(', ')}`);
  }
}

function listOf(value: unknown[], fail: (problem: string) => never): AttributeValue {
  const av = toDynamicAttribute(value);
  return av ?? fail('must be an array');
}
