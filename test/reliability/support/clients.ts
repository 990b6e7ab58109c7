import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ExecutionContext } from 'ava';

export interface FaultClientOptions {
  /** Letters and digits: DynamoDB Local keeps one database per access key id. */
  readonly accessKeyId: string;
  /** SDK attempts per request, the first included. */
  readonly maxAttempts: number;
  /** The answer must come within this (the request is then abandoned with a TimeoutError). */
  readonly requestTimeoutMs: number;
  readonly connectionTimeoutMs?: number;
}

/**
 * A DynamoDBClient whose request timeout really fires.
 *
 * `createDynamoClient({ timeouts: { requestMs } })` sets the SDK's
 * `requestTimeout` without `throwOnRequestTimeout`, and @smithy/node-http-handler
 * 4.x then only logs a warning when it passes (see the `.failing` test in
 * network-faults.test.ts), so the fault tests build their handler
 * themselves, the way the library should.
 */
export function faultClient(endpoint: string, options: FaultClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: process.env.DYNAMODB_REGION ?? 'us-east-1',
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: 'local' },
    maxAttempts: options.maxAttempts,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
      httpAgent: new Agent({ keepAlive: true, maxSockets: 32 }),
    }),
  });
}

/** The same, destroyed after the test. */
export function faultClientFor(t: ExecutionContext, endpoint: string, options: FaultClientOptions): DynamoDBClient {
  const client = faultClient(endpoint, options);
  t.teardown(() => client.destroy());
  return client;
}

/** Marks what reached the counting client's send path. */
export const NOT_SENT = 'fluent-dynamo reliability: this client never sends';

/**
 * A real DynamoDBClient (so every check of the library applies) that counts the
 * requests that reach it and sends none: `sent` stays 0 when a refusal happened
 * before sending.
 */
export function countingClient(): DynamoDBClient & { readonly sent: number; readonly operations: string[] } {
  const client = new DynamoDBClient({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: { accessKeyId: 'counting', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const operations: string[] = [];
  client.middlewareStack.add(
    (_next, context) => async () => {
      operations.push(String(context.commandName ?? '?').replace(/Command$/, ''));
      throw Object.assign(new Error(NOT_SENT), { name: 'NotSent' });
    },
    { step: 'initialize', name: 'reliabilityCountingClient' },
  );
  Object.defineProperty(client, 'sent', { get: () => operations.length });
  Object.defineProperty(client, 'operations', { value: operations });
  return client as DynamoDBClient & { readonly sent: number; readonly operations: string[] };
}

/** A client that answers every request with an empty success, recording the inputs (to look at chunking). */
export function recordingClient(): DynamoDBClient & { readonly inputs: Array<{ operation: string; input: unknown }> } {
  const client = new DynamoDBClient({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    credentials: { accessKeyId: 'recording', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const inputs: Array<{ operation: string; input: unknown }> = [];
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      inputs.push({ operation: String(context.commandName ?? '?').replace(/Command$/, ''), input: args.input });
      return { output: { $metadata: {}, UnprocessedItems: {}, Responses: {}, UnprocessedKeys: {} }, response: {} };
    },
    { step: 'initialize', name: 'reliabilityRecordingClient' },
  );
  Object.defineProperty(client, 'inputs', { value: inputs });
  return client as DynamoDBClient & { readonly inputs: Array<{ operation: string; input: unknown }> };
}
