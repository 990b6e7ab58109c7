import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testClient } from '../../support/dynamo.js';

/** A client of the DynamoDB Local database of `accessKeyId` that counts what it sends. */
export function countingClientOf(accessKeyId: string): {
  readonly client: DynamoDBClient;
  readonly sent: () => number;
} {
  const counted = testClient(accessKeyId);
  let sent = 0;
  const send = counted.send.bind(counted);
  counted.send = ((...args: Parameters<typeof send>) => {
    sent += 1;
    return send(...args);
  }) as typeof counted.send;
  return { client: counted, sent: () => sent };
}
