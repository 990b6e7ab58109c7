import type { AttributeConverter, DateFormat } from '../mapping/types.js';

// Converters belong to mapping; re-exported here because the package's entry point lists them with the
// decorator options that take them.

/** Any class whose instances are entities (constructor arguments are allowed). */
export type EntityClass<T = object> = abstract new (...args: never[]) => T;

/** Options of `@Attribute()`: the stored name and how the value is converted. */
export interface AttributeOptions {
  /** Stored attribute name (default: the property name). */
  name?: string;
  /**
   * The property's type: String, Number, BigInt, Boolean, Date, Set, Map, Array,
   * Uint8Array, Object (any JSON-like value; class instances other than Date,
   * Uint8Array, Map and Set are refused), or a class with decorated
   * attributes (stored as a map). Needed when the compiler emits no
   * decorator metadata (esbuild, tsx, swc without the plugin). A stored
   * number a JavaScript number cannot hold exactly is a MappingError for
   * Number; BigInt reads integers exactly, String the exact text.
   */
  type?: unknown;
  /** Element class of an Array of nested decorated classes. */
  items?: unknown;
  /** How a Date is stored (default 'iso'). */
  dateFormat?: DateFormat;
  /** Custom conversion; takes precedence over `type`. */
  converter?: AttributeConverter;
}

/** Options of `@PartitionKey()` and `@SortKey()`: the stored name and how the key value is formatted. */
export interface KeyOptions {
  /** Stored attribute name (default: the property name, or `pk`/`sk` for a class-level template). */
  attribute?: string;
  /** Prefix stored before the value: `USER` gives `USER#<value>`. */
  prefix?: string;
  /** Between prefix and value (default `#`). */
  separator?: string;
  /** Composite key of several properties, e.g. `TENANT#{tenantId}#USER#{userId}`; put the decorator on the class. */
  template?: string;
  /** Type of a key property when no decorator metadata is emitted: String (default), Number or Uint8Array. */
  type?: unknown;
}

/** The part of an index key a property is: its partition key or its sort key. */
export type IndexRole = 'partition' | 'sort';

/** Options of `@Index(name, options)`: the property's role in the index, and the index's kind and projection. */
export interface IndexOptions {
  /** Whether the property is the index's partition key or its sort key. */
  role: IndexRole;
  /** 'global' (default) or 'local'; a local index declares only its sort key. */
  type?: 'global' | 'local';
  /** Projection used when the table is created from metadata (default 'ALL'). */
  projection?: 'ALL' | 'KEYS_ONLY' | readonly string[];
  /**
   * Composite index key of several properties, e.g. `TENANT#{tenantId}#ASSIGNEE#{assignee}`; put the
   * decorator on the class. Written on every put and on every update that sets its parts.
   */
  template?: string;
  /** Stored attribute name of a composite index key (required with `template`, e.g. 'gsi1pk'). */
  attribute?: string;
  /**
   * The partition key's values start with the tenant's key prefix, like the table's: inside a tenant
   * scope every value written to it must be the tenant's. Implied for a composite key whose template
   * starts with the scope's tenant property (`TENANT#{tenantId}#...`).
   */
  tenantPrefixed?: boolean;
}

/** An index key declared on the class (a composite template of properties). */
export type ClassIndexRecord = { name: string } & IndexOptions;

export type LifecycleRole = 'version' | 'createdAt' | 'updatedAt' | 'ttl';

/** What the decorators of one property recorded, before validation. */
export interface PropertyRecord {
  readonly property: string;
  attribute?: AttributeOptions;
  designType?: unknown;
  partitionKey?: KeyOptions;
  sortKey?: KeyOptions;
  lifecycle?: LifecycleRole;
  indexes: Array<{ name: string } & IndexOptions>;
}

/** Options of `@Table(name, options)`: how items of this class are told apart in a shared table. */
export interface TableOptions {
  /**
   * Value of the discriminator attribute written with every item, so that
   * queries over a table shared by several entity classes (single-table
   * design) can tell items apart. Default: the class name.
   */
  entityType?: string;
  /** Name of the discriminator attribute (default `_type`), or false to write none. */
  discriminator?: string | false;
  /**
   * Templates may name attributes the class does not declare (items carrying attributes written by other
   * tools, say). Off by default: a name that is not a declared attribute is an ExpressionError.
   */
  openAttributes?: boolean;
}

/** What the decorators of one class recorded, before validation. */
export interface ClassRecord {
  table?: string;
  tableOptions?: TableOptions;
  partitionKey?: KeyOptions;
  sortKey?: KeyOptions;
  /** Composite index keys declared on the class. */
  indexKeys?: ClassIndexRecord[];
  /** Properties in declaration order. */
  readonly properties: Map<string, PropertyRecord>;
  /** Problems found while decorating; reported when the class is compiled. */
  readonly problems: string[];
}
