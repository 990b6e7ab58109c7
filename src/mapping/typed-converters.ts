import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MappingError } from '../errors/errors.js';
import { fromDynamicAttribute, isoString, setToAttribute, toDynamicAttribute } from './dynamic-value.js';
import { bigintText, numberText } from './number-text.js';
import { parseStoredDate } from './stored-date.js';
import { storedBigint, storedNumber } from './stored-number.js';
import type { AttributeConverter, DateFormat } from './types.js';

/**
 * One converter per supported attribute type, chosen once when the entity is
 * compiled. Each checks the value's type so that a wrong value is a
 * MappingError here, not a ValidationException from DynamoDB.
 */

function expected(what: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new MappingError(`expected ${what}, got ${got}`);
}

function stored(what: string, av: AttributeValue): never {
  throw new MappingError(`expected a stored ${what}, found ${Object.keys(av).join(',')}`);
}

export const stringConverter: AttributeConverter = {
  toDynamo: (v) => (typeof v === 'string' ? { S: v } : expected('a string', v)),
  fromDynamo: (av) => (av.S !== undefined ? av.S : av.N !== undefined ? av.N : stored('string (S)', av)),
};

export const numberConverter: AttributeConverter = {
  toDynamo: (v) =>
    typeof v === 'number'
      ? { N: numberText(v) }
      : typeof v === 'bigint'
        ? { N: bigintText(v) }
        : expected('a number', v),
  // Exact or a MappingError: a rounded number would be stored back as another number.
  fromDynamo: (av) => (av.N !== undefined ? storedNumber(av.N) : stored('number (N)', av)),
};

/** `{ type: BigInt }`: integers of up to DynamoDB's 38 digits, read exactly. */
export const bigintConverter: AttributeConverter = {
  toDynamo: (v) =>
    typeof v === 'bigint'
      ? { N: bigintText(v) }
      : typeof v === 'number' && Number.isSafeInteger(v)
        ? { N: numberText(v) }
        : expected('a bigint (or a number that is a safe integer)', v),
  fromDynamo: (av) => (av.N !== undefined ? storedBigint(av.N) : stored('number (N)', av)),
};

export const booleanConverter: AttributeConverter = {
  toDynamo: (v) => (typeof v === 'boolean' ? { BOOL: v } : expected('a boolean', v)),
  fromDynamo: (av) => (av.BOOL !== undefined ? av.BOOL : stored('boolean (BOOL)', av)),
};

export const binaryConverter: AttributeConverter = {
  toDynamo: (v) => (v instanceof Uint8Array ? { B: v } : expected('a Uint8Array', v)),
  fromDynamo: (av) => (av.B !== undefined ? av.B : stored('binary (B)', av)),
};

export const dynamicConverter: AttributeConverter = {
  toDynamo: toDynamicAttribute,
  fromDynamo: fromDynamicAttribute,
};

export const setConverter: AttributeConverter = {
  toDynamo: (v) => (v instanceof Set ? setToAttribute(v) : expected('a Set', v)),
  fromDynamo: (av) =>
    av.SS !== undefined || av.NS !== undefined || av.BS !== undefined ? fromDynamicAttribute(av) : stored('set', av),
};

export const mapConverter: AttributeConverter = {
  toDynamo: (v) => (v instanceof Map ? toDynamicAttribute(v) : expected('a Map', v)),
  fromDynamo: (av) => {
    if (av.M === undefined) return stored('map (M)', av);
    const out = new Map<string, unknown>();
    for (const key of Object.keys(av.M)) out.set(key, fromDynamicAttribute(av.M[key] as AttributeValue));
    return out;
  },
};

export const arrayConverter: AttributeConverter = {
  toDynamo: (v) => (Array.isArray(v) ? toDynamicAttribute(v) : expected('an array', v)),
  fromDynamo: (av) => (av.L !== undefined ? av.L.map(fromDynamicAttribute) : stored('list (L)', av)),
};

/** A list whose elements use another converter (arrays of nested classes). */
export function listOf(element: AttributeConverter): AttributeConverter {
  return {
    toDynamo: (v) =>
      Array.isArray(v)
        ? { L: v.map((e) => (e == null ? { NULL: true } : (element.toDynamo(e) ?? { NULL: true }))) }
        : expected('an array', v),
    fromDynamo: (av) =>
      av.L !== undefined ? av.L.map((e) => (e.NULL ? null : element.fromDynamo(e))) : stored('list (L)', av),
  };
}

const DATE_FORMATS: Record<DateFormat, { write(d: Date): AttributeValue; fromNumber(n: number): Date }> = {
  iso: { write: (d) => ({ S: isoString(d) }), fromNumber: (n) => new Date(n) },
  epochSeconds: {
    write: (d) => ({ N: String(Math.floor(validTime(d) / 1000)) }),
    fromNumber: (n) => new Date(n * 1000),
  },
  epochMillis: { write: (d) => ({ N: String(validTime(d)) }), fromNumber: (n) => new Date(n) },
};

function validTime(d: Date): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new MappingError('an invalid Date cannot be stored');
  return t;
}

export function dateConverter(format: DateFormat): AttributeConverter {
  const f = DATE_FORMATS[format];
  return {
    toDynamo: (v) => (v instanceof Date ? f.write(v) : expected('a Date', v)),
    fromDynamo: (av) => {
      if (av.S !== undefined) return storedIsoDate(av.S);
      if (av.N !== undefined) return storedDate(f.fromNumber(Number(av.N)), av.N);
      return stored('date (S or N)', av);
    },
  };
}

/** A stored text that is no ISO-8601 date is refused, not guessed at (see stored-date.ts). */
function storedIsoDate(text: string): Date {
  const date = parseStoredDate(text);
  if (date !== undefined) return date;
  throw new MappingError(
    `the stored date ${JSON.stringify(text)} is not an ISO-8601 date: dates are read from YYYY-MM-DD or a date-time such as 2026-01-31T10:00:00.000Z (a time without a zone is UTC)`,
  );
}

/** A stored number beyond the range of Dates is refused, not read as an Invalid Date. */
function storedDate(date: Date, text: string): Date {
  if (Number.isNaN(date.getTime())) {
    throw new MappingError(`the stored date ${JSON.stringify(text)} is not a valid date`);
  }
  return date;
}
