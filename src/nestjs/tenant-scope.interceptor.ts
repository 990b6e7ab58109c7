import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Observable, Subscriber, TeardownLogic } from 'rxjs';
import { ConfigurationError } from '../clients/configuration-error.js';
import { clientContextSnapshot } from '../context/bind.js';
import { bindStreamContext } from '../context/bind-stream.js';
import { runInTenantContext } from '../context/client-context.js';
import type { TenantResolution } from '../middleware/shared/resolve-tenant.js';
import type { FluentDynamoResources } from './resources.js';
import { TenantRefusedException } from './tenant-refused.exception.js';
import type { TenantRequest } from './tenant-request.js';
import { FLUENT_DYNAMO_RESOURCES } from './tokens.js';

type ObservableClass = new <T>(subscribe: (subscriber: Subscriber<T>) => TeardownLogic) => Observable<T>;

/**
 * `source`, run in the request's context (`run`): Nest subscribes to a
 * handler's result from its router, after `intercept()` returned and outside
 * the tenant context, and a cold Observable (`defer`, `new Observable`,
 * `switchMap`...) does its work when it is subscribed. Subscribing to it
 * inside `run` gives that work, and everything it schedules (promises,
 * timers, inner subscriptions), the tenant's client and scope; unsubscribing
 * runs in it too (teardowns, `finalize`). Values, errors and completion are
 * handed back in the subscriber's own context, so the interceptors listed
 * before this one and Nest's response code run as they would without it.
 *
 * Each StreamableFile's stream is bound to `run` as well: Nest pipes it to
 * the response from its own code, after the handler returned, so a lazily
 * generated file would otherwise be read with no client and no scope.
 *
 * Built with the source's own Observable class: rxjs is Nest's dependency,
 * not fluent-dynamo's, and is not imported here.
 */
function runInRequestContext(source: Observable<unknown>, run: ReturnType<typeof clientContextSnapshot>) {
  const Observable = source.constructor as ObservableClass;
  return new Observable<unknown>((subscriber) => {
    // The subscriber's context (Nest's, or an outer interceptor's), captured before entering the tenant's.
    const back = clientContextSnapshot();
    const subscription = run(() =>
      source.subscribe({
        next: (value) => {
          if (value instanceof StreamableFile) bindStreamContext(value.getStream(), run);
          back(() => subscriber.next(value));
        },
        error: (error: unknown) => back(() => subscriber.error(error)),
        complete: () => back(() => subscriber.complete()),
      }),
    );
    return () => run(() => subscription.unsubscribe());
  });
}

/**
 * Runs a route handler, and everything it awaits, with its tenant's client
 * as the ambient client (`runWithClient`), and in its tenant's scope with
 * isolation (the module's `tenantContext.isolation`, else the provider's), or
 * refuses the request. An Observable the handler returns is subscribed in
 * that context (its work runs in it, however late Nest subscribes), and a
 * `StreamableFile` it returns is read in it.
 *
 * An interceptor rather than a guard (which cannot wrap the handler) or a
 * middleware (platform-specific, and blind to route parameters): guards
 * (authentication) have run, so `req.user` is known; pipes, interceptors
 * listed after this one and the handler run inside the scope. Exception
 * filters and interceptors listed before it (global ones) run outside.
 * Default-scoped: one instance serves every request.
 *
 * Imports only the rxjs types (erased): rxjs is Nest's peer dependency, not
 * fluent-dynamo's, and strict package managers would not resolve it from here.
 */
@Injectable()
export class TenantScopeInterceptor implements NestInterceptor {
  readonly #resources: FluentDynamoResources;
  readonly #adapterHost: HttpAdapterHost;

  // Explicit tokens: DI must not depend on emitted design types (which a type-only import would erase).
  constructor(
    @Inject(FLUENT_DYNAMO_RESOURCES) resources: FluentDynamoResources,
    @Inject(HttpAdapterHost) adapterHost: HttpAdapterHost,
  ) {
    // At start-up, not on the first request.
    if (!resources.resolveTenant) {
      throw new ConfigurationError('@TenantScoped() needs FluentDynamoModule.forRoot({ tenants })', 'tenants');
    }
    this.#resources = resources;
    this.#adapterHost = adapterHost;
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') {
      // Running the handler unscoped would send it to the default client: refuse instead.
      throw new ConfigurationError(
        `@TenantScoped() serves HTTP routes; ${context.getType()} handlers need tenants.run(tenantId, principal, fn)`,
        'tenantContext',
      );
    }
    const http = context.switchToHttp();
    const resolve = this.#resources.resolveTenant as (req: TenantRequest) => Promise<TenantResolution>;
    const resolution = await resolve(http.getRequest<TenantRequest>());
    if (resolution.kind === 'refused') {
      const { refusal } = resolution;
      const response = http.getResponse<unknown>();
      for (const [name, value] of Object.entries(refusal.headers)) {
        this.#adapterHost.httpAdapter.setHeader(response, name, value);
      }
      throw new TenantRefusedException(refusal);
    }
    const { client, scope, tenantId } = resolution;
    // handle() captures the async context it is called in, which runs the
    // handler itself in the scope; what the handler returns is subscribed
    // later, by Nest, from outside it: runInRequestContext subscribes in it.
    return runInTenantContext(
      client,
      scope,
      () => runInRequestContext(next.handle(), clientContextSnapshot()),
      tenantId,
    );
  }
}
