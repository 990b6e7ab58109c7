import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../errors/errors.js';

export interface TableOptions {
  /** The default client: used when neither withClient() nor runWithClient() gives one. */
  client: DynamoDBClient;
}

export function clientOf(options: TableOptions, label: string): DynamoDBClient {
  const client = options?.client;
  if (!client || typeof (client as { send?: unknown }).send !== 'function') {
    throw new InvalidRequestError(`${label}: a DynamoDBClient is needed (new Repository(Entity, client))`);
  }
  return client;
}
