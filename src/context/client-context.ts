import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { globalSingleton } from '../internal/global-singleton.js';

/** Shared by the ESM and CommonJS copies of the package (see global-singleton). */
const storage = globalSingleton('client-context', () => new AsyncLocalStorage<DynamoDBClient>());

/**
 * Runs `fn` with `client` as the ambient DynamoDB client of its whole async
 * call tree. Uses `AsyncLocalStorage.run` (never `enterWith`), so the client
 * cannot leak past the end of `fn` into the caller or into other requests.
 */
export function runWithClient<R>(client: DynamoDBClient, fn: () => R): R {
  return storage.run(client, fn);
}

/** The client of the innermost `runWithClient` around the caller, if any. */
export function currentClient(): DynamoDBClient | undefined {
  return storage.getStore();
}

/** Client precedence of CONTRACT.md section 3: explicit > ambient > default. */
export function resolveClient(explicit: DynamoDBClient | undefined, fallback: DynamoDBClient): DynamoDBClient {
  return explicit ?? storage.getStore() ?? fallback;
}
