/**
 * A Lambda handler that reads one item with the raw SDK: the baseline of the
 * cold-start rows (bundle size, first request after import).
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { HandlerOptions } from './handler-options.js';

export function createHandler(options: HandlerOptions = {}) {
  const client = new DynamoDBClient({ region: process.env.AWS_REGION ?? 'us-east-1', ...options });
  return async (event: { id: string }) => {
    const out = await client.send(
      new GetItemCommand({ TableName: 'bench', Key: marshall({ pk: `ITEM#${event.id}`, sk: 'PROFILE' }) }),
    );
    return out.Item && unmarshall(out.Item);
  };
}

let handle: ReturnType<typeof createHandler> | undefined;
export const handler = (event: { id: string }) => {
  handle ??= createHandler();
  return handle(event);
};
