import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection,
  StreamViewType,
} from '@aws-sdk/client-dynamodb';
import { MetadataError } from '../errors/errors.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import type { CompiledIndex } from '../metadata/compiled-types.js';
import type { KeyScalar } from '../metadata/key-format.js';
import { assertSameKeys } from '../metadata/shared-table.js';
import type { EntityClass } from '../metadata/types.js';

/** Options of tableDefinitionOf(): the table name when it is not the `@Table` one, and its stream. */
export interface TableDefinitionOptions {
  /** Overrides the `@Table` name. */
  tableName?: string;
  /**
   * Enables the table's DynamoDB stream with this view type: what each record carries besides the keys
   * (`NEW_IMAGE`, `OLD_IMAGE`, `NEW_AND_OLD_IMAGES`, or `KEYS_ONLY`). Default: no stream.
   */
  stream?: StreamViewType;
}

const VIEW_TYPES: ReadonlySet<string> = new Set(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']);

function projectionOf(index: CompiledIndex): Projection {
  const p = index.projection;
  if (p === 'ALL' || p === 'KEYS_ONLY') return { ProjectionType: p };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p] };
}

function keySchema(partition: string, sort: string | undefined): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: partition, KeyType: 'HASH' }];
  if (sort) schema.push({ AttributeName: sort, KeyType: 'RANGE' });
  return schema;
}

/**
 * The CreateTable input for one entity, or for several entities sharing one
 * table (single-table design): their keys must agree, their indexes are
 * merged. On-demand billing.
 */
export function tableDefinitionOf(
  entities: EntityClass | readonly EntityClass[],
  options: TableDefinitionOptions = {},
): CreateTableCommandInput {
  const list = Array.isArray(entities) ? entities : [entities as EntityClass];
  if (list.length === 0) throw new MetadataError('tableDefinitionOf needs at least one entity class');
  const metas = list.map((e) => entityMetadata(e));
  const first = metas[0] as (typeof metas)[number];
  const tableName = options.tableName ?? first.table;
  if (!tableName)
    throw new MetadataError(`${first.name} has no @Table(name) and no tableName option was given`, first.name);

  const types = new Map<string, KeyScalar>();
  const define = (attribute: string, scalar: KeyScalar, owner: string) => {
    const known = types.get(attribute);
    if (known && known !== scalar) {
      throw new MetadataError(
        `${owner}: attribute '${attribute}' is ${scalar} here but ${known} in another key of table ${tableName}`,
        owner,
      );
    }
    types.set(attribute, scalar);
  };
  const globals = new Map<string, GlobalSecondaryIndex>();
  const locals = new Map<string, LocalSecondaryIndex>();

  assertSameKeys(metas, tableName);
  for (const m of metas) {
    define(m.partitionKey.attribute, m.partitionKey.scalar, m.name);
    if (m.sortKey) define(m.sortKey.attribute, m.sortKey.scalar, m.name);
    for (const index of m.indexes.values()) {
      define(index.partitionKey.attribute, index.partitionKey.scalar, m.name);
      if (index.sortKey) define(index.sortKey.attribute, index.sortKey.scalar, m.name);
      const definition = {
        IndexName: index.name,
        KeySchema: keySchema(index.partitionKey.attribute, index.sortKey?.attribute),
        Projection: projectionOf(index),
      };
      (index.type === 'local' ? locals : globals).set(index.name, definition);
    }
  }

  const input: CreateTableCommandInput = {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(first.partitionKey.attribute, first.sortKey?.attribute),
    AttributeDefinitions: [...types].map(
      ([AttributeName, AttributeType]): AttributeDefinition => ({ AttributeName, AttributeType }),
    ),
  };
  if (globals.size > 0) input.GlobalSecondaryIndexes = [...globals.values()];
  if (locals.size > 0) input.LocalSecondaryIndexes = [...locals.values()];
  if (options.stream !== undefined) {
    if (!VIEW_TYPES.has(options.stream)) {
      throw new MetadataError(
        `table ${tableName}: stream must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES, got ${JSON.stringify(options.stream)}`,
        first.name,
      );
    }
    input.StreamSpecification = { StreamEnabled: true, StreamViewType: options.stream };
  }
  return input;
}

/** The TTL attribute of the entities, if any declares `@TimeToLive`. */
export function timeToLiveAttributeOf(entities: EntityClass | readonly EntityClass[]): string | undefined {
  const list = Array.isArray(entities) ? entities : [entities as EntityClass];
  return list.map((e) => entityMetadata(e).ttl?.name).find((n) => n !== undefined);
}
