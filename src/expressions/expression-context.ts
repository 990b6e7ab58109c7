/**
 * ExpressionContext: the ExpressionAttributeNames and ExpressionAttributeValues
 * of one request. Use one context for all the expressions of a request
 * (key condition + filter + projection, update + condition), so that names
 * are aliased once and placeholders never collide.
 *
 * It is the only place aliases and placeholders are made, which is what
 * keeps them unambiguous: templates cannot contain `#x` or `:x` tokens.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { convertToAttr } from '@aws-sdk/util-dynamodb';
import { ExpressionError, MappingError } from '../errors/errors.js';
import { FluentDynamoError } from '../errors/fluent-dynamo-error.js';
import { anyAttributeName } from './name-refusal.js';
import type { ExpressionAttributesSink, NameResolver, ValueConverter, ValueSlot } from './types.js';

/**
 * util-dynamodb's convertToAttr, except for Dates, which it would turn into
 * empty maps: a Date given without a spec is stored as its ISO-8601 string,
 * like `{n:o}` (and like Date attributes by default).
 */
export const defaultValueConverter: ValueConverter = (value) => {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new MappingError('an invalid Date cannot be stored');
    return { S: value.toISOString() };
  }
  return convertToAttr(value as Parameters<typeof convertToAttr>[0], {
    removeUndefinedValues: true,
    convertClassInstanceToMap: true,
  });
};

export class ExpressionContext implements ExpressionAttributesSink {
  readonly #convert: ValueConverter;
  readonly #resolveName: NameResolver;
  readonly #aliases = new Map<string, string>();
  readonly #names: Record<string, string> = {};
  readonly #values: Record<string, AttributeValue> = {};
  #valueCount = 0;

  /** `resolveName` checks the values of name placeholders `#{n}` (default: any non-empty name). */
  constructor(convert: ValueConverter = defaultValueConverter, resolveName: NameResolver = anyAttributeName) {
    this.#convert = convert;
    this.#resolveName = resolveName;
  }

  /** The alias of the attribute a name placeholder's value names, once the resolver accepted it. */
  attributeName(value: unknown, index: number): string {
    return this.name(this.#resolveName(value, index));
  }

  /** `#n0`, `#n1`, ...: one alias per distinct segment. */
  name(segment: string): string {
    let alias = this.#aliases.get(segment);
    if (alias === undefined) {
      if (typeof segment !== 'string' || segment === '') {
        throw new ExpressionError('an attribute name cannot be empty: DynamoDB rejects empty names', String(segment));
      }
      alias = `#n${this.#aliases.size}`;
      this.#aliases.set(segment, alias);
      this.#names[alias] = segment;
    }
    return alias;
  }

  /** `:v0`, `:v1`, ...: a new placeholder for every value, converted with the context's converter. */
  value(value: unknown, slot: ValueSlot): string {
    let attribute: AttributeValue | undefined;
    try {
      attribute = this.#convert(value, slot);
    } catch (error) {
      if (error instanceof FluentDynamoError) throw error;
      throw new MappingError(
        `value ${slot.index} of an expression cannot be converted to a DynamoDB value: ${error instanceof Error ? error.message : String(error)}`,
        undefined,
        slot.attribute,
        { cause: error },
      );
    }
    if (attribute === undefined || attribute === null) {
      throw new MappingError(
        `value ${slot.index} of an expression was converted to nothing; DynamoDB needs a value`,
        undefined,
        slot.attribute,
      );
    }
    const placeholder = `:v${this.#valueCount++}`;
    this.#values[placeholder] = attribute;
    return placeholder;
  }

  /** ExpressionAttributeNames, or undefined when there are none (DynamoDB rejects an empty map). */
  get names(): Record<string, string> | undefined {
    return this.#aliases.size === 0 ? undefined : this.#names;
  }

  /** ExpressionAttributeValues, or undefined when there are none (DynamoDB rejects an empty map). */
  get values(): Record<string, AttributeValue> | undefined {
    return this.#valueCount === 0 ? undefined : this.#values;
  }
}
