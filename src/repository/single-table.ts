import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryBuilder } from '../builders/query/query-builder.js';
import { type CursorOptions, useCursorOptions } from '../builders/read/cursor-options.js';
import { ScanBuilder } from '../builders/scan/scan-builder.js';
import type { IndexSchema, TableTarget } from '../builders/shared/table-target.js';
import { MetadataError } from '../errors/errors.js';
import { itemToEntity } from '../mapping/entity-mapper.js';
import type { AttributeMap } from '../mapping/types.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import { assertSameKeys } from '../metadata/shared-table.js';
import type { EntityClass } from '../metadata/types.js';
import { onOperationOf } from '../observability/on-operation.js';
import type { OperationEvent } from '../observability/operation-event.js';
import { sharedTableBinding } from './entity-binding.js';
import { indexSchemaOf } from './index-schema.js';
import { type PlainRecord, recordTarget } from './record-target.js';
import { clientOf } from './table-options.js';

/** The instance type of an entity class. */
export type InstanceOf<E> = E extends EntityClass<infer T> ? T : never;

/** Options of SingleTable: the table name when it is not the shared `@Table` one, and cursor protection. */
export interface SingleTableOptions {
  /** Overrides the `@Table` name the entities share. */
  tableName?: string;
  /** How query and scan cursors are protected (as Repository's `cursors` option). */
  cursors?: CursorOptions;
}

/**
 * Reads a table shared by several entity classes (single-table design):
 * every item comes back as an instance of its own class, told by the
 * discriminator attribute each repository writes, or as a plain record when
 * no class claims it.
 */
export class SingleTable<E extends readonly EntityClass[]> {
  /** The table's name. */
  readonly tableName: string;
  /** The entity classes sharing the table, as given. */
  readonly entities: E;
  /** What the builders address; batch and transaction builders read it (a TargetSource). */
  readonly target: TableTarget<InstanceOf<E[number]> | PlainRecord>;
  readonly #query: QueryBuilder<InstanceOf<E[number]> | PlainRecord>;
  readonly #scan: ScanBuilder<InstanceOf<E[number]> | PlainRecord>;

  constructor(client: DynamoDBClient, entities: E, options: SingleTableOptions = {}) {
    if (!Array.isArray(entities) || entities.length === 0)
      throw new MetadataError('SingleTable needs at least one entity class');
    const metas = entities.map((e) => entityMetadata(e));
    const first = metas[0] as EntityMetadata;
    const tableName = options.tableName ?? first.table;
    if (!tableName)
      throw new MetadataError(`${first.name} has no @Table(name) and no tableName option was given`, first.name);
    this.tableName = tableName;
    this.entities = entities;

    assertSameKeys(metas, tableName);
    const byType = new Map<string, EntityMetadata>();
    const indexes = new Map<string, IndexSchema>();
    for (const m of metas) {
      if (!m.discriminator)
        throw new MetadataError(
          `${m.name} writes no discriminator: remove discriminator: false from its @Table`,
          m.name,
        );
      const other = byType.get(m.discriminator.value);
      if (other && other !== m) {
        throw new MetadataError(`${m.name} and ${other.name} both mark their items '${m.discriminator.value}'`, m.name);
      }
      byType.set(m.discriminator.value, m);
      for (const i of m.indexes.values()) {
        indexes.set(i.name, indexSchemaOf(i));
      }
    }
    const names = new Set(metas.map((m) => m.discriminator?.name as string));
    const base = recordTarget(
      tableName,
      clientOf({ client }, tableName),
      {
        partition: first.partitionKey.attribute,
        sort: first.sortKey?.attribute,
      },
      indexes,
    );
    const hydrate = (item: AttributeMap): InstanceOf<E[number]> | PlainRecord => {
      for (const name of names) {
        const meta = item[name]?.S === undefined ? undefined : byType.get(item[name].S as string);
        if (meta) return itemToEntity(meta, item);
      }
      return base.fromItem(item);
    };
    this.target = {
      ...base,
      label: `${tableName} (${metas.map((m) => m.name).join(', ')})`,
      fromItem: hydrate,
      hydrate,
      bindExpression: sharedTableBinding(metas),
    };
    useCursorOptions(this.target, options.cursors);
    this.#query = new QueryBuilder(this.target, { filters: [] });
    this.#scan = new ScanBuilder(this.target, { filters: [] });
  }

  /**
   * Calls `listener` with the report of every operation that involves this table (batches and
   * transactions that include it too); returns the function that unsubscribes.
   */
  onOperation(listener: (event: OperationEvent) => void): () => void {
    return onOperationOf(this.target.guarded, listener);
  }

  /** Query builder whose items are instances of their own entity class. */
  get query(): QueryBuilder<InstanceOf<E[number]> | PlainRecord> {
    return this.#query;
  }

  /** Scan builder whose items are instances of their own entity class. */
  get scan(): ScanBuilder<InstanceOf<E[number]> | PlainRecord> {
    return this.#scan;
  }
}
