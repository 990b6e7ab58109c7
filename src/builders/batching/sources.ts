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
  readonly target: TableTarget<T>;
}

export interface GetSource<T> extends TargetSource<T> {
  readonly get: GetItemBuilder<T>;
}

export interface PutSource<T> extends TargetSource<T> {
  readonly put: PutItemBuilder<T>;
}

export interface UpdateSource<T> extends TargetSource<T> {
  readonly update: UpdateItemBuilder<T>;
}

export interface DeleteSource<T> extends TargetSource<T> {
  readonly delete: DeleteItemBuilder<T>;
}

/**
 * The callback of an operation: gets the repository's prepared builder, returns it configured (`Out`, when
 * configuring may change its type: a read's withProjection makes its items partial).
 */
export type Configure<B, Out = B> = (builder: B) => Out;
