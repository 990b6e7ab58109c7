import Router from '@koa/router';
import test from 'ava';
import express, { type ErrorRequestHandler, type Request } from 'express';
import Koa, { type Context } from 'koa';
import { TenantCredentialsError } from '../../src/errors/errors.js';
import { expressTenantContext } from '../../src/middleware/express/index.js';
import { koaTenantContext } from '../../src/middleware/koa/index.js';
import { StsTenantClientProvider, type TenantEvent, type TenantPrincipal } from '../../src/tenancy/index.js';
import { type LocalSts, startLocalSts } from '../../src/testing/index.js';
import { as, fetchJson, principalFrom, type Served, serve } from './support/http.js';

// A provider configured wrongly (an externalId of one character, which STS refuses as invalid) is the
// application's bug, not an outage: the middleware hands the error to the framework's error handling (500), and
// the provider reports it to onEvent and the logger. A failure a retry may fix (STS throttled) stays a 503 with
// Retry-After. The real StsTenantClientProvider against the local STS, over HTTP.

const ROLE = (tenantId: string) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`;

let sts: LocalSts;
test.before(async () => {
  sts = await startLocalSts({ clock: { frozen: true } });
});
test.after.always(async () => {
  await sts?.stop();
});

interface Observed {
  readonly events: TenantEvent[];
  readonly lines: string[];
}

function providerWith(t: { teardown(fn: () => Promise<void>): void }, externalId: string, observed: Observed) {
  const provider = new StsTenantClientProvider<TenantPrincipal>({
    roleArn: ROLE,
    externalId,
    sts: { ...sts.clientConfig('app'), maxAttempts: 1 },
    dynamo: { region: 'us-east-1' },
    clock: () => sts.clock.now(),
    pruneIntervalSeconds: 0,
    onEvent: (event) => observed.events.push(event),
    logger: { error: (message) => observed.lines.push(`error ${message}`) },
  });
  t.teardown(() => provider.close());
  return provider;
}

async function served(t: { teardown(fn: () => Promise<void>): void }, listener: Parameters<typeof serve>[0]) {
  const running = await serve(listener);
  t.teardown(() => running.close());
  return running;
}

function expressApp(provider: StsTenantClientProvider<TenantPrincipal>, errors: unknown[]) {
  const app = express();
  app.use(
    '/t/:tenantId',
    expressTenantContext({ provider, principal: (req: Request) => principalFrom((name) => req.get(name)) }),
    (_req, res) => void res.json({ reached: true }),
  );
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    errors.push(error);
    res.status(500).json({ error: 'internal' });
  };
  app.use(onError);
  return app;
}

function koaApp(provider: StsTenantClientProvider<TenantPrincipal>, errors: unknown[]) {
  const app = new Koa();
  // Koa's own error handling (500) and its 'error' event: what an app without an error middleware gets.
  app.silent = true;
  app.on('error', (error: unknown) => errors.push(error));
  const router = new Router({ prefix: '/t/:tenantId' });
  router.use(
    koaTenantContext({ provider, principal: (ctx: Context) => principalFrom((name) => ctx.get(name) || undefined) }),
  );
  router.get('/', (ctx) => {
    ctx.body = { reached: true };
  });
  app.use(router.routes());
  return app;
}

/** What every framework must show for the invalid external id: one error, its event and its log line, no STS call. */
function assertConfigurationFailure(
  t: import('ava').ExecutionContext,
  errors: unknown[],
  observed: Observed,
  stsCallsBefore: number,
) {
  t.is(errors.length, 1, "the error reached the app's error handling");
  const error = errors[0] as TenantCredentialsError & { code?: string; retryable?: boolean };
  t.true(error instanceof TenantCredentialsError);
  t.deepEqual([error.code, error.retryable], ['ValidationError', false]);
  t.regex(error.message, /externalId/);
  const reported = observed.events.filter((e) => e.type === 'configuration-error');
  t.is(reported.length, 1, 'one configuration-error event');
  t.like(reported[0], { tenantId: 'acme', code: 'ValidationError', roleArn: ROLE('acme') });
  t.true(
    observed.lines.some((line) => /^error .*tenant acme: configuration-error \(ValidationError\)/.test(line)),
    `a log line at error level, got ${JSON.stringify(observed.lines)}`,
  );
  t.is(sts.assumeRoleCalls().length, stsCallsBefore, 'STS was never asked');
}

test('Express: an externalId STS refuses as invalid is a 500 through next(err), an event and a log line', async (t) => {
  const observed: Observed = { events: [], lines: [] };
  const errors: unknown[] = [];
  const running: Served = await served(t, expressApp(providerWith(t, 'x', observed), errors));
  const before = sts.assumeRoleCalls().length;
  const answer = await fetchJson(running.url('/t/acme'), { headers: as('alice', ['acme']) });
  t.deepEqual([answer.status, answer.body], [500, { error: 'internal' }]);
  t.is(answer.headers.get('retry-after'), null);
  assertConfigurationFailure(t, errors, observed, before);
});

test('Express: the onError option receives the configuration failure', async (t) => {
  const observed: Observed = { events: [], lines: [] };
  const handled: unknown[] = [];
  const provider = providerWith(t, 'x', observed);
  const app = express();
  app.use(
    '/t/:tenantId',
    expressTenantContext({
      provider,
      principal: (req: Request) => principalFrom((name) => req.get(name)),
      onError: (error, _req, res) => {
        handled.push(error);
        res.status(500).json({ error: 'misconfigured' });
      },
    }),
    (_req, res) => void res.json({ reached: true }),
  );
  const running = await served(t, app);
  const answer = await fetchJson(running.url('/t/acme'), { headers: as('alice', ['acme']) });
  t.deepEqual([answer.status, answer.body], [500, { error: 'misconfigured' }]);
  t.is(handled.length, 1);
  t.is((handled[0] as { code?: string }).code, 'ValidationError');
});

test('Koa: an externalId STS refuses as invalid is a 500 through Koa error handling, an event and a log line', async (t) => {
  const observed: Observed = { events: [], lines: [] };
  const errors: unknown[] = [];
  const running = await served(t, koaApp(providerWith(t, 'x', observed), errors).callback());
  const before = sts.assumeRoleCalls().length;
  const answer = await fetchJson(running.url('/t/acme'), { headers: as('alice', ['acme']) });
  t.is(answer.status, 500);
  t.is(answer.body, 'Internal Server Error', "Koa's answer: the provider's message (role, advice) is not exposed");
  assertConfigurationFailure(t, errors, observed, before);
});

test('Express and Koa: STS throttled stays a 503 with Retry-After, and is not handed to the error handling', async (t) => {
  for (const framework of ['express', 'koa'] as const) {
    const observed: Observed = { events: [], lines: [] };
    const errors: unknown[] = [];
    const provider = providerWith(t, 'valid-external-id', observed);
    const running = await served(
      t,
      framework === 'express' ? expressApp(provider, errors) : koaApp(provider, errors).callback(),
    );
    sts.failNext('Throttling', { roleArn: ROLE('acme') });
    const answer = await fetchJson(running.url('/t/acme'), { headers: as('alice', ['acme']) });
    t.deepEqual([answer.status, answer.body.error], [503, 'tenant_credentials_unavailable'], framework);
    t.is(answer.headers.get('retry-after'), '1', framework);
    t.deepEqual(errors, [], framework);
    t.like(
      observed.events.find((e) => e.type === 'assume-role-failure'),
      { code: 'Throttling' },
      framework,
    );
  }
});

test('the configuration-error event and log line name the rule broken, never the external id', async (t) => {
  const observed: Observed = { events: [], lines: [] };
  const errors: unknown[] = [];
  const secret = 'shared secret with spaces!';
  const running = await served(t, expressApp(providerWith(t, secret, observed), errors));
  const answer = await fetchJson(running.url('/t/acme'), { headers: as('alice', ['acme']) });
  t.is(answer.status, 500);
  const reported = observed.events.find((e) => e.type === 'configuration-error');
  t.regex(reported?.reason ?? '', /externalId/);
  t.false(JSON.stringify([observed.events, observed.lines, answer.body]).includes(secret));
});
