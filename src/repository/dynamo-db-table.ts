import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteItemBuilder } from '../builders/delete/delete-item-builder.js';
import { GetItemBuilder } from '../builders/get/get-item-builder.js';
import { PutItemBuilder } from '../builders/put/put-item-builder.js';
import { QueryBuilder } from '../builders/query/query-builder.js';
import { type CursorOptions, useCursorOptions } from '../builders/read/cursor-options.js';
import { ScanBuilder } from '../builders/scan/scan-builder.js';
import type { IndexSchema, TableTarget } from '../builders/shared/table-target.js';
import { UpdateItemBuilder } from '../builders/update/update-item-builder.js';
import { InvalidRequestError } from '../errors/errors.js';
import { onOperationOf } from '../observability/on-operation.js';
import type { OperationEvent } from '../observability/operation-event.js';
import { type PlainRecord, recordTarget } from './record-target.js';
import { clientOf } from './table-options.js';

/** Options of DynamoDbTable: the key schema and indexes to check requests against, and cursor protection. */
export interface DynamoDbTableOptions {
  /** Stored name of the partition key; when given, withKey and query check keys against it. */
  partitionKey?: string;
  /** Stored name of the sort key, when the table has one. */
  sortKey?: string;
  /** The table's secondary indexes; when given, withIndex accepts only these. */
  indexes?: readonly IndexSchema[];
  /** How query and scan cursors are protected (as Repository's `cursors` option). */
  cursors?: CursorOptions;
}

/**
 * The same builders as Repository, over plain records of a table that has no
 * entity class (`new DynamoDbTable(client, 'users')`).
 */
export class DynamoDbTable {
  /** The table's name. */
  readonly tableName: string;
  /** The default client: used when neither withClient() nor runWithClient() gives another. */
  readonly client: DynamoDBClient;
  /** What the builders address; batch and transaction builders read it (a TargetSource). */
  readonly target: TableTarget<PlainRecord>;
  readonly #get: GetItemBuilder<PlainRecord>;
  readonly #put: PutItemBuilder<PlainRecord>;
  readonly #update: UpdateItemBuilder<PlainRecord>;
  readonly #delete: DeleteItemBuilder<PlainRecord>;
  readonly #query: QueryBuilder<PlainRecord>;
  readonly #scan: ScanBuilder<PlainRecord>;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoDbTableOptions = {}) {
    this.client = clientOf({ client }, String(tableName));
    if (typeof tableName !== 'string' || tableName.length < 3) {
      throw new InvalidRequestError(`DynamoDbTable needs a table name, got ${JSON.stringify(tableName)}`);
    }
    this.tableName = tableName;
    const keySchema = options.partitionKey ? { partition: options.partitionKey, sort: options.sortKey } : undefined;
    const indexes = options.indexes && new Map(options.indexes.map((i) => [i.name, i]));
    this.target = recordTarget(tableName, this.client, keySchema, indexes);
    useCursorOptions(this.target, options.cursors);
    this.#get = new GetItemBuilder(this.target, {});
    this.#put = new PutItemBuilder<PlainRecord>(this.target, { conditions: [] });
    this.#update = new UpdateItemBuilder(this.target, { conditions: [] });
    this.#delete = new DeleteItemBuilder(this.target, { conditions: [] });
    this.#query = new QueryBuilder(this.target, { filters: [] });
    this.#scan = new ScanBuilder(this.target, { filters: [] });
  }

  /** GetItem builder. */
  get get(): GetItemBuilder<PlainRecord> {
    return this.#get;
  }

  /**
   * Calls `listener` with the report of every operation that involves this table (batches and
   * transactions that include it too); returns the function that unsubscribes.
   */
  onOperation(listener: (event: OperationEvent) => void): () => void {
    return onOperationOf(this.target.guarded, listener);
  }

  /** PutItem builder. */
  get put(): PutItemBuilder<PlainRecord> {
    return this.#put;
  }

  /** UpdateItem builder. */
  get update(): UpdateItemBuilder<PlainRecord> {
    return this.#update;
  }

  /** DeleteItem builder. */
  get delete(): DeleteItemBuilder<PlainRecord> {
    return this.#delete;
  }

  /** Query builder (also an async iterable over every page). */
  get query(): QueryBuilder<PlainRecord> {
    return this.#query;
  }

  /** Scan builder (also an async iterable over every page; parallel(n) for segments). */
  get scan(): ScanBuilder<PlainRecord> {
    return this.#scan;
  }
}
