// A @TenantScoped() handler may return a cold Observable: its work (a defer factory, a subscribe function, the
// projection of a switchMap, a timer) runs when Nest subscribes to it, from its router, after the interceptor
// returned. That work must still run on the tenant's client and in its scope, never on the application's client.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  Injectable,
  type NestInterceptor,
  Query,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import test from 'ava';
import { defer, finalize, from, interval, Observable, of, switchMap, tap, throwError, timer } from 'rxjs';
import {
  Attribute,
  currentClient,
  currentTenant,
  currentTenantScope,
  PartitionKey,
  Repository,
  Table,
} from '../../src/index.js';
import type { TenantClaims, TenantClientProvider } from '../../src/middleware/shared/types.js';
import {
  FluentDynamoModule,
  type FluentDynamoModuleOptions,
  TenantScoped,
  TenantScopeInterceptor,
} from '../../src/nestjs/index.js';
import { namedClient, nameOf } from '../context/support/named-clients.js';
import { FakeProvider } from '../middleware/support/fake-provider.js';
import { as, fetchJson } from '../middleware/support/http.js';
import { recordingClient } from '../support/recording-client.js';
import { type RunningApp, startApp } from './support/nest-app.js';
import { TestAuthGuard } from './support/test-auth.guard.js';

/** What the code running now sees of the tenant context. */
async function seen() {
  return {
    client: await nameOf(currentClient()),
    tenant: currentTenant() ?? null,
    scope: currentTenantScope()?.tenantId ?? null,
  };
}

/** What every interceptor listed before @TenantScoped() saw when the handler's values went through it. */
const outside: Array<string | null> = [];

/** An interceptor listed before the scope (like a global one): it runs outside it, values included. */
@Injectable()
class Outer implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(tap(() => outside.push(currentTenant() ?? null)));
  }
}

@Controller('t/:tenantId')
@UseGuards(TestAuthGuard)
@TenantScoped()
// Applied first (decorators run bottom-up), so listed first: Outer wraps the scope.
@UseInterceptors(Outer)
class ObservableController {
  @Get('promise')
  async promise() {
    return seen();
  }

  @Get('defer')
  deferred() {
    return defer(() => from(seen()));
  }

  @Get('observable')
  observable() {
    return new Observable((subscriber) => {
      seen().then(
        (value) => {
          subscriber.next(value);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
    });
  }

  @Get('switchmap')
  switched() {
    return of(1).pipe(switchMap(() => from(seen())));
  }

  @Get('timer')
  timed() {
    return timer(2).pipe(switchMap(() => from(seen())));
  }
}

async function appWith(
  t: { teardown(fn: () => Promise<void>): void },
  options: Omit<FluentDynamoModuleOptions, 'client' | 'tenants'> = {},
): Promise<RunningApp> {
  const running = await startApp({
    imports: [FluentDynamoModule.forRoot({ client: namedClient('default'), tenants: new FakeProvider(), ...options })],
    controllers: [ObservableController],
  });
  t.teardown(() => running.close());
  return running;
}

const ROUTES = ['promise', 'defer', 'observable', 'switchmap', 'timer'] as const;

test.serial(
  "a handler's cold Observable does its work on the tenant's client, however late Nest subscribes",
  async (t) => {
    const running = await appWith(t);
    outside.length = 0;
    for (const route of ROUTES) {
      const answer = await fetchJson(running.url(`/t/acme/${route}`), { headers: as('alice', ['acme']) });
      t.is(answer.status, 200, route);
      t.deepEqual(answer.body, { client: 'tenantacme', tenant: 'acme', scope: null }, route);
    }
    t.deepEqual(outside, [null, null, null, null, null], 'interceptors listed before the scope stay outside it');
  },
);

test.serial("with isolation, the Observable's work also runs in the tenant's key guard scope", async (t) => {
  const running = await appWith(t, { tenantContext: { isolation: {} } });
  for (const route of ROUTES) {
    const answer = await fetchJson(running.url(`/t/globex/${route}`), { headers: as('bob', ['globex']) });
    t.deepEqual(answer.body, { client: 'tenantglobex', tenant: 'globex', scope: 'globex' }, route);
  }
});

test.serial('concurrent requests of several tenants each see their own tenant in their Observable', async (t) => {
  const running = await appWith(t);
  const tenants = ['t0', 't1', 't2', 't3', 't4'];
  const order = Array.from({ length: 60 }, (_, i) => ({
    tenant: tenants[(i * 3) % tenants.length] as string,
    route: ROUTES[i % ROUTES.length] as string,
  }));
  const answers = await Promise.all(
    order.map(async ({ tenant, route }, i) => {
      const { body } = await fetchJson(running.url(`/t/${tenant}/${route}`), { headers: as(`u${i}`, [tenant]) });
      return `${body.client}/${body.tenant}`;
    }),
  );
  t.deepEqual(
    answers,
    order.map(({ tenant }) => `tenant${tenant}/${tenant}`),
  );
});

// The consequence on a repository made with the application's client: the request it sends from inside a cold
// Observable must go out on the tenant's client (its STS session), never on the application's.

@Table('observable-docs')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#DOC#{docId}' })
class ObservableDoc {
  @Attribute() docId!: string;
  @Attribute() tenantId!: string;
}

const application = recordingClient();
const tenantClients = { acme: recordingClient(), other: recordingClient() };
const docs = new Repository(ObservableDoc, application.client);

class RecordingProvider implements TenantClientProvider<TenantClaims> {
  async clientFor(tenantId: string, principal?: TenantClaims): Promise<DynamoDBClient> {
    if (!principal?.tenants?.includes(tenantId)) throw new Error('not a member');
    return tenantClients[tenantId as keyof typeof tenantClients].client;
  }
}

@Controller('r/:tenantId')
@UseGuards(TestAuthGuard)
@TenantScoped()
class DocController {
  /** `?as=` reads another tenant's partition: a handler bug the key guard must refuse. */
  @Get('doc')
  doc(@Query('as') as?: string) {
    return defer(() => from(seen())).pipe(
      switchMap(() => from(docs.get.withKey({ tenantId: as ?? 'acme', docId: 'd1' }).execute())),
      switchMap(() => of({ ok: true })),
    );
  }
}

function requestCounts() {
  return {
    application: application.requests.length,
    acme: tenantClients.acme.requests.length,
    other: tenantClients.other.requests.length,
  };
}

function resetRequests() {
  for (const recording of [application, tenantClients.acme, tenantClients.other]) recording.requests.length = 0;
}

test.serial(
  "without isolation, the Observable's request goes out on the tenant's client, none on the application's",
  async (t) => {
    resetRequests();
    const running = await startApp({
      imports: [FluentDynamoModule.forRoot({ client: namedClient('default'), tenants: new RecordingProvider() })],
      controllers: [DocController],
    });
    t.teardown(() => running.close());
    const answer = await fetchJson(running.url('/r/acme/doc'), { headers: as('alice', ['acme']) });
    t.deepEqual([answer.status, answer.body], [200, { ok: true }]);
    t.deepEqual(requestCounts(), { application: 0, acme: 1, other: 0 });
  },
);

test.serial(
  "with isolation, the Observable's own read passes and another tenant's partition is refused unsent",
  async (t) => {
    resetRequests();
    const running = await startApp({
      imports: [
        FluentDynamoModule.forRoot({
          client: namedClient('default'),
          tenants: new RecordingProvider(),
          tenantContext: { isolation: {} },
        }),
      ],
      controllers: [DocController],
    });
    t.teardown(() => running.close());
    const headers = as('alice', ['acme']);
    const own = await fetchJson(running.url('/r/acme/doc'), { headers });
    t.deepEqual([own.status, own.body], [200, { ok: true }]);
    t.deepEqual(requestCounts(), { application: 0, acme: 1, other: 0 });
    const leak = await fetchJson(running.url('/r/acme/doc?as=other'), { headers });
    t.not(leak.status, 200);
    t.deepEqual(requestCounts(), { application: 0, acme: 1, other: 0 }, 'nothing was sent for the other tenant');
  },
);

// The interceptor called directly: what passes through it, and in which context.

function httpContext(tenantId: string, tenants: string[]): ExecutionContext {
  const req = { params: { tenantId }, headers: {}, user: { userId: 'alice', tenants } };
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
}

async function interceptor(t: { teardown(fn: () => Promise<void>): void }): Promise<TenantScopeInterceptor> {
  const running = await appWith(t);
  return running.app.get(TenantScopeInterceptor, { strict: false });
}

test.serial('values, errors and completion pass through, handed back outside the tenant context', async (t) => {
  const scope = await interceptor(t);
  const source = defer(() => from(seen()));
  const result = await scope.intercept(httpContext('acme', ['acme']), { handle: () => source });
  const events = await new Promise<unknown[]>((resolve) => {
    const got: unknown[] = [];
    result.subscribe({
      next: (value) => got.push({ value, deliveredIn: currentTenant() ?? null }),
      complete: () => resolve([...got, { complete: true, deliveredIn: currentTenant() ?? null }]),
    });
  });
  t.deepEqual(events, [
    { value: { client: 'tenantacme', tenant: 'acme', scope: null }, deliveredIn: null },
    { complete: true, deliveredIn: null },
  ]);

  const failing = defer(() => throwError(() => new Error(`failed in ${currentTenant()}`)));
  const failed = await scope.intercept(httpContext('acme', ['acme']), { handle: () => failing });
  const error = await new Promise<{ message: string; deliveredIn: string | null }>((resolve, reject) => {
    failed.subscribe({
      next: () => reject(new Error('no value expected')),
      error: (e: Error) => resolve({ message: e.message, deliveredIn: currentTenant() ?? null }),
      complete: () => reject(new Error('no completion expected')),
    });
  });
  t.deepEqual(error, { message: 'failed in acme', deliveredIn: null });
  t.is(currentClient(), undefined, 'nothing of the request is left in the test');
});

test.serial(
  'unsubscribing reaches the source; its teardown runs in the tenant context, and nothing is left',
  async (t) => {
    const scope = await interceptor(t);
    const teardowns: Array<string | null> = [];
    const ticks: Array<string | null> = [];
    const source = interval(1).pipe(
      tap(() => ticks.push(currentTenant() ?? null)),
      finalize(() => teardowns.push(currentTenant() ?? null)),
    );
    const result = await scope.intercept(httpContext('acme', ['acme']), { handle: () => source });
    const subscription = result.subscribe();
    await new Promise((resolve) => setTimeout(resolve, 20));
    subscription.unsubscribe();
    const ticksAtUnsubscribe = ticks.length;
    await new Promise((resolve) => setTimeout(resolve, 10));
    t.true(ticksAtUnsubscribe > 0);
    t.is(ticks.length, ticksAtUnsubscribe, 'the interval stopped');
    t.deepEqual([...new Set(ticks)], ['acme']);
    t.deepEqual(teardowns, ['acme']);
    t.is(currentTenant(), undefined);

    // The same interceptor, another tenant's subscription afterwards: its own tenant only.
    const other = await scope.intercept(httpContext('globex', ['globex']), { handle: () => defer(() => from(seen())) });
    const value = await new Promise((resolve) => other.subscribe({ next: resolve }));
    t.like(value, { client: 'tenantglobex', tenant: 'globex' });
  },
);
