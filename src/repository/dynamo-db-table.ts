import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteItemBuilder } from '../builders/delete/delete-item-builder.js';
import { GetItemBuilder } from '../builders/get/get-item-builder.js';
import { PutItemBuilder } from '../builders/put/put-item-builder.js';
import type { TableTarget } from '../builders/shared/table-target.js';
import { UpdateItemBuilder } from '../builders/update/update-item-builder.js';
import { InvalidRequestError } from '../errors/errors.js';
import { type PlainRecord, recordTarget } from './record-target.js';
import { clientOf } from './table-options.js';

export interface DynamoDbTableOptions {
  /** Stored name of the partition key; when given, withKey checks keys against it. */
  partitionKey?: string;
  sortKey?: string;
}

/**
 * The same builders as Repository, over plain records of a table that has no
 * entity class (`new DynamoDbTable(client, 'users')`, as in the STS page).
 */
export class DynamoDbTable {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  /** @internal */
  readonly target: TableTarget<PlainRecord>;
  readonly #get: GetItemBuilder<PlainRecord>;
  readonly #put: PutItemBuilder<PlainRecord>;
  readonly #update: UpdateItemBuilder<PlainRecord>;
  readonly #delete: DeleteItemBuilder<PlainRecord>;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoDbTableOptions = {}) {
    this.client = clientOf({ client }, String(tableName));
    if (typeof tableName !== 'string' || tableName.length < 3) {
      throw new InvalidRequestError(`DynamoDbTable needs a table name, got ${JSON.stringify(tableName)}`);
    }
    this.tableName = tableName;
    const keys = [options.partitionKey, options.sortKey].filter((k): k is string => typeof k === 'string');
    this.target = recordTarget(tableName, this.client, keys);
    this.#get = new GetItemBuilder(this.target, {});
    this.#put = new PutItemBuilder<PlainRecord>(this.target, { conditions: [] });
    this.#update = new UpdateItemBuilder(this.target, { conditions: [] });
    this.#delete = new DeleteItemBuilder(this.target, { conditions: [] });
  }

  get get(): GetItemBuilder<PlainRecord> {
    return this.#get;
  }

  get put(): PutItemBuilder<PlainRecord> {
    return this.#put;
  }

  get update(): UpdateItemBuilder<PlainRecord> {
    return this.#update;
  }

  get delete(): DeleteItemBuilder<PlainRecord> {
    return this.#delete;
  }
}
