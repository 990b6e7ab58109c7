/**
 * Value specs: the `spec` of `{n:spec}`. A spec turns the value given for a
 * placeholder into what is stored, before the value is converted to an
 * AttributeValue. They exist because the same JavaScript value (a Date) is
 * stored differently depending on the attribute (ISO string, epoch seconds
 * for a TTL attribute, epoch milliseconds).
 */

/** Returned by `ValueSpec.format` when the value is not one the spec can format. */
export const REJECTED: unique symbol = Symbol('fluent-dynamo.spec-rejected');

export interface ValueSpec {
  readonly name: string;
  /** What the value must be, for error messages: "a valid Date". */
  readonly expects: string;
  /** What the spec produces, for documentation and error messages. */
  readonly description: string;
  /** The formatted value, or REJECTED. Never throws. */
  format(value: unknown): unknown;
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

const VALID_DATE = 'a valid Date';

const SPEC_LIST: readonly ValueSpec[] = [
  {
    name: 'o',
    expects: VALID_DATE,
    description: 'ISO-8601 string of a Date (Date.prototype.toISOString)',
    format: (value) => (isValidDate(value) ? value.toISOString() : REJECTED),
  },
  {
    name: 'ttl',
    expects: VALID_DATE,
    description: 'epoch seconds of a Date, rounded down (the format of DynamoDB TTL attributes)',
    format: (value) => (isValidDate(value) ? Math.floor(value.getTime() / 1000) : REJECTED),
  },
  {
    name: 'ms',
    expects: VALID_DATE,
    description: 'epoch milliseconds of a Date',
    format: (value) => (isValidDate(value) ? value.getTime() : REJECTED),
  },
  {
    name: 's',
    expects: 'any value',
    description: 'String(value)',
    format: (value) => String(value),
  },
];

const SPECS: ReadonlyMap<string, ValueSpec> = new Map(SPEC_LIST.map((spec) => [spec.name, spec]));

/** Names of the known specs, in documentation order. */
export const SPEC_NAMES: readonly string[] = SPEC_LIST.map((spec) => spec.name);

export function lookupSpec(name: string): ValueSpec | undefined {
  return SPECS.get(name);
}
