import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CursorOptions } from '../builders/read/cursor-options.js';
import { isDynamoClient } from '../context/client-context.js';
import { InvalidRequestError } from '../errors/errors.js';

export interface TableOptions {
  /** The default client: used when neither withClient() nor runWithClient() gives one. */
  client: DynamoDBClient;
  /**
   * How the `cursor` of query and scan pages is protected: `{ secret }` encrypts
   * it, `{ secret, mode: 'signed' }` signs it. Default: the process-wide
   * `configureCursors()` options, else unkeyed (checksummed, readable) cursors.
   */
  cursors?: CursorOptions;
}

export function clientOf(options: TableOptions, label: string): DynamoDBClient {
  const client = options?.client;
  if (!isDynamoClient(client)) {
    throw new InvalidRequestError(`${label}: a DynamoDBClient is needed (new Repository(Entity, client))`);
  }
  return client;
}
