import { Agent, request } from 'node:http';
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import Router from '@koa/router';
import test from 'ava';
import Koa, { type Context } from 'koa';
import { ConfigurationError } from '../../src/clients/configuration-error.js';
import { bindClientContext } from '../../src/context/bind.js';
import { currentClient, runWithClient, TenantAccessDeniedError } from '../../src/index.js';
import { type KoaTenantContextOptions, koaTenantContext } from '../../src/middleware/koa/index.js';
import { namedClient, nameOf } from '../context/support/named-clients.js';
import { FakeProvider } from './support/fake-provider.js';
import { as, fetchJson, principalFrom, type Served, serve } from './support/http.js';

const principal = (ctx: Context) => principalFrom((name) => ctx.get(name) || undefined);

const seen = () => nameOf(currentClient());

/** A Koa app whose errors are collected (and answered 500) instead of logged. */
function koaApp(errors: unknown[] = []): Koa {
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      errors.push(error);
      ctx.status = 500;
      ctx.body = { error: 'internal' };
    }
  });
  return app;
}

/** The middleware as the first middleware of a router at /t/:tenantId, a route answering with the client seen. */
function appWith<P extends object>(options: KoaTenantContextOptions<P>, errors: unknown[] = []): Koa {
  const app = koaApp(errors);
  const router = new Router({ prefix: '/t/:tenantId' });
  router.use(koaTenantContext(options));
  router.get('/', async (ctx) => {
    ctx.body = { client: await seen(), tenantId: ctx.state.tenantId };
  });
  app.use(router.routes());
  app.use(async (ctx) => {
    if (ctx.path === '/open') ctx.body = { client: await seen() };
  });
  return app;
}

async function withServer<R>(app: Koa, fn: (served: Served) => Promise<R>): Promise<R> {
  const served = await serve(app.callback());
  try {
    return await fn(served);
  } finally {
    await served.close();
  }
}

test("the rest of the request runs on the tenant's client; ctx.state.tenantId is set", async (t) => {
  const provider = new FakeProvider();
  await withServer(appWith({ provider, principal }), async (s) => {
    const answer = await fetchJson(s.url('/t/acme'), { headers: as('alice', ['acme']) });
    t.deepEqual([answer.status, answer.body], [200, { client: 'tenantacme', tenantId: 'acme' }]);
    t.deepEqual(provider.calls, [{ tenantId: 'acme', principal: { userId: 'alice', tenants: ['acme'] } }]);
  });
});

test('the tenant can come from a header or from a function of the context', async (t) => {
  const provider = new FakeProvider();
  const app = koaApp();
  const byHeader = koaTenantContext({ provider, principal, tenantHeader: 'x-tenant-id' });
  const byFunction = koaTenantContext({
    provider,
    principal,
    tenantId: (ctx) => ctx.subdomains[0] ?? ctx.query.t?.toString(),
  });
  app.use(async (ctx, next) => {
    const middleware = ctx.path === '/h' ? byHeader : byFunction;
    await middleware(ctx, async () => {
      ctx.body = { client: await seen() };
    });
    await next();
  });
  await withServer(app, async (s) => {
    const header = await fetchJson(s.url('/h'), { headers: as('u', ['globex'], { 'x-tenant-id': 'globex' }) });
    t.deepEqual([header.status, header.body], [200, { client: 'tenantglobex' }]);
    const fn = await fetchJson(s.url('/f?t=initech'), { headers: as('u', ['initech']) });
    t.deepEqual([fn.status, fn.body], [200, { client: 'tenantinitech' }]);
    const none = await fetchJson(s.url('/h'), { headers: as('u', ['globex']) });
    t.deepEqual([none.status, none.body.error], [400, 'tenant_required']);
  });
});

test('downstream awaits, timers, promise chains and work after the response see the client', async (t) => {
  const provider = new FakeProvider();
  const afterResponse: Array<Promise<string>> = [];
  const finished: Array<Promise<string>> = [];
  const finishedUnbound: Array<Promise<string>> = [];
  const app = koaApp();
  const router = new Router({ prefix: '/t/:tenantId' });
  router.use(koaTenantContext({ provider, principal }));
  router.get('/work', async (ctx) => {
    const steps = [await seen()];
    await sleep(2);
    steps.push(await seen());
    await immediate();
    steps.push(await seen());
    steps.push(await new Promise<string>((resolve) => setTimeout(() => resolve(seen()), 1)));
    steps.push(
      await Promise.resolve()
        .then(() => sleep(1))
        .then(seen),
    );
    // Koa writes the response after the middleware chain returned, outside the
    // scope: a listener on the response needs bindClientContext to keep it.
    finished.push(
      new Promise((resolve) =>
        ctx.res.on(
          'finish',
          bindClientContext(() => resolve(seen())),
        ),
      ),
    );
    finishedUnbound.push(new Promise((resolve) => ctx.res.on('finish', () => resolve(seen()))));
    afterResponse.push(sleep(20).then(seen)); // still running when Koa sends the response
    ctx.body = { steps };
  });
  app.use(router.routes());
  await withServer(app, async (s) => {
    const answer = await fetchJson(s.url('/t/acme/work'), { headers: as('alice', ['acme']) });
    t.deepEqual(answer.body.steps, Array(5).fill('tenantacme'));
    t.deepEqual(await Promise.all(afterResponse), ['tenantacme']);
    t.deepEqual(await Promise.all(finished), ['tenantacme']);
    t.deepEqual(await Promise.all(finishedUnbound), ['none'], 'no client leaks into code outside the scope');
  });
});

test("a handler can nest its own runWithClient; the tenant's client is back afterwards", async (t) => {
  const provider = new FakeProvider();
  const other = namedClient('other');
  const app = koaApp();
  const router = new Router({ prefix: '/t/:tenantId' });
  router.use(koaTenantContext({ provider, principal }));
  router.get('/', async (ctx) => {
    const inner = await runWithClient(other, async () => {
      await sleep(1);
      return seen();
    });
    ctx.body = { inner, outer: await seen() };
  });
  app.use(router.routes());
  await withServer(app, async (s) => {
    const answer = await fetchJson(s.url('/t/acme'), { headers: as('alice', ['acme']) });
    t.deepEqual(answer.body, { inner: 'other', outer: 'tenantacme' });
  });
});

test('refusals: 401, 403 (provider and bare clientFor), 503 with Retry-After when retryable', async (t) => {
  const provider = new FakeProvider();
  const errors: unknown[] = [];
  await withServer(appWith({ provider, principal }, errors), async (s) => {
    const anonymous = await fetchJson(s.url('/t/acme'));
    t.deepEqual([anonymous.status, anonymous.body.error], [401, 'unauthenticated']);
    const denied = await fetchJson(s.url('/t/globex'), { headers: as('alice', ['acme']) });
    t.is(denied.status, 403);
    t.regex(denied.headers.get('content-type') ?? '', /application\/json/);
    t.deepEqual(denied.body, {
      error: 'tenant_access_denied',
      message: 'access to tenant "globex" denied',
      tenantId: 'globex',
      reason: 'not-a-member',
    });
    const throttled = await fetchJson(s.url('/t/throttled'), { headers: as('u', ['throttled']) });
    t.deepEqual([throttled.status, throttled.headers.get('retry-after')], [503, '1']);
    t.is(throttled.body.error, 'tenant_credentials_unavailable');
    t.notRegex(JSON.stringify(throttled.body), /arn:aws/);
    const refused = await fetchJson(s.url('/t/role-refused'), { headers: as('u', ['role-refused']) });
    t.deepEqual([refused.status, refused.headers.get('retry-after')], [503, null]);
    t.deepEqual(errors, []);
    // A configuration the application must fix is thrown for Koa's error handling (500), not answered 503.
    const broken = await fetchJson(s.url('/t/misconfigured'), { headers: as('u', ['misconfigured']) });
    t.deepEqual([broken.status, broken.headers.get('retry-after')], [500, null]);
    t.is((errors[0] as { code?: string }).code, 'MalformedPolicyDocument');
  });
  const asked: string[] = [];
  const clientFor = async (tenantId: string) => {
    asked.push(tenantId);
    return namedClient(`bare${tenantId}`);
  };
  await withServer(appWith({ clientFor, principal }), async (s) => {
    t.is((await fetchJson(s.url('/t/acme'), { headers: as('u', ['acme']) })).body.client, 'bareacme');
    t.is((await fetchJson(s.url('/t/globex'), { headers: as('u', ['acme']) })).status, 403);
    t.deepEqual(asked, ['acme']);
  });
});

test("other failures are thrown to Koa's error handling, or given to onError", async (t) => {
  const provider = new FakeProvider();
  const errors: unknown[] = [];
  await withServer(appWith({ provider, principal }, errors), async (s) => {
    t.is((await fetchJson(s.url('/t/crash'), { headers: as('u', ['crash']) })).status, 500);
    t.is((errors[0] as Error).message, 'provider crashed');
  });
  const onError = (error: unknown, ctx: Context) => {
    ctx.status = 502;
    ctx.body = { error: 'upstream', message: (error as Error).message };
  };
  await withServer(appWith({ provider, principal, onError }, errors), async (s) => {
    const answer = await fetchJson(s.url('/t/crash'), { headers: as('u', ['crash']) });
    t.deepEqual([answer.status, answer.body], [502, { error: 'upstream', message: 'provider crashed' }]);
    t.is(errors.length, 1);
  });
});

test("errors thrown downstream are the app's, not turned into refusals", async (t) => {
  const provider = new FakeProvider();
  const errors: unknown[] = [];
  const app = koaApp(errors);
  const router = new Router({ prefix: '/t/:tenantId' });
  router.use(koaTenantContext({ provider, principal }));
  router.get('/', () => {
    throw new TenantAccessDeniedError('a handler refused something else');
  });
  app.use(router.routes());
  await withServer(app, async (s) => {
    t.is((await fetchJson(s.url('/t/acme'), { headers: as('u', ['acme']) })).status, 500);
    t.true(errors[0] instanceof TenantAccessDeniedError);
  });
});

test('tenantParam without @koa/router parameters is a ConfigurationError (500), not a 400', async (t) => {
  const provider = new FakeProvider();
  const errors: unknown[] = [];
  const app = koaApp(errors);
  app.use(koaTenantContext({ provider, principal }));
  await withServer(app, async (s) => {
    t.is((await fetchJson(s.url('/t/acme'), { headers: as('u', ['acme']) })).status, 500);
    t.true(errors[0] instanceof ConfigurationError);
    t.regex((errors[0] as Error).message, /@koa\/router/);
  });
});

test('no leak: a request without the middleware, on the same keep-alive connection, has no client', async (t) => {
  const provider = new FakeProvider();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (url: string, headers: Record<string, string> = {}) =>
    new Promise<string>((resolve, reject) => {
      request(url, { agent, headers }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
  await withServer(appWith({ provider, principal }), async (s) => {
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      answers.push(JSON.parse(await get(s.url('/t/acme'), as('u', ['acme']))).client);
      answers.push(JSON.parse(await get(s.url('/open'))).client);
    }
    t.deepEqual(
      answers,
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'tenantacme' : 'none')),
    );
  });
  agent.destroy();
});

test('under concurrency every request keeps its own tenant through its awaits', async (t) => {
  const provider = new FakeProvider();
  const app = koaApp();
  const router = new Router({ prefix: '/t/:tenantId' });
  router.use(koaTenantContext({ provider, principal }));
  router.get('/', async (ctx) => {
    const expected = provider.client(String(ctx.params.tenantId));
    let same = true;
    for (let step = 0; step < 4; step++) {
      await (step % 2 ? immediate() : sleep(Math.floor(Math.random() * 4)));
      same &&= currentClient() === expected;
    }
    ctx.body = { same };
  });
  app.use(router.routes());
  await withServer(app, async (s) => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => {
        const tenant = `t${i % 15}`;
        return fetchJson(s.url(`/t/${tenant}`), { headers: as('u', [tenant]) });
      }),
    );
    t.true(answers.every((a) => a.status === 200 && a.body.same === true));
  });
});
