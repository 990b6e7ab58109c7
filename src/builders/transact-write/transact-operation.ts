import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../../errors/errors.js';
import type { Access } from '../../isolation/accesses.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { TransactionOperationInfo } from '../batching/transaction-operation.js';
import type { ConditionCheckBuilder } from '../condition-check/condition-check-builder.js';
import type { DeleteItemBuilder } from '../delete/delete-item-builder.js';
import type { PutItemBuilder } from '../put/put-item-builder.js';
import type { OperationPlan } from '../shared/operation-plan.js';
import type { TableTarget } from '../shared/table-target.js';
import type { UpdateItemBuilder } from '../update/update-item-builder.js';

/** One element of a TransactWriteItems as sent, with what the tenant guard checks of it. */
export interface RenderedOperation {
  readonly element: TransactWriteItem;
  readonly access: Access;
}

/** One operation of a TransactWriteItems, rendered once, at execute(), so that all share one timestamp. */
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
function refuseReturnValues(kind: string, target: TableTarget<unknown>, plan: OperationPlan): void {
  if (plan.returnValues && plan.returnValues !== 'NONE') {
    throw new InvalidRequestError(
      `${kind} on ${target.label}: a transaction returns no item values; drop returnValues(${plan.returnValues})`,
    );
  }
}

function info(kind: TransactionOperationInfo['kind'], target: TableTarget<unknown>, plan: OperationPlan) {
  return { kind, table: target.tableName, label: target.label, key: plan.key, versionChecked: plan.versionChecked };
}

/** A put: rendered once, at execute(), with the transaction's instant. */
export function putOperation(
  target: TableTarget<unknown>,
  builder: PutItemBuilder<unknown>,
  plan: OperationPlan,
): TransactWriteOperation {
  refuseReturnValues('put', target, plan);
  return {
    info: { ...info('Put', target, plan), createsNew: builder.createsNew },
    render(at) {
      const input = builder.toInput(at);
      return {
        element: { Put: { ...common(input), Item: input.Item } },
        access: { kind: 'item', table: target.guarded, item: input.Item },
      };
    },
  };
}

export function updateOperation(
  target: TableTarget<unknown>,
  builder: UpdateItemBuilder<unknown>,
  plan: OperationPlan,
): TransactWriteOperation {
  refuseReturnValues('update', target, plan);
  return {
    info: info('Update', target, plan),
    render(at) {
      // The update's index key writes travel with it: the guard checks them as it would for the update alone.
      const { input, access } = builder.prepare(at);
      return {
        element: { Update: { ...common(input), Key: input.Key, UpdateExpression: input.UpdateExpression } },
        access,
      };
    },
  };
}

export function deleteOperation(
  target: TableTarget<unknown>,
  builder: DeleteItemBuilder<unknown>,
  plan: OperationPlan,
): TransactWriteOperation {
  refuseReturnValues('delete', target, plan);
  return {
    info: info('Delete', target, plan),
    render() {
      const input = builder.toInput();
      return {
        element: { Delete: { ...common(input), Key: input.Key } },
        access: { kind: 'key', table: target.guarded, key: input.Key },
      };
    },
  };
}

export function conditionCheckOperation(
  target: TableTarget<unknown>,
  builder: ConditionCheckBuilder<unknown>,
  plan: OperationPlan,
): TransactWriteOperation {
  return {
    info: info('ConditionCheck', target, plan),
    render() {
      const input = builder.toInput();
      return {
        element: {
          ConditionCheck: { ...common(input), Key: input.Key, ConditionExpression: input.ConditionExpression },
        },
        access: { kind: 'key', table: target.guarded, key: input.Key },
      };
    },
  };
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
