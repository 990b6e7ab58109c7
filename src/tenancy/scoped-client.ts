import type { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { markClientTenant } from '../context/client-tenant.js';
import { addSessionBindingStep, addTenantStackSteps, type ExpiredCredentialsHook } from './client-stack-steps.js';
import { tenantIsolationError } from './tenant-errors.js';
import type { ScopedCredentials, TenantSession } from './tenant-session.js';

type Send = (...args: unknown[]) => unknown;

/**
 * The one real DynamoDBClient of a region that every tenant's scoped client of
 * that region delegates to. Its credentials are those of the session the
 * current request runs in (an AsyncLocalStorage set by the scoped client's
 * send), so 10 000 tenants cost 10 000 small objects, not 10 000 clients with
 * their configuration and middleware stacks.
 */
export function createBaseClient(
  config: DynamoDBClientConfig,
  storage: AsyncLocalStorage<TenantSession>,
  beforeUse: () => void,
  onExpiredRetry: ExpiredCredentialsHook,
): DynamoDBClient {
  const credentials = Object.assign(
    async (): Promise<ScopedCredentials> => {
      beforeUse();
      const session = storage.getStore();
      if (!session) {
        throw tenantIsolationError(
          "a tenant provider's DynamoDB client resolved credentials outside of a scoped client's send(): use the clients clientFor() returns",
        );
      }
      return session.credentials();
    },
    // Unless a credentials function says it is memoized, the SDK caches its
    // result until expiry, and would sign the next tenant's request with the
    // previous tenant's credentials. Each session caches its own instead.
    // (The isolation middleware checks every signature regardless.)
    { memoized: true },
  );
  const client = new DynamoDBClient({ ...config, credentials });
  addTenantStackSteps(client.middlewareStack, storage, onExpiredRetry);
  return client;
}

/**
 * A tenant's scoped client: an object whose prototype is the base client, so
 * it is a DynamoDBClient to every caller (instanceof, config, builders), with
 * a `send` that runs the request inside the tenant's session. Its
 * `middlewareStack` is the base's until first read; reading it gives the
 * client a copy of its own (for middleware added to one tenant only, or a
 * DynamoDBDocumentClient built on it), which carries the session itself.
 * `destroy()` does nothing: the provider's `close()` releases the shared pool.
 */
export function createScopedClient(
  base: DynamoDBClient,
  session: TenantSession,
  storage: AsyncLocalStorage<TenantSession>,
): DynamoDBClient {
  const scoped = Object.create(base) as DynamoDBClient;
  const send = base.send as unknown as Send;
  let ownStack: DynamoDBClient['middlewareStack'] | undefined;
  Object.defineProperties(scoped, {
    send: {
      value: (...args: unknown[]) =>
        ownStack ? send.apply(scoped, args) : storage.run(session, () => send.apply(base, args)),
    },
    middlewareStack: {
      get: () => {
        if (!ownStack) {
          ownStack = base.middlewareStack.clone();
          addSessionBindingStep(ownStack, session, storage);
        }
        return ownStack;
      },
      configurable: true,
    },
    destroy: { value: () => undefined },
  });
  markClientTenant(scoped, session.tenantId);
  return scoped;
}
