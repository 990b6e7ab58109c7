import { setTimeout as sleep } from 'node:timers/promises';
import Router from '@koa/router';
import test from 'ava';
import express, { type Request, type Response } from 'express';
import Koa, { type Context } from 'koa';
import { bindClientContext } from '../../src/context/bind.js';
import { currentTenant, requireTenant } from '../../src/context/current-tenant.js';
import { runWithoutClient } from '../../src/context/without-client.js';
import { NoTenantError } from '../../src/errors/errors.js';
import { runInTenantScope, runWithClient } from '../../src/index.js';
import { expressTenantContext } from '../../src/middleware/express/index.js';
import { koaTenantContext } from '../../src/middleware/koa/index.js';
import { namedClient } from '../context/support/named-clients.js';
import { FakeProvider } from './support/fake-provider.js';
import { as, fetchJson, principalFrom, type Served, serve } from './support/http.js';

// currentTenant() / requireTenant() read the tenant of the ambient context the tenant middleware (or the provider's
// run(), or runInTenantScope) entered, and res.locals.tenantId / ctx.state.tenantId are typed. The attack: two
// tenants' requests interleaved at every await; each must see its own tenant, never the other's, and code outside
// any request sees none.

type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/** What a handler sees of its tenant at several points of its life: before and after awaits, timers, a bound callback. */
async function tenantsSeen(): Promise<string[]> {
  const seen = [requireTenant()];
  await sleep(Math.random() * 4);
  seen.push(currentTenant() ?? 'none');
  seen.push(
    await new Promise<string>((resolve) => setTimeout(() => resolve(currentTenant() ?? 'none'), Math.random() * 3)),
  );
  await Promise.resolve();
  seen.push(currentTenant() ?? 'none');
  return seen;
}

async function withServer(t: { teardown(fn: () => Promise<void>): void }, listener: Parameters<typeof serve>[0]) {
  const served: Served = await serve(listener);
  t.teardown(() => served.close());
  return served;
}

/** 200 requests alternating between acme and globex, all in flight at once: each answers only its own tenant. */
async function interleaved(t: import('ava').ExecutionContext, url: (tenant: string) => string) {
  const order = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 'acme' : 'globex'));
  const answers = await Promise.all(
    order.map((tenant, i) => fetchJson(url(tenant), { headers: as(`u${i}`, [tenant]) }).then((a) => a.body)),
  );
  for (const [i, body] of answers.entries()) {
    const tenant = order[i] as string;
    t.deepEqual(body, { seen: [tenant, tenant, tenant, tenant], local: tenant }, `request ${i} of ${tenant}`);
  }
}

test('Express: currentTenant() and the typed res.locals.tenantId are the request tenant, under interleaving', async (t) => {
  const typed: Equals<Response['locals']['tenantId'], string | undefined> = true;
  t.true(typed, 'checked by the compiler: res.locals.tenantId is string | undefined, not any');
  const app = express();
  app.use(
    '/t/:tenantId',
    expressTenantContext({
      provider: new FakeProvider(),
      principal: (req: Request) => principalFrom((n) => req.get(n)),
    }),
    (_req, res) => void tenantsSeen().then((seen) => res.json({ seen, local: res.locals.tenantId })),
  );
  app.get('/open', (_req, res) => void res.json({ tenant: currentTenant() ?? null }));
  const served = await withServer(t, app);
  await interleaved(t, (tenant) => served.url(`/t/${tenant}`));
  t.deepEqual((await fetchJson(served.url('/open'))).body, { tenant: null }, 'a route without the middleware has none');
});

test('Koa: currentTenant() and the typed ctx.state.tenantId are the request tenant, under interleaving', async (t) => {
  const typed: Equals<Context['state']['tenantId'], string | undefined> = true;
  t.true(typed, 'checked by the compiler: ctx.state.tenantId is string | undefined, not any');
  const app = new Koa();
  const router = new Router({ prefix: '/t/:tenantId' });
  router.use(
    koaTenantContext({
      provider: new FakeProvider(),
      principal: (ctx: Context) => principalFrom((n) => ctx.get(n) || undefined),
    }),
  );
  router.get('/', async (ctx) => {
    ctx.body = { seen: await tenantsSeen(), local: ctx.state.tenantId };
  });
  app.use(router.routes());
  app.use((ctx) => {
    if (ctx.path === '/open') ctx.body = { tenant: currentTenant() ?? null };
  });
  const served = await withServer(t, app.callback());
  await interleaved(t, (tenant) => served.url(`/t/${tenant}`));
  t.deepEqual((await fetchJson(served.url('/open'))).body, { tenant: null });
});

test('outside any request there is no tenant: currentTenant() is undefined, requireTenant() throws NoTenantError', (t) => {
  t.is(currentTenant(), undefined);
  const error = t.throws(() => requireTenant(), { instanceOf: NoTenantError });
  t.regex(error?.message ?? '', /no tenant/);
  t.is(
    runWithClient(namedClient('plain'), () => currentTenant()),
    undefined,
    'runWithClient alone names no tenant',
  );
});

test('the tenant follows the context: runInTenantScope sets it, a nested runWithClient keeps it, runWithoutClient clears it, bind helpers carry it', async (t) => {
  await runInTenantScope({ tenantId: 'acme' }, async () => {
    t.is(currentTenant(), 'acme');
    t.is(
      runWithClient(namedClient('other'), () => currentTenant()),
      'acme',
      'a client of its own does not leave the tenant',
    );
    t.is(
      runWithoutClient(() => currentTenant()),
      undefined,
      'application work has no tenant',
    );
    const bound = bindClientContext(() => currentTenant());
    t.is(
      await runInTenantScope({ tenantId: 'globex' }, async () => bound()),
      'acme',
      'a bound callback keeps its tenant',
    );
  });
  t.is(currentTenant(), undefined);
});
