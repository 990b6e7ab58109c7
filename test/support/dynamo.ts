import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random lowercase letters and digits. */
export function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

/** The DynamoDB Local started by `npm test` (scripts/test.mjs), from DYNAMODB_ENDPOINT. */
export function testEndpoint(): string {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    throw new Error(
      'DYNAMODB_ENDPOINT is not set: run the tests with `npm test` (it starts DynamoDB Local), ' +
        'or set DYNAMODB_ENDPOINT to a running DynamoDB Local',
    );
  }
  return endpoint;
}

/**
 * A client for the test DynamoDB Local. DynamoDB Local keeps one database per
 * access key id (letters and digits only) and region, so the default, a random
 * key per call, gives each caller a database of its own: call it once per test
 * file (or pass the same key) when several clients must see the same tables.
 */
export function testClient(
  accessKeyId: string = `t${randomAlphanumeric(15)}`,
  options: TestClientOptions = {},
): DynamoDBClient {
  if (!/^[A-Za-z0-9]+$/.test(accessKeyId)) {
    throw new Error(`testClient: access key ids must be letters and digits only, got ${JSON.stringify(accessKeyId)}`);
  }
  return new DynamoDBClient({
    endpoint: options.endpoint ?? testEndpoint(),
    region: process.env.DYNAMODB_REGION ?? 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'local' },
    maxAttempts: options.maxAttempts ?? 3,
  });
}

export interface TestClientOptions {
  /** Another way to the same DynamoDB Local (a fault proxy's endpoint in front of it). Default: testEndpoint(). */
  readonly endpoint?: string;
  /** The SDK's attempts per request. Default 3. */
  readonly maxAttempts?: number;
}

/** A valid, unique table name starting with `prefix` (characters DynamoDB rejects become '-'). */
export function uniqueTableName(prefix: string): string {
  const safe = prefix.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 200) || 'table';
  return `${safe}-${Date.now().toString(36)}-${randomAlphanumeric(8)}`;
}
