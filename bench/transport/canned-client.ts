import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { storedItem } from '../cases/bench-item.js';
import { cannedHandler } from './canned-handler.js';

/** Items 0..99 as DynamoDB returns them: the Query page and the BatchGetItem response. */
const HUNDRED = Array.from({ length: 100 }, (_, i) => storedItem(i));

/**
 * A real DynamoDBClient (signing, serialisation, parsing) whose transport
 * answers at once: GetItem item 1; Query and BatchGetItem (table `bench`)
 * items 0..99; writes, batch writes and transactions an empty success.
 */
export function cannedClient(tableName = 'bench'): DynamoDBClient {
  return new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: cannedHandler({
      GetItem: JSON.stringify({ Item: storedItem(1) }),
      PutItem: '{}',
      UpdateItem: '{}',
      DeleteItem: '{}',
      Query: JSON.stringify({ Items: HUNDRED, Count: HUNDRED.length, ScannedCount: HUNDRED.length }),
      BatchGetItem: JSON.stringify({ Responses: { [tableName]: HUNDRED }, UnprocessedKeys: {} }),
      TransactWriteItems: '{}',
      BatchWriteItem: JSON.stringify({ UnprocessedItems: {} }),
    }),
  });
}
