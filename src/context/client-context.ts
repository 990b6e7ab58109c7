import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../errors/errors.js';
import { clientStorage } from './client-storage.js';

/** True for anything that can send a command: a DynamoDBClient (or a compatible double). */
export function isDynamoClient(client: unknown): client is DynamoDBClient {
  return typeof client === 'object' && client !== null && typeof (client as { send?: unknown }).send === 'function';
}

/**
 * Runs `fn` with `client` as the ambient DynamoDB client of its whole async
 * call tree. Uses `AsyncLocalStorage.run` (never `enterWith`), so the client
 * cannot leak past the end of `fn` into the caller or into other requests.
 *
 * A missing client is refused rather than treated as "no scope": in a
 * tenant's request that would silently fall back to the repository's
 * (shared) client.
 */
export function runWithClient<R>(client: DynamoDBClient, fn: () => R): R {
  if (!isDynamoClient(client)) throw new InvalidRequestError('runWithClient needs a DynamoDBClient');
  return clientStorage.run(client, fn);
}

/** The client of the innermost `runWithClient` around the caller, if any. */
export function currentClient(): DynamoDBClient | undefined {
  return clientStorage.getStore();
}

/** Client precedence of CONTRACT.md section 3: explicit > ambient > default. */
export function resolveClient(explicit: DynamoDBClient | undefined, fallback: DynamoDBClient): DynamoDBClient {
  return explicit ?? clientStorage.getStore() ?? fallback;
}
