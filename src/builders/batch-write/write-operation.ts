import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import type { AttributeMap } from '../../mapping/types.js';
import { identityOf, pickKey } from '../batching/item-identity.js';
import type { PutItemBuilder } from '../put/put-item-builder.js';
import type { OperationPlan } from '../shared/operation-plan.js';
import type { TableTarget } from '../shared/table-target.js';

/** A put as added: the builder is kept, and rendered once at execute() (its timestamps are taken then). */
export interface AddedPut {
  readonly kind: 'put';
  readonly index: number;
  readonly target: TableTarget<unknown>;
  readonly builder: PutItemBuilder<unknown>;
  /** The entity has a `@Version`, whose check a batch write cannot carry. */
  readonly versioned: boolean;
}

/** A delete as added: its key is all a batch write sends of it, so it is never rendered. */
export interface AddedDelete {
  readonly kind: 'delete';
  readonly index: number;
  readonly target: TableTarget<unknown>;
  readonly key: AttributeMap;
}

export type AddedWrite = AddedPut | AddedDelete;

/** One write as sent: what goes into RequestItems, and how it is recognized in UnprocessedItems. */
export interface WriteOp {
  readonly index: number;
  readonly kind: 'put' | 'delete';
  readonly table: string;
  readonly request: WriteRequest;
  readonly key: AttributeMap | undefined;
  readonly item: AttributeMap | undefined;
  readonly id: string;
}

const NO_CONDITIONS =
  'BatchWriteItem cannot carry conditions: use TransactWriteItemsRequestBuilder (all or nothing, up to 100 operations) or a single put/delete';

/**
 * Checks a put's builder when it is added. Conditions (where) and return
 * values are refused: BatchWriteItem has neither. The `@Version` check is
 * the one condition that can be skipped on request (see skipVersionChecks()).
 */
export function addedPut(
  index: number,
  target: TableTarget<unknown>,
  builder: PutItemBuilder<unknown>,
  plan: OperationPlan,
): AddedPut {
  if (plan.conditioned) throw new InvalidRequestError(`put #${index} on ${target.label}: ${NO_CONDITIONS}`);
  if (plan.returnValues && plan.returnValues !== 'NONE') {
    throw new InvalidRequestError(
      `put #${index} on ${target.label}: BatchWriteItem returns no values; drop returnValues()`,
    );
  }
  // With its own skipVersionCheck() the put already says it writes without the check.
  return { kind: 'put', index, target, builder, versioned: plan.versionChecked };
}

export function addedDelete(index: number, target: TableTarget<unknown>, plan: OperationPlan): AddedDelete {
  if (plan.conditioned || plan.versionChecked) {
    throw new InvalidRequestError(
      `delete #${index} on ${target.label}: ${NO_CONDITIONS} (this includes expectVersion())`,
    );
  }
  if (plan.returnValues && plan.returnValues !== 'NONE') {
    throw new InvalidRequestError(
      `delete #${index} on ${target.label}: BatchWriteItem returns no values; drop returnValues()`,
    );
  }
  // A delete's plan always has its key: it is refused without withKey().
  return { kind: 'delete', index, target, key: plan.key as AttributeMap };
}

/**
 * The key attribute names of each table, to recognize items in
 * UnprocessedItems: from the repositories' metadata, else from the keys of
 * the deletes (a DynamoDbTable without a key schema). Tables with neither
 * are recognized by whole items.
 */
export function keyNamesByTable(added: readonly AddedWrite[]): Map<string, readonly string[]> {
  const names = new Map<string, readonly string[]>();
  for (const write of added) {
    const table = write.target.tableName;
    if (write.target.keyAttributes.length > 0) names.set(table, write.target.keyAttributes);
    else if (write.kind === 'delete' && !names.has(table)) names.set(table, Object.keys(write.key));
  }
  return names;
}

/** Identity of a write request of `table`: its key when the key attributes are known, else the whole item. */
export function writeIdentity(
  table: string,
  attributes: AttributeMap,
  keyNames: readonly string[] | undefined,
): string {
  return identityOf(table, pickKey(attributes, keyNames ?? []) ?? attributes);
}

/** The request of an added write, with the put's timestamps and `@Version` taken at `at`: the one render of a put. */
export function toWriteOp(write: AddedWrite, at: Date, keyNames: Map<string, readonly string[]>): WriteOp {
  const table = write.target.tableName;
  const names = keyNames.get(table);
  if (write.kind === 'delete') {
    const key = write.key;
    return {
      index: write.index,
      kind: 'delete',
      table,
      request: { DeleteRequest: { Key: key } },
      key,
      item: undefined,
      id: writeIdentity(table, key, names),
    };
  }
  const item = write.builder.skipVersionCheck().toInput(at).Item as AttributeMap;
  return {
    index: write.index,
    kind: 'put',
    table,
    request: { PutRequest: { Item: item } },
    key: pickKey(item, names ?? []),
    item,
    id: writeIdentity(table, item, names),
  };
}

/**
 * Two writes of one item in one batch are refused before anything is sent:
 * DynamoDB rejects them within one request, and across requests their order
 * is not defined, so the result would depend on timing.
 */
export function refuseDuplicates(ops: readonly WriteOp[]): void {
  const seen = new Map<string, number>();
  for (const op of ops) {
    const first = seen.get(op.id);
    if (first !== undefined) {
      throw new InvalidRequestError(
        `BatchWriteItem: operations #${first} and #${op.index} write the same item of ${op.table}; ` +
          'one batch may write each key once (DynamoDB refuses duplicates in a request, and the order of requests is not defined)',
      );
    }
    seen.set(op.id, op.index);
  }
}
