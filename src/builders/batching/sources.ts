import type { DeleteItemBuilder } from '../delete/delete-item-builder.js';
import type { GetItemBuilder } from '../get/get-item-builder.js';
import type { PutItemBuilder } from '../put/put-item-builder.js';
import type { TableTarget } from '../shared/table-target.js';
import type { UpdateItemBuilder } from '../update/update-item-builder.js';

/**
 * What the batch and transaction builders take as the first argument of
 * get/put/update/delete/conditionCheck: a Repository or a DynamoDbTable, or
 * anything else that exposes a TableTarget and the prepared builder.
 */
export interface TargetSource<T> {
  /** The table, key schema and mapping of the source's items. */
  readonly target: TableTarget<T>;
}

/** A source of reads (batch get, transact get): a Repository or DynamoDbTable. */
export interface GetSource<T> extends TargetSource<T> {
  /** The prepared GetItemBuilder the operation's callback configures. */
  readonly get: GetItemBuilder<T>;
}

/** A source of puts (batch write, transaction): a Repository or DynamoDbTable. */
export interface PutSource<T> extends TargetSource<T> {
  /** The prepared PutItemBuilder the operation's callback configures. */
  readonly put: PutItemBuilder<T>;
}

/** A source of updates (transaction): a Repository or DynamoDbTable. */
export interface UpdateSource<T> extends TargetSource<T> {
  /** The prepared UpdateItemBuilder the operation's callback configures. */
  readonly update: UpdateItemBuilder<T>;
}

/** A source of deletes (batch write, transaction): a Repository or DynamoDbTable. */
export interface DeleteSource<T> extends TargetSource<T> {
  /** The prepared DeleteItemBuilder the operation's callback configures. */
  readonly delete: DeleteItemBuilder<T>;
}

/**
 * The callback of an operation: gets the repository's prepared builder, returns it configured (`Out`, when
 * configuring may change its type: a read's withProjection makes its items partial).
 */
export type Configure<B, Out = B> = (builder: B) => Out;
