import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { checkIndexKeysOfItem } from './guard-index-keys.js';
import { partitionKeysOf } from './key-schemas.js';
import { refuse, show } from './refuse.js';
import { currentTenantScope, type TenantScope } from './tenant-scope.js';

type Item = Record<string, AttributeValue>;

/** The parts of the SDK inputs the guard reads. */
interface GuardedInput {
  readonly TableName?: string;
  readonly IndexName?: string;
  readonly Key?: Item;
  readonly Item?: Item;
  readonly KeyConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Item;
  readonly RequestItems?: Record<
    string,
    { Keys?: Item[] } | Array<{ PutRequest?: { Item?: Item }; DeleteRequest?: { Key?: Item } }>
  >;
  readonly TransactItems?: ReadonlyArray<Record<string, { TableName?: string; Key?: Item; Item?: Item } | undefined>>;
}

function partitionAttribute(scope: TenantScope, operation: string, table: string, index?: string): string {
  const keys = partitionKeysOf(table);
  const attribute = index === undefined ? keys?.table : keys?.indexes.get(index);
  if (attribute === undefined) {
    refuse(
      scope,
      operation,
      table,
      `the partition key of ${index ? `index ${index}` : 'the table'} is unknown, so it cannot be checked (use a Repository, or give DynamoDbTable its partitionKey and indexes)`,
    );
  }
  return attribute;
}

function checkItem(scope: TenantScope, operation: string, table: string | undefined, item: Item | undefined): void {
  const name = table ?? '(no table)';
  const attribute = partitionAttribute(scope, operation, name);
  const value = item?.[attribute];
  if (!scope.owns(value))
    refuse(scope, operation, name, `partition key ${attribute} = ${show(value)} is another tenant's`);
}

/** A written item: its table partition key, and every tenant-prefixed index key it carries. */
function checkWrittenItem(scope: TenantScope, operation: string, table: string | undefined, item: Item | undefined) {
  checkItem(scope, operation, table, item);
  if (item) checkIndexKeysOfItem(scope, operation, table ?? '(no table)', item);
}

function queryPartition(input: GuardedInput, attribute: string): AttributeValue | undefined {
  const alias = Object.entries(input.ExpressionAttributeNames ?? {}).find(([, name]) => name === attribute)?.[0];
  if (!alias || !input.KeyConditionExpression) return undefined;
  // fluent-dynamo renders key conditions as `#alias = :vN` for the partition equality.
  const at = input.KeyConditionExpression.indexOf(`${alias} = :`);
  const placeholder =
    at < 0 ? undefined : /^:[A-Za-z0-9_]+/.exec(input.KeyConditionExpression.slice(at + alias.length + 3))?.[0];
  return placeholder ? input.ExpressionAttributeValues?.[placeholder] : undefined;
}

/**
 * Checks one request against the tenant scope around the caller (if any)
 * before it is sent: every partition key it touches must be the tenant's.
 */
export function guardRequest(operation: string, input: object): void {
  const scope = currentTenantScope();
  if (!scope) return;
  const request = input as GuardedInput;
  const table = request.TableName ?? '(no table)';
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      checkItem(scope, operation, request.TableName, request.Key);
      return;
    case 'PutItem':
      checkWrittenItem(scope, operation, request.TableName, request.Item);
      return;
    case 'Query': {
      const attribute = partitionAttribute(scope, operation, table, request.IndexName);
      const value = queryPartition(request, attribute);
      if (!scope.owns(value))
        refuse(scope, operation, table, `partition key ${attribute} = ${show(value)} is another tenant's`);
      return;
    }
    case 'Scan':
      if (!scope.allowScan)
        refuse(
          scope,
          operation,
          table,
          "a scan reads every tenant's items (pass allowScan to the scope if this one is meant to)",
        );
      return;
    case 'BatchGetItem':
    case 'BatchWriteItem':
      for (const [name, entry] of Object.entries(request.RequestItems ?? {})) {
        if (Array.isArray(entry)) {
          for (const write of entry) {
            if (write.PutRequest) checkWrittenItem(scope, operation, name, write.PutRequest.Item);
            else checkItem(scope, operation, name, write.DeleteRequest?.Key);
          }
        } else {
          for (const key of entry.Keys ?? []) checkItem(scope, operation, name, key);
        }
      }
      return;
    case 'TransactWriteItems':
    case 'TransactGetItems':
      for (const entry of request.TransactItems ?? []) {
        for (const op of Object.values(entry)) {
          if (!op) continue;
          if (op.Item) checkWrittenItem(scope, operation, op.TableName, op.Item);
          else checkItem(scope, operation, op.TableName, op.Key);
        }
      }
      return;
    default:
      refuse(scope, operation, table, 'this operation cannot be checked');
  }
}
