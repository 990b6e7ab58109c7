import { MappingError } from '../errors/errors.js';
import { numberText } from './number-text.js';

// DynamoDB keeps 38 significant digits of a number; a JavaScript number 15 to 17. A stored number is read as a
// JavaScript number only when that is exact: when writing it back (String(value)) stores the same decimal value.
// Otherwise a rounded number would be read, and the next write of the item would store that other number.

/** A text of at most this many characters has at most 15 significant digits, which a double always holds. */
const ALWAYS_EXACT_LENGTH = 15;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A number's decimal value: sign, significant digits (no leading or trailing zeros), power of ten of the last. */
interface Decimal {
  readonly negative: boolean;
  /** '' for zero. */
  readonly digits: string;
  readonly power: number;
}

function decimalOf(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, whole = '', fraction = '', exponent = '0'] = m;
  const all = whole + fraction;
  let end = all.length;
  while (end > 0 && all.charCodeAt(end - 1) === 48) end--;
  let start = 0;
  while (start < end && all.charCodeAt(start) === 48) start++;
  const digits = all.slice(start, end);
  return {
    negative: sign === '-' && digits !== '',
    digits,
    power: digits === '' ? 0 : Number(exponent) - fraction.length + (all.length - end),
  };
}

function sameDecimal(a: Decimal, b: Decimal): boolean {
  return a.negative === b.negative && a.digits === b.digits && a.power === b.power;
}

/**
 * A number text's decimal value as one string, the same for equal numbers to all of DynamoDB's 38 digits
 * (`1.50`, `15E-1` and `1.5` are all `15e-1`; zero is `0`): DynamoDB may send a number back written otherwise
 * than it was sent. Text that is no number is returned as it is.
 */
export function canonicalDecimal(text: string): string {
  const d = decimalOf(text);
  if (d === undefined) return text;
  return d.digits === '' ? '0' : `${d.negative ? '-' : ''}${d.digits}e${d.power}`;
}

/** Whether two number texts have the same decimal value (`1.50` and `15E-1`), to all of DynamoDB's 38 digits. */
export function sameStoredNumber(a: string, b: string): boolean {
  if (a === b) return true;
  const x = decimalOf(a);
  const y = decimalOf(b);
  return x !== undefined && y !== undefined && sameDecimal(x, y);
}

/** The JavaScript number of a stored number text when it is exact, else undefined. */
export function exactNumber(text: string): number | undefined {
  const value = Number(text);
  if (text.length <= ALWAYS_EXACT_LENGTH) return value;
  if (!Number.isFinite(value)) return undefined;
  const stored = decimalOf(text);
  const written = decimalOf(String(value));
  return stored !== undefined && written !== undefined && sameDecimal(stored, written) ? value : undefined;
}

/** The bigint of a stored number text that is an integer (`1E+3`, `120.0` too), else undefined. */
export function integerOf(text: string): bigint | undefined {
  if (/^-?\d+$/.test(text)) return BigInt(text);
  const d = decimalOf(text);
  if (d === undefined || d.power < 0) return undefined;
  // DynamoDB's magnitudes end below 1E+126: the zeros stay few.
  return BigInt(`${d.negative ? '-' : ''}${d.digits || '0'}${'0'.repeat(d.power)}`);
}

/** A stored number a double cannot hold, refused with `advice` on how to read it. */
function tooPrecise(text: string, advice: string): MappingError {
  return new MappingError(
    `the stored number ${text} has more significant digits than a JavaScript number holds: reading it as a JavaScript number (15-17 significant digits) would give ${String(Number(text))}, and writing the item back would store that other number; ${advice}`,
  );
}

/** A stored number for a typed Number attribute: exact, or a MappingError saying how to read it. */
export function storedNumber(text: string): number {
  const value = exactNumber(text);
  if (value !== undefined) return value;
  throw tooPrecise(
    text,
    integerOf(text) !== undefined
      ? 'declare the attribute @Attribute({ type: BigInt }) to read it exactly as a bigint, or @Attribute({ type: String }) to read its exact text'
      : 'declare the attribute @Attribute({ type: String }) to read its exact text',
  );
}

/** A stored number for a BigInt attribute: the exact integer, or a MappingError when it is not one. */
export function storedBigint(text: string): bigint {
  const value = integerOf(text);
  if (value !== undefined) return value;
  throw new MappingError(
    `the stored number ${text} is not an integer, so it cannot be read as a bigint; declare the attribute @Attribute({ type: String }) to read its exact text`,
  );
}

/**
 * A stored number in a value of no declared type (Object attributes, Maps, lists, sets): a number when exact,
 * else a bigint when it is an integer (as util-dynamodb's unmarshall reads big integers), else a MappingError.
 */
export function storedDynamicNumber(text: string): number | bigint {
  const value = exactNumber(text);
  if (value !== undefined) return value;
  const integer = integerOf(text);
  if (integer !== undefined) return integer;
  throw tooPrecise(
    text,
    'to read it exactly, declare where it is stored as a nested class whose attribute is @Attribute({ type: String }) (its exact text)',
  );
}

/** A stored number in a key: exact, or a MappingError, since a rounded key would address another item. */
export function storedKeyNumber(text: string | undefined, attribute: string): number {
  if (text === undefined) throw new MappingError(`key ${attribute} is not stored as a number (N)`);
  const value = exactNumber(text);
  if (value !== undefined) return value;
  throw new MappingError(
    `key ${attribute}: the stored number ${text} has more significant digits than a JavaScript number holds: ` +
      `read as ${String(Number(text))}, it would address another item; number keys are read as JavaScript numbers, so they hold at most 15 significant digits exactly (declare the key a string to hold longer ids)`,
  );
}

/**
 * A number written as text inside a string key (`SEQ#7`, `ORDER#{orderId}`): exact, and written as this entity
 * writes numbers. `007` or `7.0` read as 7 would be written back as `7`: another key, so another item.
 */
export function storedKeyNumberText(text: string, attribute: string): number {
  const value = storedKeyNumber(text, attribute);
  const written = numberText(value);
  if (written !== text) {
    throw new MappingError(
      `key ${attribute}: the number part ${JSON.stringify(text)} is not written as numbers are written (${JSON.stringify(written)}): ` +
        'read as a number, the key written back would address another item; declare the part a string to keep its text',
    );
  }
  return value;
}
