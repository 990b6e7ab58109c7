import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { globalSingleton } from '../internal/global-singleton.js';

/**
 * The one AsyncLocalStorage behind runWithClient, currentClient and the
 * bind helpers. Shared by the ESM and CommonJS copies of the package (see
 * global-singleton), so a scope opened through one copy is seen by builders
 * of the other. `undefined` as a store means "no ambient client": that is
 * how runWithoutClient and a snapshot taken outside any scope clear it.
 *
 * @internal
 */
export const clientStorage: AsyncLocalStorage<DynamoDBClient | undefined> = globalSingleton(
  'client-context',
  () => new AsyncLocalStorage<DynamoDBClient | undefined>(),
);
