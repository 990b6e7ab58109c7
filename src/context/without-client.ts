import { clientStorage } from './client-storage.js';

/**
 * Runs `fn` with no ambient client, inside a runWithClient scope or not: its
 * builders use their own withClient() or their repository's client.
 *
 * For work that a request starts but that is not the request's: a cache
 * refresh, a timer, a queue consumer set up lazily on first use. Started
 * inside a tenant's scope, such work would otherwise keep that tenant's
 * client for its whole life (timers and promises inherit their creator's
 * context), and serve other tenants with it.
 */
export function runWithoutClient<R>(fn: () => R): R {
  return clientStorage.run(undefined, fn);
}
