import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { storedItem } from '../cases/bench-item.js';
import { cannedHandler } from './canned-handler.js';

/** A real DynamoDBClient (signing, serialisation, parsing) whose transport answers at once. */
export function cannedClient(): DynamoDBClient {
  const items = Array.from({ length: 100 }, (_, i) => storedItem(i));
  return new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: cannedHandler({
      GetItem: JSON.stringify({ Item: storedItem(1) }),
      PutItem: '{}',
      UpdateItem: '{}',
      DeleteItem: '{}',
      Query: JSON.stringify({ Items: items, Count: items.length, ScannedCount: items.length }),
    }),
  });
}
