import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

/** How many items a table holds (every page of a COUNT scan). */
export async function countItems(client: DynamoDBClient, tableName: string): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** A client that fails the test if anything is sent: proves a refusal happened before sending. */
export function refusingClient(): DynamoDBClient & { sent: number } {
  const client = {
    sent: 0,
    send() {
      client.sent++;
      return Promise.reject(new Error('this client must not send anything'));
    },
  };
  return client as unknown as DynamoDBClient & { sent: number };
}
