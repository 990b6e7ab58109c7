import { Agent, request } from 'node:http';
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import { ConfigurationError } from '../../src/clients/configuration-error.js';
import { currentClient, runWithClient } from '../../src/index.js';
import { type ExpressTenantContextOptions, expressTenantContext } from '../../src/middleware/express/index.js';
import { namedClient, nameOf } from '../context/support/named-clients.js';
import { FakeProvider } from './support/fake-provider.js';
import { as, fetchJson, principalFrom, type Served, serve } from './support/http.js';

const principal = (req: Request) => principalFrom((name) => req.get(name));

/** The client a handler sees, by name. */
async function seen(): Promise<string> {
  return nameOf(currentClient());
}

/** An app with the middleware on /t/:tenantId; `errors` collects what reaches the error handler. */
function appWith<P extends object>(
  options: ExpressTenantContextOptions<P>,
  errors: unknown[] = [],
  moreRoutes: (app: Express) => void = () => {},
) {
  const app = express();
  app.use(
    '/t/:tenantId',
    expressTenantContext(options),
    (_req, res) => void seen().then((client) => res.json({ client, tenantId: res.locals.tenantId })),
  );
  app.get('/open', (_req, res) => void seen().then((client) => res.json({ client })));
  moreRoutes(app);
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    errors.push(error);
    res.status(500).json({ error: 'internal' });
  };
  app.use(onError);
  return app;
}

async function withServer<R>(listener: Parameters<typeof serve>[0], fn: (served: Served) => Promise<R>): Promise<R> {
  const served = await serve(listener);
  try {
    return await fn(served);
  } finally {
    await served.close();
  }
}

test("the rest of the request runs on the tenant's client; res.locals.tenantId is set", async (t) => {
  const provider = new FakeProvider();
  await withServer(appWith({ provider, principal }), async (s) => {
    const answer = await fetchJson(s.url('/t/acme'), { headers: as('alice', ['acme']) });
    t.is(answer.status, 200);
    t.deepEqual(answer.body, { client: 'tenantacme', tenantId: 'acme' });
    t.deepEqual(provider.calls, [{ tenantId: 'acme', principal: { userId: 'alice', tenants: ['acme'] } }]);
  });
});

test('the tenant can come from a header or from a function of the request', async (t) => {
  const provider = new FakeProvider();
  const app = express();
  app.get(
    '/h',
    expressTenantContext({ provider, principal, tenantHeader: 'X-Tenant-Id' }),
    (_req, res) => void seen().then((client) => res.json({ client })),
  );
  app.get(
    '/f',
    expressTenantContext({ provider, principal, tenantId: async (req) => String(req.query.tenant ?? '') || undefined }),
    (_req, res) => void seen().then((client) => res.json({ client })),
  );
  await withServer(app, async (s) => {
    const header = await fetchJson(s.url('/h'), { headers: as('u', ['globex'], { 'x-tenant-id': 'globex' }) });
    t.deepEqual([header.status, header.body], [200, { client: 'tenantglobex' }]);
    const fn = await fetchJson(s.url('/f?tenant=initech'), { headers: as('u', ['initech']) });
    t.deepEqual([fn.status, fn.body], [200, { client: 'tenantinitech' }]);
    const none = await fetchJson(s.url('/h'), { headers: as('u', ['globex']) });
    t.is(none.status, 400);
    t.is(none.body.error, 'tenant_required');
    t.regex(none.body.message, /header "X-Tenant-Id"/);
    t.is((await fetchJson(s.url('/f'), { headers: as('u', ['x']) })).status, 400);
  });
});

test('async handlers: awaits, timers, setImmediate, promise chains and code after the response see the client', async (t) => {
  const provider = new FakeProvider();
  const afterResponse: Array<Promise<string>> = [];
  const finished: Array<Promise<string>> = [];
  const app = express();
  app.use('/t/:tenantId', expressTenantContext({ provider, principal }));
  app.get('/t/:tenantId/work', async (_req, res) => {
    const steps: string[] = [await seen()];
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
    finished.push(new Promise((resolve) => res.on('finish', () => resolve(seen()))));
    res.json({ steps });
    afterResponse.push(sleep(5).then(seen));
  });
  await withServer(app, async (s) => {
    const answer = await fetchJson(s.url('/t/acme/work'), { headers: as('alice', ['acme']) });
    t.deepEqual(answer.body.steps, Array(5).fill('tenantacme'));
    t.deepEqual(await Promise.all(afterResponse), ['tenantacme'], 'work after res.json() still runs on the tenant');
    t.deepEqual(await Promise.all(finished), ['tenantacme'], "the response's finish listener too");
  });
});

test('a body parser placed after the middleware keeps the scope, also for a body that arrives in pieces', async (t) => {
  const provider = new FakeProvider();
  const app = express();
  app.use('/t/:tenantId', expressTenantContext({ provider, principal }), express.json());
  app.post('/t/:tenantId/echo', async (req, res) => void res.json({ client: await seen(), body: req.body }));
  await withServer(app, async (s) => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        s.url('/t/acme/echo'),
        { method: 'POST', headers: { ...as('alice', ['acme']), 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.write('{"a":');
      setTimeout(() => req.end('1}'), 20);
    });
    t.deepEqual(JSON.parse(body), { client: 'tenantacme', body: { a: 1 } });
  });
});

test("a handler can still nest its own runWithClient; the tenant's client is back afterwards", async (t) => {
  const provider = new FakeProvider();
  const other = namedClient('other');
  const app = express();
  app.get('/t/:tenantId', expressTenantContext({ provider, principal }), async (_req, res) => {
    const inner = await runWithClient(other, async () => {
      await sleep(1);
      return seen();
    });
    res.json({ inner, outer: await seen() });
  });
  await withServer(app, async (s) => {
    const answer = await fetchJson(s.url('/t/acme'), { headers: as('alice', ['acme']) });
    t.deepEqual(answer.body, { inner: 'other', outer: 'tenantacme' });
  });
});

test("refusals: 401 without principal, 403 with a JSON body from the provider's TenantAccessDeniedError", async (t) => {
  const provider = new FakeProvider();
  await withServer(appWith({ provider, principal }), async (s) => {
    const anonymous = await fetchJson(s.url('/t/acme'));
    t.is(anonymous.status, 401);
    t.deepEqual(anonymous.body, { error: 'unauthenticated', message: 'authentication required' });
    const denied = await fetchJson(s.url('/t/globex'), { headers: as('alice', ['acme']) });
    t.is(denied.status, 403);
    t.regex(denied.headers.get('content-type') ?? '', /application\/json/);
    t.deepEqual(denied.body, {
      error: 'tenant_access_denied',
      message: 'access to tenant "globex" denied',
      tenantId: 'globex',
      reason: 'not-a-member',
    });
    t.notRegex(JSON.stringify(denied.body), /arn:aws/, "the provider's message (a role ARN) is not passed on");
  });
});

test('a bare clientFor is called only for a principal whose tenants claim lists the tenant', async (t) => {
  const asked: string[] = [];
  const clientFor = async (tenantId: string) => {
    asked.push(tenantId);
    return namedClient(`bare${tenantId}`);
  };
  await withServer(appWith({ clientFor, principal }), async (s) => {
    const ok = await fetchJson(s.url('/t/acme'), { headers: as('alice', ['acme', 'x']) });
    t.deepEqual([ok.status, ok.body.client], [200, 'bareacme']);
    const denied = await fetchJson(s.url('/t/globex'), { headers: as('alice', ['acme']) });
    t.is(denied.status, 403);
    t.is(denied.body.error, 'tenant_access_denied');
    const noClaim = await fetchJson(s.url('/t/acme'), { headers: { 'x-user-id': 'bob' } });
    t.is(noClaim.status, 403);
    t.deepEqual(asked, ['acme'], 'never asked for a tenant the principal may not use');
  });
});

test('authorize replaces the tenants-claim check', async (t) => {
  const clientFor = async (tenantId: string) => namedClient(`auth${tenantId}`);
  const authorize = async (tenantId: string, p: { userId: string }) => p.userId === 'admin' || tenantId === 'public';
  await withServer(appWith({ clientFor, principal, authorize }), async (s) => {
    t.is((await fetchJson(s.url('/t/anything'), { headers: as('admin', []) })).status, 200);
    t.is((await fetchJson(s.url('/t/public'), { headers: as('u', []) })).status, 200);
    t.is((await fetchJson(s.url('/t/secret'), { headers: as('u', ['secret']) })).status, 403);
  });
});

test('TenantCredentialsError is a 503 (Retry-After when retryable) that names no role', async (t) => {
  const provider = new FakeProvider();
  const errors: unknown[] = [];
  await withServer(appWith({ provider, principal }, errors), async (s) => {
    const throttled = await fetchJson(s.url('/t/throttled'), { headers: as('u', ['throttled']) });
    t.is(throttled.status, 503);
    t.is(throttled.headers.get('retry-after'), '1');
    const backingOff = await fetchJson(s.url('/t/backing-off'), { headers: as('u', ['backing-off']) });
    t.deepEqual([backingOff.status, backingOff.headers.get('retry-after')], [503, '8'], "the provider's backoff");
    t.deepEqual(throttled.body, {
      error: 'tenant_credentials_unavailable',
      message: 'credentials for tenant "throttled" are unavailable',
      tenantId: 'throttled',
    });
    const refused = await fetchJson(s.url('/t/role-refused'), { headers: as('u', ['role-refused']) });
    t.is(refused.status, 503, "STS refused the tenant's role: that tenant is unavailable");
    t.is(refused.headers.get('retry-after'), null);
    t.deepEqual(errors, []);
    // A configuration the application must fix is its error, not an outage: next(err), answered 500.
    const broken = await fetchJson(s.url('/t/misconfigured'), { headers: as('u', ['misconfigured']) });
    t.deepEqual([broken.status, broken.body], [500, { error: 'internal' }]);
    t.is(broken.headers.get('retry-after'), null);
    t.is((errors[0] as { code?: string }).code, 'MalformedPolicyDocument');
  });
});

test('other failures go to next(err), or to onError when given', async (t) => {
  const provider = new FakeProvider();
  const errors: unknown[] = [];
  await withServer(appWith({ provider, principal }, errors), async (s) => {
    const answer = await fetchJson(s.url('/t/crash'), { headers: as('u', ['crash']) });
    t.is(answer.status, 500);
    t.is((errors[0] as Error).message, 'provider crashed');
  });
  const handled: unknown[] = [];
  const onError = (error: unknown, _req: Request, res: express.Response) => {
    handled.push(error);
    res.status(502).json({ error: 'upstream' });
  };
  await withServer(appWith({ provider, principal, onError }, errors), async (s) => {
    const answer = await fetchJson(s.url('/t/crash'), { headers: as('u', ['crash']) });
    t.deepEqual([answer.status, answer.body], [502, { error: 'upstream' }]);
    t.is(handled.length, 1);
    t.is(errors.length, 1, 'the error handler was not called again');
  });
});

test('a clientFor that gives no client, or a route without the parameter, is a 500 with a ConfigurationError', async (t) => {
  const errors: unknown[] = [];
  const noClient = async () => undefined as unknown as ReturnType<typeof namedClient>;
  const app = appWith({ clientFor: noClient, principal }, errors, (more) => {
    // Mounted without the :tenantId it is told to read.
    more.get('/wrong', expressTenantContext({ clientFor: noClient, principal }), (_req, res) => void res.json({}));
  });
  await withServer(app, async (s) => {
    t.is((await fetchJson(s.url('/t/acme'), { headers: as('u', ['acme']) })).status, 500);
    t.is((await fetchJson(s.url('/wrong'), { headers: as('u', ['acme']) })).status, 500);
  });
  t.is(errors.length, 2);
  t.true(errors.every((error) => error instanceof ConfigurationError));
  t.regex((errors[1] as Error).message, /mergeParams/);
});

test('a Router with mergeParams sees the tenant of its mount path', async (t) => {
  const provider = new FakeProvider();
  const router = express.Router({ mergeParams: true });
  router.use(expressTenantContext({ provider, principal }));
  router.get('/users', async (_req, res) => void res.json({ client: await seen() }));
  const app = express();
  app.use('/api/tenants/:tenantId', router);
  await withServer(app, async (s) => {
    const answer = await fetchJson(s.url('/api/tenants/acme/users'), { headers: as('u', ['acme']) });
    t.deepEqual(answer.body, { client: 'tenantacme' });
  });
});

test('options are checked when the middleware is created', (t) => {
  const provider = new FakeProvider();
  const clientFor = async () => namedClient('x');
  const bad: Array<Record<string, unknown>> = [
    { principal },
    { provider, clientFor, principal },
    { provider },
    { provider, principal, tenantParam: 'tenantId', tenantHeader: 'x-tenant' },
    { provider, principal, tenantHeader: '' },
    { provider: {}, principal },
  ];
  for (const options of bad) {
    t.throws(() => expressTenantContext(options as unknown as ExpressTenantContextOptions), {
      instanceOf: ConfigurationError,
    });
  }
});

test('a duplicated tenant header is not a way into either tenant', async (t) => {
  const asked: string[] = [];
  const clientFor = async (tenantId: string) => {
    asked.push(tenantId);
    return namedClient('x');
  };
  const app = express();
  app.get(
    '/',
    expressTenantContext({ clientFor, principal, tenantHeader: 'x-tenant-id' }),
    (_req, res) => void res.json({}),
  );
  await withServer(app, async (s) => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(s.url('/'), { headers: { ...as('u', ['a', 'b']), 'x-tenant-id': ['a', 'b'] } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end();
    });
    t.is(status, 403);
    t.deepEqual(asked, []);
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
  const app = express();
  app.get('/t/:tenantId', expressTenantContext({ provider, principal }), async (req, res) => {
    const expected = provider.client(String(req.params.tenantId));
    let same = true;
    for (let step = 0; step < 4; step++) {
      await (step % 2 ? immediate() : sleep(Math.floor(Math.random() * 4)));
      same &&= currentClient() === expected;
    }
    res.json({ same });
  });
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
