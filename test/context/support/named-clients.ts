import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Clients that never send anything: scope tests only compare identities.
 * The access key id names each one, so a failure message says which leaked.
 */
export function namedClient(name: string): DynamoDBClient {
  return new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: name, secretAccessKey: 'unused' },
  });
}

/** The name of a namedClient (or 'none'), for readable assertions. */
export async function nameOf(client: DynamoDBClient | undefined): Promise<string> {
  if (!client) return 'none';
  const credentials = client.config.credentials;
  return (await credentials()).accessKeyId;
}
