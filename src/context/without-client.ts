import { APPLICATION_CONTEXT, contextStorage } from './context-storage.js';

/**
 * Runs `fn` as application work: no ambient client and no tenant scope,
 * inside a request or not; its builders use their own withClient() or their
 * repository's client (also while tenant isolation refuses that fallback to
 * code that runs in no context at all).
 *
 * For work that a request starts but that is not the request's: a cache
 * refresh, a timer, a queue consumer set up lazily on first use. Started
 * inside a tenant's scope, such work would otherwise keep that tenant's
 * client and scope for its whole life (timers and promises inherit their
 * creator's context), and serve other tenants with them. Also for start-up
 * and jobs of an application whose tenant middleware has isolation.
 */
export function runWithoutClient<R>(fn: () => R): R {
  return contextStorage.run(APPLICATION_CONTEXT, fn);
}
