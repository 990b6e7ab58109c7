import {
  BatchGetItemCommand,
  type DynamoDBClient,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { BatchGetItemRequestBuilder, Repository, TransactWriteItemsRequestBuilder } from '../../src/index.js';
import { BenchItem, benchItem, plainItem } from './bench-item.js';
import type { NamedPair } from './single-item-cases.js';

/** Keys read by the batch get: items 0..99, which the canned BatchGetItem response holds. */
export const BATCH_GET_KEYS = 100;
/** Items written by the transaction. */
export const TRANSACT_ITEMS = 10;

/**
 * The multi-item operations, raw SDK against fluent-dynamo on the same
 * client: a BatchGetItem of 100 keys (one request, as 100 is DynamoDB's
 * limit) and a TransactWriteItems of 10 puts. Each side converts its keys
 * or items inside the measured call, as a request handler would.
 */
export function multiItemCases(client: DynamoDBClient, tableName: string): NamedPair[] {
  const repo = new Repository(BenchItem, { client, tableName });
  const ids = Array.from({ length: BATCH_GET_KEYS }, (_, i) => String(i));
  const entities = Array.from({ length: TRANSACT_ITEMS }, (_, i) => benchItem(i));
  const plains = Array.from({ length: TRANSACT_ITEMS }, (_, i) => plainItem(i));
  return [
    {
      name: 'batch get 100 keys',
      raw: async () => {
        const out = await client.send(
          new BatchGetItemCommand({
            RequestItems: { [tableName]: { Keys: ids.map((id) => marshall({ pk: `ITEM#${id}`, sk: 'PROFILE' })) } },
          }),
        );
        // A raw user with one request of at most 100 keys still has to look at UnprocessedKeys.
        if (Object.keys(out.UnprocessedKeys ?? {}).length > 0) throw new Error('unexpected UnprocessedKeys');
        return (out.Responses?.[tableName] ?? []).map((item) => unmarshall(item));
      },
      fluent: async () => {
        const batch = new BatchGetItemRequestBuilder(client);
        for (const id of ids) batch.get(repo, (b) => b.withKey({ id, kind: 'PROFILE' }));
        return (await batch.execute()).itemsOf(repo);
      },
    },
    {
      name: 'transact write 10 items',
      raw: () => {
        const items: TransactWriteItem[] = plains.map((plain) => ({
          Put: { TableName: tableName, Item: marshall(plain, { removeUndefinedValues: true }) },
        }));
        return client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      },
      fluent: () => {
        const tx = new TransactWriteItemsRequestBuilder(client);
        for (const entity of entities) tx.put(repo, (b) => b.withItem(entity));
        return tx.execute();
      },
    },
  ];
}
