import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CompiledExpression, NameResolver, ValueConverter } from '../../expressions/types.js';
import type { GuardedTable } from '../../isolation/accesses.js';
import type { KeyLimit } from '../../mapping/item-limits.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { CompiledKey } from '../../metadata/key-format.js';

/** A value of a key attribute in its stored form, as `keysOf(User).pk('u1')` returns it. */
export type KeyValue = string | number | Uint8Array;

/** An attribute the library maintains itself (`@Version`, `@CreatedAt`, `@UpdatedAt`). */
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

/** One property of the object given to an update's setValues(), checked and named as it is stored. */
export interface PropertyWrite {
  readonly property: string;
  /** The stored attribute name. */
  readonly attribute: string;
  /** The value as given (null stores NULL); converted again, by the same converter, when the update is rendered. */
  readonly value: unknown;
  /** Put would store nothing for this value (an empty set; an empty string in an index key): the update removes it. */
  readonly remove: boolean;
}

/** The key attributes of a table or index, for checking key conditions and cursors. */
export interface KeySchema {
  /** The stored name of the partition key attribute. */
  readonly partition: string;
  /** The stored name of the sort key attribute, when there is one. */
  readonly sort?: string;
}

/** A secondary index of a table: its name, kind and key attributes. */
export interface IndexSchema extends KeySchema {
  /** The index name. */
  readonly name: string;
  /** A global or a local secondary index. */
  readonly type: 'global' | 'local';
  /**
   * The partition key's values start with the tenant's key prefix: inside a tenant scope, every value a
   * put, update, batch or transaction writes to it must be the tenant's (TenantIsolationError otherwise).
   */
  readonly tenantPrefixed?: boolean;
  /**
   * The first property of a composite partition key's template (`tenantId` of `TENANT#{tenantId}#...`):
   * when it is the scope's tenant property, the key is tenant-prefixed too.
   */
  readonly leadingProperty?: string;
}

/** The attribute that tells which entity class an item of a shared (single-table) table belongs to. */
export interface Discriminator {
  readonly name: string;
  readonly value: string;
}

/**
 * What the single-item builders need to know about the table they address:
 * the same builders serve typed repositories (entity classes) and untyped
 * DynamoDbTable (plain records). Computed once per repository.
 */
export interface TableTarget<T> {
  readonly tableName: string;
  /** The repository's own client: the last in the client precedence (explicit > ambient > repository). */
  readonly client: DynamoDBClient;
  /** For error messages: the entity class name, or the table name. */
  readonly label: string;
  /** The entity class name of a typed repository (undefined for untyped and shared tables). */
  readonly entity: string | undefined;
  /** Stored names of the key attributes (empty when unknown, as for DynamoDbTable). */
  readonly keyAttributes: readonly string[];
  /** Properties a composite partition key template is made of (a tenant scope fills in its tenant property). */
  readonly partitionProperties: readonly string[];
  /** Stored names of the attributes the table's composite keys are made of: updating one would move the item. */
  readonly keyPartAttributes: ReadonlySet<string>;
  /** Composite index keys, written from their parts by put and by updates of their parts. */
  readonly compositeIndexKeys: readonly CompiledKey[];
  /** The properties a table key carries (`{ tenantId, taskId }` of `pk = TENANT#acme#TASK#t1`). */
  keyParts(key: AttributeMap): Record<string, unknown>;
  /** The table's key schema, when known. */
  readonly keySchema: KeySchema | undefined;
  /** What the tenant guard checks requests to this table against. */
  readonly guarded: GuardedTable;
  /** The table's secondary indexes by name, when known (undefined: any name is accepted). */
  readonly indexes: ReadonlyMap<string, IndexSchema> | undefined;
  /** Byte limits of the table's and indexes' key attributes, checked on every key and written item. */
  readonly keyLimits: readonly KeyLimit[];
  /** Written on put (and set on update if absent), so mixed query results can be told apart. */
  readonly discriminator: Discriminator | undefined;
  /** Converts a read item, or returns undefined for an item of another entity type (single-table design). */
  hydrate(item: AttributeMap): T | undefined;
  toItem(entity: T): AttributeMap;
  fromItem(item: AttributeMap): T;
  keyFromObject(key: object): AttributeMap;
  /**
   * setValues(): the defined properties of `values` as the attributes they are stored in, each value checked by
   * the converter put would use. MappingError for a property that is not a declared attribute (keys are named,
   * for the update's key checks to refuse) and for a value the converter refuses.
   */
  propertyWrites(values: object): PropertyWrite[];
  keyFromPairs(pairs: ReadonlyArray<readonly [string, unknown]>): AttributeMap;
  /** Resolves a field as written by the user (stored name, property name, or backticked) to the stored name. */
  attributeName(field: string): string;
  /** Converts a template value (after its spec) to an AttributeValue. */
  readonly convertValue: ValueConverter;
  /**
   * The template bound to this table's attributes (cached per compiled template): typed entities check
   * every name and map property names to stored names; untyped tables return it as it is.
   */
  bindExpression(expression: CompiledExpression): CompiledExpression;
  /** Checks the value of a name placeholder `#{n}`: a declared attribute (property or stored name) of a typed entity. */
  readonly resolveName: NameResolver;
  readonly version: ManagedAttribute | undefined;
  readonly createdAt: ManagedTimestamp | undefined;
  readonly updatedAt: ManagedTimestamp | undefined;
}
