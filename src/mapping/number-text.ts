import { MappingError } from '../errors/errors.js';
import { MAX_NUMBER_DIGITS, MAX_NUMBER_MAGNITUDE, MIN_NUMBER_MAGNITUDE } from './dynamodb-limits.js';

// DynamoDB's numbers: up to 38 significant digits, magnitudes from 1E-130 to
// 9.9999999999999999999999999999999999999E+125 (or zero). A number outside is
// a ValidationException for the whole request; here it is a MappingError
// naming the value, before anything is sent.

/** The stored text (N) of a JavaScript number, refused when DynamoDB could not store it. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new MappingError(`${value} cannot be stored: DynamoDB numbers are finite`);
  const magnitude = Math.abs(value);
  if (magnitude >= MAX_NUMBER_MAGNITUDE || (magnitude < MIN_NUMBER_MAGNITUDE && magnitude !== 0)) {
    throw new MappingError(
      `${value} cannot be stored: DynamoDB numbers range from 1e-130 to 9.99e125 in magnitude (or are 0)`,
    );
  }
  // A double prints at most 17 significant digits: the precision always fits.
  return String(value);
}

/** The stored text (N) of a bigint, refused beyond DynamoDB's 38 significant digits or its range. */
export function bigintText(value: bigint): string {
  const text = value.toString();
  const digits = value < 0n ? text.length - 1 : text.length;
  // Short integers (the usual case) fit both the precision and the range without looking closer.
  if (digits <= MAX_NUMBER_DIGITS) return text;
  if (digits > 126) {
    throw new MappingError(
      `${text.slice(0, 12)}... (${digits} digits) cannot be stored: DynamoDB numbers are below 1e126 in magnitude`,
    );
  }
  // Trailing zeros are not significant (DynamoDB trims them).
  const significant = digits - (text.length - text.replace(/0+$/, '').length);
  if (significant > MAX_NUMBER_DIGITS) {
    throw new MappingError(
      `${text.slice(0, 12)}... cannot be stored: it has ${significant} significant digits, DynamoDB keeps at most ${MAX_NUMBER_DIGITS}`,
    );
  }
  return text;
}
