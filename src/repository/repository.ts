import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteItemBuilder } from '../builders/delete/delete-item-builder.js';
import { GetItemBuilder } from '../builders/get/get-item-builder.js';
import { PutItemBuilder } from '../builders/put/put-item-builder.js';
import { QueryBuilder } from '../builders/query/query-builder.js';
import { useCursorOptions } from '../builders/read/cursor-options.js';
import { ScanBuilder } from '../builders/scan/scan-builder.js';
import type { TableTarget } from '../builders/shared/table-target.js';
import { UpdateItemBuilder } from '../builders/update/update-item-builder.js';
import { isDynamoClient } from '../context/client-context.js';
import { MetadataError } from '../errors/errors.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import type { EntityClass } from '../metadata/types.js';
import { onOperationOf } from '../observability/on-operation.js';
import type { OperationEvent } from '../observability/operation-event.js';
import { createEntity, type EntityInit } from './create-entity.js';
import { entityTarget } from './entity-target.js';
import { clientOf, type TableOptions } from './table-options.js';

/** Options of Repository: the default client, cursor protection, and the table name when it is not the `@Table` one. */
export interface RepositoryOptions extends TableOptions {
  /** Overrides the `@Table` name (per environment, per test). */
  tableName?: string;
}

/**
 * The builders of one entity class. Metadata is compiled and validated here,
 * once; the getters return prepared immutable builders, so reaching a builder
 * costs nothing per call.
 */
export class Repository<T extends object> {
  /** The entity class, as given. */
  readonly entity: EntityClass<T>;
  /** The table's name: the `tableName` option, else the `@Table` name. */
  readonly tableName: string;
  /** The default client: used when neither withClient() nor runWithClient() gives another. */
  readonly client: DynamoDBClient;
  /** @internal The compiled entity metadata. */
  readonly metadata: EntityMetadata;
  /** What the builders address; batch and transaction builders read it (a TargetSource). */
  readonly target: TableTarget<T>;
  // Each made on first use: an app's handler that only gets pays for no other builder at its cold start.
  #get: GetItemBuilder<T> | undefined;
  #put: PutItemBuilder<T> | undefined;
  #update: UpdateItemBuilder<T> | undefined;
  #delete: DeleteItemBuilder<T> | undefined;
  #query: QueryBuilder<T> | undefined;
  #scan: ScanBuilder<T> | undefined;

  constructor(entity: EntityClass<T>, clientOrOptions: DynamoDBClient | RepositoryOptions) {
    this.entity = entity;
    this.metadata = entityMetadata(entity);
    const options = isDynamoClient(clientOrOptions) ? { client: clientOrOptions } : clientOrOptions;
    this.client = clientOf(options, entity.name);
    const tableName = options.tableName ?? this.metadata.table;
    if (!tableName) {
      throw new MetadataError(`${entity.name} has no @Table(name) and no tableName option was given`, entity.name);
    }
    this.tableName = tableName;
    this.target = entityTarget<T>(this.metadata, tableName, this.client);
    useCursorOptions(this.target, options.cursors);
  }

  /**
   * A new entity instance from its properties: field initialisers run, and a property the entity does not
   * declare or a value of the wrong type is a MappingError (`users.create({ userId: 'u1', name: 'Jane' })`).
   */
  create(values: EntityInit<T>): T {
    return createEntity(this.entity, this.metadata, values);
  }

  /** GetItem builder. */
  get get(): GetItemBuilder<T> {
    this.#get ??= new GetItemBuilder(this.target, {});
    return this.#get;
  }

  /**
   * Calls `listener` with the report of every operation that involves this repository (batches and
   * transactions that include it too); returns the function that unsubscribes.
   */
  onOperation(listener: (event: OperationEvent) => void): () => void {
    return onOperationOf(this.target.guarded, listener);
  }

  /** PutItem builder. */
  get put(): PutItemBuilder<T> {
    this.#put ??= new PutItemBuilder<T>(this.target, { conditions: [] });
    return this.#put;
  }

  /** UpdateItem builder. */
  get update(): UpdateItemBuilder<T> {
    this.#update ??= new UpdateItemBuilder(this.target, { conditions: [] });
    return this.#update;
  }

  /** DeleteItem builder. */
  get delete(): DeleteItemBuilder<T> {
    this.#delete ??= new DeleteItemBuilder(this.target, { conditions: [] });
    return this.#delete;
  }

  /** Query builder (also an async iterable over every page). */
  get query(): QueryBuilder<T> {
    this.#query ??= new QueryBuilder(this.target, { filters: [] });
    return this.#query;
  }

  /** Scan builder (also an async iterable over every page; parallel(n) for segments). */
  get scan(): ScanBuilder<T> {
    this.#scan ??= new ScanBuilder(this.target, { filters: [] });
    return this.#scan;
  }
}
