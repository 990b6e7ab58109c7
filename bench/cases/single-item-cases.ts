import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
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
 * What runWithClient adds to an operation: entering the scope and reading
 * the client back, against the same async call without a scope. Measured on
 * a call that does nothing else, because the cost (about a microsecond) would
 * drown in the noise of a whole request.
 */
export function contextCases(client: DynamoDBClient): NamedPair[] {
  const operation = async () => currentClient() ?? client;
  return [
    {
      name: 'runWithClient overhead',
      raw: operation,
      fluent: () => runWithClient(client, operation),
    },
  ];
}
