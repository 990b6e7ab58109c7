import { MappingError } from '../errors/errors.js';
import { numberConverter } from './typed-converters.js';
import type { AttributeConverter } from './types.js';

// DynamoDB's time to live reads its attribute as epoch seconds. Epoch milliseconds (Date.now()) are a valid
// number too, so DynamoDB takes them, reads a date some 50,000 years ahead and never expires the item.

/** 1e11 epoch seconds is in the year 5138; any epoch-milliseconds value since March 1973 is above it. */
const MAX_TTL_SECONDS = 1e11;

/** Why a number cannot be a time to live, or undefined when it can. */
export function ttlSecondsProblem(value: number | bigint): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return `a time to live is a finite number of epoch seconds, got ${value}`;
  }
  if (value < 0) return `a time to live cannot be negative (${value}): it is a number of epoch seconds since 1970`;
  if (value > MAX_TTL_SECONDS) {
    return (
      `${value} is not a time to live DynamoDB would act on: TTL numbers are epoch seconds, not milliseconds, ` +
      'and as seconds it is after the year 5138, so the item would never expire; ' +
      'give Math.floor(milliseconds / 1000), or declare the property a Date (stored as epoch seconds)'
    );
  }
  return undefined;
}

/** A number `@TimeToLive` property: epoch seconds, checked on write; read as any number. */
export const ttlNumberConverter: AttributeConverter = {
  toDynamo: (v) => {
    const problem = typeof v === 'number' || typeof v === 'bigint' ? ttlSecondsProblem(v) : undefined;
    if (problem !== undefined) throw new MappingError(problem);
    return numberConverter.toDynamo(v);
  },
  fromDynamo: numberConverter.fromDynamo,
};
