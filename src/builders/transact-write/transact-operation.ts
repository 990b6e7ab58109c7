import type {
  ConditionCheck,
  DeleteItemCommandInput,
  PutItemCommandInput,
  TransactWriteItem,
  UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import type { Access } from '../../isolation/accesses.js';
import type { AttributeMap } from '../../mapping/types.js';
import { pickKey } from '../batching/item-identity.js';
import type { TransactionOperationInfo } from '../batching/transaction-operation.js';
import type { PutItemBuilder } from '../put/put-item-builder.js';
import type { TableTarget } from '../shared/table-target.js';
import type { UpdateItemBuilder } from '../update/update-item-builder.js';

/** One element of a TransactWriteItems as sent, with what the tenant guard checks of it. */
export interface RenderedOperation {
  readonly element: TransactWriteItem;
  readonly access: Access;
}

/** One operation of a TransactWriteItems, rendered at execute() so that all share one timestamp. */
export interface TransactWriteOperation {
  readonly info: TransactionOperationInfo;
  readonly render: (at: Date) => RenderedOperation;
}

interface CommonInput {
  TableName?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
  ReturnValues?: string;
}

/** The fields a transaction element shares with the single-item inputs, without undefined entries. */
function common(input: CommonInput) {
  return {
    TableName: input.TableName,
    ...(input.ConditionExpression ? { ConditionExpression: input.ConditionExpression } : {}),
    ...(input.ExpressionAttributeNames ? { ExpressionAttributeNames: input.ExpressionAttributeNames } : {}),
    ...(input.ExpressionAttributeValues ? { ExpressionAttributeValues: input.ExpressionAttributeValues } : {}),
    ...(input.ReturnValuesOnConditionCheckFailure
      ? { ReturnValuesOnConditionCheckFailure: input.ReturnValuesOnConditionCheckFailure }
      : {}),
  };
}

/** Transactions return no item values: a returnValues() set on the builder would silently do nothing, so it is refused. */
function refuseReturnValues(kind: string, target: TableTarget<unknown>, input: CommonInput): void {
  if (input.ReturnValues && input.ReturnValues !== 'NONE') {
    throw new InvalidRequestError(
      `${kind} on ${target.label}: a transaction returns no item values; drop returnValues(${input.ReturnValues})`,
    );
  }
}

/** The single-item builders ask for the old item on failure exactly when they carry the @Version check. */
function info(
  kind: TransactionOperationInfo['kind'],
  target: TableTarget<unknown>,
  key: AttributeMap | undefined,
  input: CommonInput,
) {
  return {
    kind,
    table: target.tableName,
    label: target.label,
    key,
    versionChecked: target.version !== undefined && input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
  };
}

/** A put; `input` is the builder's own, rendered when the operation was added. */
export function putOperation(
  target: TableTarget<unknown>,
  builder: PutItemBuilder<unknown>,
  input: PutItemCommandInput,
): TransactWriteOperation {
  refuseReturnValues('put', target, input);
  // Only @CreatedAt / @UpdatedAt depend on the instant: without them the element is rendered once, here.
  const fixed: RenderedOperation | undefined =
    target.createdAt || target.updatedAt
      ? undefined
      : {
          element: { Put: { ...common(input), Item: input.Item } },
          access: { kind: 'item', table: target.guarded, item: input.Item },
        };
  return {
    info: {
      ...info('Put', target, pickKey(input.Item ?? {}, target.keyAttributes), input),
      createsNew: builder.createsNew,
    },
    render(at) {
      if (fixed) return fixed;
      const rendered = builder.toInput(at);
      return {
        element: { Put: { ...common(rendered), Item: rendered.Item } },
        access: { kind: 'item', table: target.guarded, item: rendered.Item },
      };
    },
  };
}

export function updateOperation(
  target: TableTarget<unknown>,
  builder: UpdateItemBuilder<unknown>,
  input: UpdateItemCommandInput,
): TransactWriteOperation {
  refuseReturnValues('update', target, input);
  return {
    info: info('Update', target, input.Key, input),
    render(at) {
      // The update's index key writes travel with it: the guard checks them as it would for the update alone.
      const { input: rendered, access } = builder.prepare(at);
      return {
        element: { Update: { ...common(rendered), Key: rendered.Key, UpdateExpression: rendered.UpdateExpression } },
        access,
      };
    },
  };
}

export function deleteOperation(target: TableTarget<unknown>, input: DeleteItemCommandInput): TransactWriteOperation {
  refuseReturnValues('delete', target, input);
  const rendered: RenderedOperation = {
    element: { Delete: { ...common(input), Key: input.Key } },
    access: { kind: 'key', table: target.guarded, key: input.Key },
  };
  return { info: info('Delete', target, input.Key, input), render: () => rendered };
}

export function conditionCheckOperation(target: TableTarget<unknown>, input: ConditionCheck): TransactWriteOperation {
  const rendered: RenderedOperation = {
    element: { ConditionCheck: { ...common(input), Key: input.Key, ConditionExpression: input.ConditionExpression } },
    access: { kind: 'key', table: target.guarded, key: input.Key },
  };
  return { info: info('ConditionCheck', target, input.Key, input), render: () => rendered };
}

function askFailedItem<P extends { ConditionExpression?: string }>(part: P | undefined): P | undefined {
  return part?.ConditionExpression ? { ...part, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : part;
}

/** returnFailedItems(): a copy in which every operation with a condition sends back the item as it was when the condition failed. */
export function withFailedItems(element: TransactWriteItem): TransactWriteItem {
  const out: TransactWriteItem = {};
  if (element.Put) out.Put = askFailedItem(element.Put);
  if (element.Update) out.Update = askFailedItem(element.Update);
  if (element.Delete) out.Delete = askFailedItem(element.Delete);
  if (element.ConditionCheck) out.ConditionCheck = askFailedItem(element.ConditionCheck);
  return out;
}
