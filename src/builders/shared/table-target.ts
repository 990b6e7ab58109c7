import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ValueConverter } from '../../expressions/types.js';

export type AttributeMap = Record<string, AttributeValue>;

/** A value of a key attribute in its stored form, as `keysOf(User).pk('u1')` returns it. */
export type KeyValue = string | number | Uint8Array;

/** An attribute the library maintains itself (@Version, @CreatedAt, @UpdatedAt). */
export interface ManagedAttribute {
  readonly name: string;
  readonly property: string;
}

export interface ManagedTimestamp extends ManagedAttribute {
  /** The current time in the property's own type (Date, ISO string or epoch millis). */
  now(at: Date): unknown;
  /** The stored form of `now(at)`. */
  stored(at: Date): AttributeValue;
}

/**
 * What the single-item builders need to know about the table they address:
 * the same builders serve typed repositories (entity classes) and untyped
 * DynamoDbTable (plain records). Computed once per repository.
 */
export interface TableTarget<T> {
  readonly tableName: string;
  /** The repository's own client: the last in the precedence of CONTRACT.md section 3. */
  readonly client: DynamoDBClient;
  /** For error messages: the entity class name, or the table name. */
  readonly label: string;
  /** Stored names of the key attributes (empty when unknown, as for DynamoDbTable). */
  readonly keyAttributes: readonly string[];
  toItem(entity: T): AttributeMap;
  fromItem(item: AttributeMap): T;
  keyFromObject(key: object): AttributeMap;
  keyFromPairs(pairs: ReadonlyArray<readonly [string, unknown]>): AttributeMap;
  /** Resolves a field as written by the user (stored name, property name, or backticked) to the stored name. */
  attributeName(field: string): string;
  /** Converts a template value (after its spec) to an AttributeValue. */
  readonly convertValue: ValueConverter;
  readonly version: ManagedAttribute | undefined;
  readonly createdAt: ManagedTimestamp | undefined;
  readonly updatedAt: ManagedTimestamp | undefined;
}
