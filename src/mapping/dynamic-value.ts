import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MappingError } from '../errors/errors.js';
import { bigintText, numberText } from './number-text.js';
import { distinctBytes, distinctNumberTexts } from './set-members.js';
import { storedDynamicNumber } from './stored-number.js';

/**
 * Conversion of values whose type the metadata does not fix (attributes typed
 * `Object`, template values, plain records of DynamoDbTable). Unlike
 * util-dynamodb's marshall, Dates become ISO strings (as Date attributes do by
 * default) instead of empty maps, and empty sets are left out instead of
 * being sent for DynamoDB to reject. Like marshall (without
 * convertClassInstanceToMap), objects other than plain ones are refused: a
 * class instance's own keys are not its value (a URL has none, a class with
 * #private fields and getters stores neither), so it would be stored as an
 * empty or partial map and read back as a plain object.
 */
export function toDynamicAttribute(value: unknown): AttributeValue | undefined {
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: numberText(value) };
    case 'boolean':
      return { BOOL: value };
    case 'bigint':
      return { N: bigintText(value) };
    case 'undefined':
      return undefined;
    case 'object':
      return value === null ? { NULL: true } : objectToAttribute(value);
    default:
      throw new MappingError(`a ${typeof value} cannot be stored in DynamoDB`);
  }
}

function objectToAttribute(value: object): AttributeValue | undefined {
  if (value instanceof Date) return { S: isoString(value) };
  if (value instanceof Uint8Array) return { B: value };
  if (Array.isArray(value)) return { L: value.map((v) => toDynamicAttribute(v) ?? { NULL: true }) };
  if (value instanceof Set) return setToAttribute(value);
  if (value instanceof Map) {
    const M: Record<string, AttributeValue> = {};
    for (const [k, v] of value) {
      if (typeof k !== 'string') throw new MappingError(`Map keys must be strings to be stored, got ${typeof k}`);
      const av = toDynamicAttribute(v);
      if (av !== undefined) M[k] = av;
    }
    return { M };
  }
  if (!isPlainObject(value)) throw notPlain(value);
  const M: Record<string, AttributeValue> = {};
  for (const key of Object.keys(value)) {
    const av = toDynamicAttribute((value as Record<string, unknown>)[key]);
    if (av !== undefined) M[key] = av;
  }
  return { M };
}

/** An object literal, `Object.create(null)`, or an object literal of another realm (vm, iframe, Jest). */
export function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return true;
  const root = proto as { constructor?: unknown };
  return (
    Object.getPrototypeOf(proto) === null &&
    typeof root.constructor === 'function' &&
    root.constructor.name === 'Object'
  );
}

/** `an object of class URL`, for messages. */
export function objectKind(value: object): string {
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== ''
    ? `an object of class ${ctor.name}`
    : 'an object of an anonymous class';
}

function notPlain(value: object): MappingError {
  return new MappingError(
    `${objectKind(value)} cannot be stored where no type is declared: only plain objects are stored as maps, ` +
      "and a class instance's own properties are not its value; store a plain object or a string instead " +
      '(the fields to keep, String(value) or value.toJSON()), declare the attribute as a class with @Attribute properties, ' +
      'or give the attribute a converter',
  );
}

export function isoString(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new MappingError('an invalid Date cannot be stored');
  return date.toISOString();
}

/**
 * Sets become SS, NS or BS by their members; an empty set is left out (DynamoDB rejects empty sets).
 * Members that store one value (1 and 1n, two Uint8Arrays of the same bytes) are sent once.
 */
export function setToAttribute(set: ReadonlySet<unknown>): AttributeValue | undefined {
  if (set.size === 0) return undefined;
  const members = [...set];
  if (members.every((m) => typeof m === 'string')) return { SS: members as string[] };
  if (members.every((m) => typeof m === 'number' || typeof m === 'bigint')) {
    const texts = members.map((m) => (typeof m === 'number' ? numberText(m) : bigintText(m as bigint)));
    return { NS: distinctNumberTexts(texts) };
  }
  if (members.every((m) => m instanceof Uint8Array)) return { BS: distinctBytes(members as Uint8Array[]) };
  throw new MappingError('a Set must hold only strings, only numbers or only Uint8Arrays to be stored');
}

/** The plain JavaScript value of an attribute; numbers a double cannot hold are bigints (integers) or refused. */
export function fromDynamicAttribute(av: AttributeValue): unknown {
  if (av.S !== undefined) return av.S;
  // A number when exact, else a bigint for an integer; never a rounded number that would be stored back.
  if (av.N !== undefined) return storedDynamicNumber(av.N);
  if (av.BOOL !== undefined) return av.BOOL;
  if (av.NULL !== undefined) return null;
  if (av.M !== undefined) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(av.M)) out[key] = fromDynamicAttribute(av.M[key] as AttributeValue);
    return out;
  }
  if (av.L !== undefined) return av.L.map(fromDynamicAttribute);
  if (av.SS !== undefined) return new Set(av.SS);
  if (av.NS !== undefined) return new Set(av.NS.map(storedDynamicNumber));
  if (av.B !== undefined) return av.B;
  if (av.BS !== undefined) return new Set(av.BS);
  throw new MappingError(`unknown attribute value ${JSON.stringify(Object.keys(av))}`);
}
