import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { clientStorage } from '../../src/context/client-storage.js';
import { currentClient, fieldsOf, keysOf, Repository, runWithClient } from '../../src/index.js';
import type { Pair } from '../harness/measure.js';
import { BenchItem, benchItem, plainItem } from './bench-item.js';

const F = fieldsOf(BenchItem);
const K = keysOf(BenchItem);

export interface NamedPair extends Pair {
  readonly name: string;
}

/**
 * Each operation done the way a raw-SDK user would write it (marshall /
 * unmarshall, hand-written expressions) and through fluent-dynamo, on the
 * same client. Budgets compare the two.
 */
export function singleItemCases(client: DynamoDBClient, tableName: string): NamedPair[] {
  const repo = new Repository(BenchItem, { client, tableName });
  const entity = benchItem(1);
  const plain = plainItem(1);
  const key = { pk: 'ITEM#1', sk: 'PROFILE' };
  return [
    {
      name: 'get',
      raw: async () => {
        const out = await client.send(new GetItemCommand({ TableName: tableName, Key: marshall(key) }));
        return out.Item && unmarshall(out.Item);
      },
      fluent: () => repo.get.withKey({ id: '1', kind: 'PROFILE' }).execute(),
    },
    {
      name: 'put',
      raw: () =>
        client.send(
          new PutItemCommand({ TableName: tableName, Item: marshall(plain, { removeUndefinedValues: true }) }),
        ),
      fluent: () => repo.put.withItem(entity).execute(),
    },
    {
      name: 'update with condition',
      raw: () =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall(key),
            UpdateExpression: 'SET #name = :name, #score = #score + :inc',
            ConditionExpression: '#status = :status',
            ExpressionAttributeNames: { '#name': 'name', '#score': 'score', '#status': 'status' },
            ExpressionAttributeValues: marshall({ ':name': 'Jane', ':inc': 1, ':status': 'active' }),
          }),
        ),
      fluent: () =>
        repo.update
          .withKey({ id: '1', kind: 'PROFILE' })
          .set(`SET ${F.name} = {0}, ${F.score} = ${F.score} + {1}`, 'Jane', 1)
          .where(`${F.status} = {0}`, 'active')
          .execute(),
    },
    {
      name: 'query 100 items',
      raw: async () => {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': 'pk' },
            ExpressionAttributeValues: marshall({ ':pk': 'ITEM#1' }),
          }),
        );
        return (out.Items ?? []).map((item) => unmarshall(item));
      },
      fluent: () => repo.query.where(`${F.id} = {0}`, K.pk('1')).execute(),
    },
  ];
}

/**
 * What runWithClient adds to an operation. Two costs, measured apart:
 *
 * - `runWithClient overhead` (the budget): entering the scope and reading the
 *   client back, against the same async call without a scope. Measured on a
 *   call that does nothing else, because the cost (a fraction of a
 *   microsecond) would drown in the noise of a whole request.
 * - `runWithClient + get`: a fluent get inside a scope against the raw SDK's
 *   get in a process where no AsyncLocalStorage is enabled. On Node 20 an
 *   enabled AsyncLocalStorage turns on async_hooks promise hooks for the
 *   whole process, and every promise of every request (the SDK's middleware
 *   makes dozens) pays for them, whichever client it runs on. The raw side
 *   disables the storage before it runs, so this row shows that cost.
 */
export function contextCases(client: DynamoDBClient, tableName: string): NamedPair[] {
  const operation = async () => currentClient() ?? client;
  const [get] = singleItemCases(client, tableName);
  if (!get) throw new Error('no get case');
  return [
    {
      name: 'runWithClient overhead',
      raw: operation,
      fluent: () => runWithClient(client, operation),
    },
    {
      name: 'runWithClient + get',
      raw: () => {
        // A no-op but for the first call of each turn (the fluent side enables it again).
        clientStorage.disable();
        return get.raw();
      },
      fluent: () => runWithClient(client, get.fluent),
    },
  ];
}
