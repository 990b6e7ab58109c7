/**
 * The steps tenant scoping adds to a DynamoDB client's AWS SDK middleware stack
 * (the SDK's per-request pipeline of initialize/serialize/build/finalize steps;
 * nothing to do with HTTP server middleware).
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { contextStorage } from '../context/context-storage.js';
import { tenantIsolationError } from './tenant-errors.js';
import type { TenantSession } from './tenant-session.js';

type Stack = DynamoDBClient['middlewareStack'];

/** Where the isolation check leaves the access key id a request was signed with, for the retry to compare. */
const SIGNED_KEY = Symbol('fluent-dynamo.signed-access-key-id');

/** DynamoDB's answers to credentials that expired or were never valid: renewing them can help. */
const EXPIRED_CREDENTIALS = new Set(['ExpiredTokenException', 'ExpiredToken', 'UnrecognizedClientException']);

export type ExpiredCredentialsHook = (session: TenantSession, code: string, operation: string | undefined) => void;

function signedAccessKeyId(request: unknown): string | undefined {
  const headers = (request as { headers?: Record<string, string | undefined> } | undefined)?.headers;
  const authorization = headers?.authorization ?? headers?.Authorization;
  return authorization ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : undefined;
}

/** The operation (`GetItem` of `GetItemCommand`) and the table of a refused request, as far as they are known. */
function requestDetails(commandName: string | undefined, input: unknown): { operation?: string; table?: string } {
  const table = (input as { TableName?: unknown } | undefined)?.TableName;
  return {
    operation: commandName?.replace(/Command$/, ''),
    table: typeof table === 'string' ? table : undefined,
  };
}

function errorName(error: unknown): string {
  return (error as { name?: unknown } | undefined)?.name as string;
}

/**
 * The tenant whose client should send in the context around the caller, when it is not `tenantId`. Where the
 * context was given a tenant's scoped client (the tenant middleware, `@TenantScoped()`, the provider's run(),
 * runWithClient of a provider's client), that client's tenant: also where the request's tenant is another one
 * the application serves with it (a pooled tenant on the pool's client), and whatever client an inner
 * runWithClient makes ambient. Otherwise the context's tenant and its scope's tenant both count, so neither
 * can be the one that lets another tenant's client through.
 */
function otherAmbientTenant(tenantId: string): string | undefined {
  const context = contextStorage.getStore();
  if (context === undefined) return undefined;
  if (context.clientTenant !== undefined) return context.clientTenant !== tenantId ? context.clientTenant : undefined;
  if (context.tenantId !== undefined && context.tenantId !== tenantId) return context.tenantId;
  const scoped = context.scope?.tenantId;
  return scoped !== undefined && scoped !== tenantId ? scoped : undefined;
}

/**
 * Adds three steps to a base client's SDK middleware stack:
 *
 * - a context check (initialize step, before credentials are resolved): a
 *   scoped client refuses to send inside another tenant's request context. A
 *   client kept from acme's request (a module variable, a cache) and used in
 *   globex's request would otherwise go out signed with acme's session while
 *   the operation's events and metering name globex. Outside any tenant
 *   context (a background job) the client works as its own tenant's.
 * - a retry (initialize step, so the retry resolves credentials and signs
 *   again): a request refused with ExpiredToken / UnrecognizedClient drops its
 *   session's credentials (if they are still the current ones) and runs once
 *   more, on renewed ones. Every builder gets it, since builders only call
 *   `client.send`.
 * - an isolation check right after signing: the request must be signed with
 *   credentials of the session it runs for. It does not trust how the SDK
 *   resolves credentials; it reads the signature that goes on the wire.
 */
export function addTenantStackSteps(
  stack: Stack,
  storage: AsyncLocalStorage<TenantSession>,
  onExpiredRetry: ExpiredCredentialsHook,
): void {
  stack.add(
    (next, context) => async (args) => {
      const session = storage.getStore();
      const ambient = session && otherAmbientTenant(session.tenantId);
      if (session && ambient !== undefined) {
        throw tenantIsolationError(
          `tenant ${session.tenantId}'s DynamoDB client was used in tenant ${ambient}'s context; the request was not ` +
            `sent. Inside a request, take the client of its tenant from the provider (clientFor(), run()) or from ` +
            'currentClient(), never one kept from another request',
          { tenantId: session.tenantId, ...requestDetails(context.commandName, args.input) },
        );
      }
      return next(args);
    },
    { step: 'initialize', name: 'fluentDynamoTenantContextCheck', tags: ['FLUENT_DYNAMO_TENANT'] },
  );
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const session = storage.getStore();
        const code = errorName(error);
        if (!session || !EXPIRED_CREDENTIALS.has(code)) throw error;
        const used = (context as unknown as Record<symbol, string | undefined>)[SIGNED_KEY];
        session.invalidate(used);
        onExpiredRetry(session, code, context.commandName);
        return next(args);
      }
    },
    { step: 'initialize', name: 'fluentDynamoExpiredCredentialsRetry', tags: ['FLUENT_DYNAMO_TENANT'] },
  );
  const isolation: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> =
    (next, context) => async (args) => {
      const session = storage.getStore();
      if (!session) {
        throw tenantIsolationError(
          'a tenant-scoped DynamoDB request ran outside of its tenant scope',
          requestDetails(context.commandName, args.input),
        );
      }
      const accessKeyId = signedAccessKeyId(args.request);
      if (accessKeyId === undefined || !session.ownsKey(accessKeyId)) {
        throw tenantIsolationError(
          `a DynamoDB request of tenant ${session.tenantId} was signed with credentials its session did not issue; it was not sent`,
          { tenantId: session.tenantId, ...requestDetails(context.commandName, args.input) },
        );
      }
      (context as unknown as Record<symbol, string>)[SIGNED_KEY] = accessKeyId;
      return next(args);
    };
  stack.addRelativeTo(isolation, {
    relation: 'after',
    toMiddleware: 'httpSigningMiddleware',
    name: 'fluentDynamoTenantIsolation',
    tags: ['FLUENT_DYNAMO_TENANT'],
  });
}

/** Adds to a scoped client's own SDK middleware stack the step that runs the rest of the chain inside its session. */
export function addSessionBindingStep(
  stack: Stack,
  session: TenantSession,
  storage: AsyncLocalStorage<TenantSession>,
): void {
  stack.add((next) => (args) => storage.run(session, () => next(args)), {
    step: 'initialize',
    priority: 'high',
    name: 'fluentDynamoTenantSession',
    tags: ['FLUENT_DYNAMO_TENANT'],
  });
}
