import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../src/clients/index.js';

/**
 * The "Testing with LocalStack or DynamoDB Local" client: an
 * endpoint (its ServiceURL) and a region; DynamoDB Local accepts any
 * credentials, but the access key id selects the database (letters and
 * digits only).
 */
export function localDynamoClient(
  endpoint = process.env.DYNAMODB_ENDPOINT ?? 'http://localhost:8000',
  accessKeyId = 'local',
): DynamoDBClient {
  return createDynamoClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'local' },
  });
}
