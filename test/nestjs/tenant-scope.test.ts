import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Inject, Injectable, Param, type PipeTransform, UseGuards, UsePipes } from '@nestjs/common';
import test from 'ava';
import { currentClient, currentTenantScope } from '../../src/index.js';
import {
  FluentDynamoModule,
  type FluentDynamoModuleOptions,
  TenantRefusedException,
  TenantScoped,
  TenantScopeInterceptor,
} from '../../src/nestjs/index.js';
import { namedClient, nameOf } from '../context/support/named-clients.js';
import { FakeProvider } from '../middleware/support/fake-provider.js';
import { as, fetchJson } from '../middleware/support/http.js';
import { type RunningApp, startApp } from './support/nest-app.js';
import { TestAuthGuard } from './support/test-auth.guard.js';

/** A singleton service: it has no tenant of its own, it sees the request's. */
@Injectable()
class WhoAmI {
  async client(): Promise<string> {
    await sleep(Math.random() * 5);
    return nameOf(currentClient());
  }
}

/** A pipe runs inside the scope too (it could load the entity a parameter names). */
@Injectable()
class ClientSeenByPipe implements PipeTransform<string, Promise<string>> {
  async transform(value: string): Promise<string> {
    return `${value}@${await nameOf(currentClient())}`;
  }
}

@Controller('t/:tenantId')
@UseGuards(TestAuthGuard)
@TenantScoped()
class ScopedController {
  constructor(@Inject(WhoAmI) private readonly whoAmI: WhoAmI) {}

  @Get('whoami')
  async whoami(@Param('tenantId') tenantId: string) {
    const first = await this.whoAmI.client();
    // After a timer, an immediate and a promise chain: still the tenant's client.
    const later = await new Promise<string>((resolve) => setTimeout(() => resolve(nameOf(currentClient())), 2));
    await immediate();
    const chained = await Promise.resolve().then(() => this.whoAmI.client());
    return { tenantId, first, later, chained, scope: currentTenantScope()?.tenantId ?? null };
  }

  @Get('piped/:value')
  @UsePipes(ClientSeenByPipe)
  piped(@Param('value') value: string) {
    return { value };
  }
}

/** The tenant scope on one handler only; the other one runs on the default client. */
@Controller('mixed/:tenantId')
@UseGuards(TestAuthGuard)
class MixedController {
  @Get('scoped')
  @TenantScoped()
  async scoped() {
    return { client: await nameOf(currentClient()) };
  }

  @Get('open')
  async open() {
    return { client: await nameOf(currentClient()) };
  }
}

@Controller('no-param')
@UseGuards(TestAuthGuard)
@TenantScoped()
class NoParamController {
  @Get()
  get() {
    return { reached: true };
  }
}

@Controller('open')
class OpenController {
  @Get()
  async open() {
    return { client: await nameOf(currentClient()) };
  }
}

const controllers = [ScopedController, MixedController, NoParamController, OpenController];

async function appWith(
  t: { teardown(fn: () => Promise<void>): void },
  options: Omit<FluentDynamoModuleOptions, 'client'> = {},
): Promise<{ running: RunningApp; provider: FakeProvider }> {
  const provider = (options.tenants as FakeProvider | undefined) ?? new FakeProvider();
  const running = await startApp({
    imports: [FluentDynamoModule.forRoot({ client: namedClient('default'), tenants: provider, ...options })],
    controllers,
    providers: [WhoAmI],
  });
  t.teardown(() => running.close());
  return { running, provider };
}

test("the handler, what it awaits, the services it calls and its pipes run on the tenant's client", async (t) => {
  const { running, provider } = await appWith(t);
  const answer = await fetchJson(running.url('/t/acme/whoami'), { headers: as('alice', ['acme']) });
  t.is(answer.status, 200);
  t.deepEqual(answer.body, {
    tenantId: 'acme',
    first: 'tenantacme',
    later: 'tenantacme',
    chained: 'tenantacme',
    scope: null,
  });
  t.deepEqual(provider.calls, [{ tenantId: 'acme', principal: { userId: 'alice', tenants: ['acme'] } }]);
  const piped = await fetchJson(running.url('/t/acme/piped/x'), { headers: as('alice', ['acme']) });
  t.deepEqual(piped.body, { value: 'x@tenantacme' });
});

test('only decorated handlers are scoped, and nothing is left behind after a request', async (t) => {
  const { running } = await appWith(t);
  const headers = as('alice', ['acme']);
  t.deepEqual((await fetchJson(running.url('/mixed/acme/scoped'), { headers })).body, { client: 'tenantacme' });
  t.deepEqual((await fetchJson(running.url('/mixed/acme/open'), { headers })).body, { client: 'none' });
  t.deepEqual((await fetchJson(running.url('/open'))).body, { client: 'none' });
});

test("400 concurrent requests of 20 tenants each run on their own tenant's client", async (t) => {
  const { running } = await appWith(t);
  const tenants = Array.from({ length: 20 }, (_, i) => `t${i}`);
  const order = Array.from({ length: 400 }, (_, i) => tenants[(i * 7) % tenants.length] as string);
  const answers = await Promise.all(
    order.map(async (tenant, i) => {
      // Every fifth request is an unscoped route: it must never see a tenant's client.
      if (i % 5 === 4) return (await fetchJson(running.url('/open'))).body.client;
      const { body } = await fetchJson(running.url(`/t/${tenant}/whoami`), { headers: as(`u${i}`, [tenant]) });
      return new Set([body.first, body.later, body.chained]).size === 1 ? body.first : JSON.stringify(body);
    }),
  );
  t.deepEqual(
    answers,
    order.map((tenant, i) => (i % 5 === 4 ? 'none' : `tenant${tenant}`)),
  );
});

test('refusals are JSON answers: 401 without principal, 403 for a foreign tenant, 503 without credentials', async (t) => {
  const { running, provider } = await appWith(t);
  const url = (tenant: string) => running.url(`/t/${tenant}/whoami`);

  const anonymous = await fetchJson(url('acme'));
  t.deepEqual([anonymous.status, anonymous.body.error], [401, 'unauthenticated']);

  const foreign = await fetchJson(url('globex'), { headers: as('alice', ['acme']) });
  t.is(foreign.status, 403);
  t.deepEqual(foreign.body, {
    error: 'tenant_access_denied',
    message: 'access to tenant "globex" denied',
    tenantId: 'globex',
    reason: 'not-a-member',
  });
  t.notRegex(JSON.stringify(foreign.body), /arn:aws/, "the provider's message (a role ARN) is not echoed");

  const throttled = await fetchJson(url('throttled'), { headers: as('alice', ['throttled']) });
  t.deepEqual([throttled.status, throttled.body.error], [503, 'tenant_credentials_unavailable']);
  t.is(throttled.headers.get('retry-after'), '1', 'retryable: worth trying again soon');
  t.notRegex(JSON.stringify(throttled.body), /arn:aws/);

  const refused = await fetchJson(url('role-refused'), { headers: as('alice', ['role-refused']) });
  t.is(refused.status, 503);
  t.is(refused.headers.get('retry-after'), null, 'not retryable: no hint');

  const misconfigured = await fetchJson(url('misconfigured'), { headers: as('alice', ['misconfigured']) });
  t.is(misconfigured.status, 500, "a configuration the app must fix goes to Nest's exception handling");
  t.is(misconfigured.headers.get('retry-after'), null);

  const crash = await fetchJson(url('crash'), { headers: as('alice', ['crash']) });
  t.is(crash.status, 500, 'any other failure is the app error handling (500)');
  t.is(provider.calls.length, 5, 'the 401 asked the provider nothing');
});

test('tenantContext: header, principal and authorize of your own; a route without the parameter is a 500', async (t) => {
  const { running } = await appWith(t, {
    tenantContext: {
      tenantHeader: 'x-tenant-id',
      principal: (req) => ({ userId: String(req.headers['x-api-key']), tenants: ['acme', 'globex'] }),
      authorize: (tenantId, principal) => tenantId !== 'globex' || principal.userId === 'admin',
    },
  });
  const get = (tenant: string | undefined, key: string) =>
    fetchJson(running.url('/no-param'), {
      headers: { 'x-api-key': key, ...(tenant ? { 'x-tenant-id': tenant } : {}) },
    });
  t.deepEqual((await get('acme', 'k1')).body, { reached: true });
  t.deepEqual([(await get(undefined, 'k1')).status, (await get(undefined, 'k1')).body.error], [400, 'tenant_required']);
  t.is((await get('globex', 'k1')).status, 403);
  t.is((await get('globex', 'admin')).status, 200);

  const { running: byParam } = await appWith(t);
  t.is((await fetchJson(byParam.url('/no-param'), { headers: as('alice', ['acme']) })).status, 500);
});

test('tenantContext.isolation: the request also runs in the tenant key guard scope', async (t) => {
  const { running } = await appWith(t, { tenantContext: { isolation: {} } });
  const answer = await fetchJson(running.url('/t/acme/whoami'), { headers: as('alice', ['acme']) });
  t.like(answer.body, { first: 'tenantacme', scope: 'acme' });
});

test('@TenantScoped() without tenants fails at start-up; a non-HTTP handler is refused, not run unscoped', async (t) => {
  await t.throwsAsync(
    startApp({
      imports: [FluentDynamoModule.forRoot({ client: namedClient('default') })],
      controllers: [ScopedController],
      providers: [WhoAmI],
    }),
    { message: /@TenantScoped\(\) needs FluentDynamoModule.forRoot\(\{ tenants \}\)/ },
  );
  const { running } = await appWith(t);
  const interceptor = running.app.get(TenantScopeInterceptor, { strict: false });
  const rpc = { getType: () => 'rpc' } as unknown as Parameters<TenantScopeInterceptor['intercept']>[0];
  let handled = false;
  await t.throwsAsync(
    interceptor.intercept(rpc, {
      handle: () => {
        handled = true;
        throw new Error('unreachable');
      },
    }),
    { message: /serves HTTP routes/ },
  );
  t.false(handled);
});

test('refusals are TenantRefusedException: an exception filter can answer them its own way', (t) => {
  const error = new TenantRefusedException({
    status: 403,
    body: { error: 'tenant_access_denied', message: 'access denied' },
    headers: {},
  });
  t.is(error.getStatus(), 403);
  t.deepEqual(error.getResponse(), { error: 'tenant_access_denied', message: 'access denied' });
});
