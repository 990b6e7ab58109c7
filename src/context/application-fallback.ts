import { TenantIsolationError } from '../errors/errors.js';
import { globalSingleton } from '../internal/global-singleton.js';

/**
 * Whether a builder may send with its repository's own client when it runs
 * in no context at all. Once a tenant entry point with isolation exists
 * (expressTenantContext, koaTenantContext, `@TenantScoped()`), a request's work
 * that lost its context (a stream read by the framework after the middleware
 * returned, a callback fired from elsewhere) would otherwise go out silently
 * on the application's credentials, past STS and past the key guard.
 *
 * Process-wide (one per process, like the context itself): the library cannot
 * tell a request that lost its context from application code, so application
 * code says what it is with runWithoutClient.
 */
interface FallbackPolicy {
  /** The entry points that asked for the refusal, for the message; empty: the fallback is allowed. */
  readonly refusedBy: Set<string>;
}

const policy = globalSingleton<FallbackPolicy>('application-client-fallback', () => ({ refusedBy: new Set() }));

/** Called by a tenant entry point with isolation when it is created. @internal */
export function refuseApplicationClientFallback(owner: string): void {
  policy.refusedBy.add(owner);
}

/** Whether a builder outside any context is refused its repository's client. @internal */
export function applicationClientFallbackRefused(): boolean {
  return policy.refusedBy.size > 0;
}

/** The refusal a builder outside any context gets while the fallback is refused. @internal */
export function applicationClientFallbackError(): TenantIsolationError {
  const owners = [...policy.refusedBy].join(', ');
  return new TenantIsolationError(
    `a request would be sent with its repository's own (application) client from outside any tenant context, ` +
      `while tenant isolation is on (${owners}); it was not sent. Work of a request that lost its context ` +
      '(a callback or stream run by someone else) keeps it with bindClientContext / bindStreamContext; ' +
      "application work (start-up, jobs, admin) runs in runWithoutClient(fn); or give isolation: { applicationClientFallback: 'allow' } to allow the fallback",
  );
}
