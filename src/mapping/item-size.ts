import type { AttributeValue } from '@aws-sdk/client-dynamodb';

// DynamoDB's sizing of items, as its developer guide ("Item sizes and formats")
// describes it: attribute names and string values count their UTF-8 bytes,
// binaries their bytes, numbers one byte per pair of digits plus one,
// booleans and nulls one byte, lists and maps three bytes plus one per element.
// The guide gives the number rule only roughly; the one here was measured
// against DynamoDB Local, and items sized by these rules agree with DynamoDB
// Local's 400 KB and 4 MB limits to the byte (test/mapping/item-size.test.ts,
// test/reliability/limits.test.ts).

/** UTF-8 length without allocating: a JavaScript loop for short strings, the native count for long ones. */
export function utf8Length(text: string): number {
  const length = text.length;
  if (length > 64) return Buffer.byteLength(text, 'utf8');
  let bytes = length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    // Each UTF-16 unit is 1 byte in UTF-8 when ASCII, 2 up to U+07FF, 3 above; a surrogate pair is 4 in all.
    if (code >= 0x80) bytes += code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

/**
 * Bytes of a stored number. DynamoDB keeps numbers as base-100 digits (pairs of
 * decimal digits aligned on the decimal point) and an exponent byte: one byte
 * per pair from the first non-zero pair to the last, one for the exponent, one
 * more when negative; zero is one byte. (Measured against DynamoDB Local:
 * "1.5" is 3 bytes, "12.34" 3, "100.001" 5, "123000" 3, "-1" 3.)
 */
export function numberSize(text: string): number {
  let exponent = 0;
  let mantissaEnd = text.length;
  const e = text.search(/[eE]/);
  if (e >= 0) {
    exponent = Number(text.slice(e + 1));
    mantissaEnd = e;
  }
  let digits = 0;
  let integerDigits = -1;
  let first = -1;
  let last = -1;
  for (let i = 0; i < mantissaEnd; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2e) integerDigits = digits;
    if (code < 0x30 || code > 0x39) continue;
    if (code !== 0x30) {
      if (first < 0) first = digits;
      last = digits;
    }
    digits += 1;
  }
  if (first < 0) return 1;
  if (integerDigits < 0) integerDigits = digits;
  // The power of ten of the k-th digit is integerDigits - 1 - k + exponent; its pair is half that, rounded down.
  const pairOf = (k: number) => Math.floor((integerDigits - 1 - k + exponent) / 2);
  return pairOf(first) - pairOf(last) + 1 + 1 + (text.charCodeAt(0) === 0x2d ? 1 : 0);
}

/** Bytes DynamoDB counts for a value that holds no other values (maps and lists are measured by their walk). */
export function scalarSize(av: AttributeValue): number {
  if (av.S !== undefined) return utf8Length(av.S);
  if (av.N !== undefined) return numberSize(av.N);
  if (av.B !== undefined) return av.B.byteLength;
  if (av.BOOL !== undefined || av.NULL !== undefined) return 1;
  if (av.SS !== undefined) return av.SS.reduce((size, s) => size + utf8Length(s), 0);
  if (av.NS !== undefined) return av.NS.reduce((size, n) => size + numberSize(n), 0);
  if (av.BS !== undefined) return av.BS.reduce((size, b) => size + b.byteLength, 0);
  return 0;
}

/**
 * At least scalarSize(av), without counting characters: 3 bytes per UTF-16
 * unit of a string, and a number's text length plus 2 (a pair of digits per
 * byte, plus the exponent byte and the sign).
 */
export function scalarBound(av: AttributeValue): number {
  if (av.S !== undefined) return av.S.length * 3;
  if (av.N !== undefined) return av.N.length + 2;
  if (av.SS !== undefined) return av.SS.reduce((size, s) => size + s.length * 3, 0);
  if (av.NS !== undefined) return av.NS.reduce((size, n) => size + n.length + 2, 0);
  return scalarSize(av);
}

/** Overhead of a map or list: three bytes, and one per element. */
export const containerOverhead = (elements: number): number => 3 + elements;
