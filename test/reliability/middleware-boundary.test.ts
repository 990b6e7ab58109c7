// The tenant boundary at the HTTP entry points (Express 5, Koa 3, NestJS 12), tried as an attacker would, through
// real HTTP on 127.0.0.1, against the local STS and DynamoDB Local:
//
// - The provider's `isolation` is the one place to configure isolation: a request through the middleware (or
//   @TenantScoped()) of a provider built with isolation runs in the tenant's scope, so a handler bug reading another
//   tenant's partition (`?as=other`) is refused. Isolation given twice, differently, fails at start-up.
// - A tenant id the scope refuses (`a#b`, `acme-corp` with separator '-') is a 400 before any STS call, in every
//   framework, and never stops the server; generated tenant ids and principals only ever get documented statuses.
// - Streamed bodies (Koa `ctx.body` stream, Nest StreamableFile, a stream piped into Express's `res`) run in the
//   request's context: the tenant's own export is signed with the tenant's STS session, and `?as=other` is refused.
import test from 'ava';
import fc from 'fast-check';
import { ConfigurationError } from '../../src/clients/configuration-error.js';
import { expressTenantContext } from '../../src/middleware/express/index.js';
import { koaTenantContext } from '../../src/middleware/koa/index.js';
import { FluentDynamoModule } from '../../src/nestjs/index.js';
import { fetchJson } from '../middleware/support/http.js';
import { startApp } from '../nestjs/support/nest-app.js';
import { figuresFor } from './support/figures.js';
import { sized } from './support/profile.js';
import { tenantStack } from './support/tenant-http.js';
import { FRAMEWORKS, type Framework, signedIn, startServer } from './support/tenant-servers.js';

const figures = figuresFor(test, 'middleware-boundary');
fc.configureGlobal({ includeErrorInReport: true });
const RUNS = sized('RELIABILITY_FC_RUNS', 40, 15);

const TENANTS = { acme: 3, other: 2 };

/** The tenant ids of the items of a JSON answer or an NDJSON export. */
function tenantsIn(body: unknown): string[] {
  if (Array.isArray(body)) return body.map((item: { tenantId: string }) => item.tenantId);
  return String(body)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { tenantId: string }).tenantId);
}

for (const framework of FRAMEWORKS) {
  test(`${framework}: the provider's isolation scopes each request; a handler bug reading another tenant is refused`, async (t) => {
    const stack = await tenantStack(t, { tenants: TENANTS });
    const server = await startServer(t, framework, stack);
    const headers = signedIn('alice', ['acme']);
    const own = await fetchJson(server.url('/api/tenants/acme/items'), { headers });
    t.is(own.status, 200);
    t.deepEqual(tenantsIn(own.body), ['acme', 'acme', 'acme']);
    figures.operations += 2;
    const leak = await fetchJson(server.url('/api/tenants/acme/items?as=other'), { headers });
    t.is(leak.status, 403, JSON.stringify(leak.body));
    t.false(JSON.stringify(leak.body).includes('"other"'));
    t.true(server.errors.some((error) => (error as Error).name === 'TenantIsolationError'));
    figures.isolationAttacks += 1;
  });

  test(`${framework}: a tenant id the scope refuses is a 400 before any STS call, and the server keeps answering`, async (t) => {
    // The same isolation object given to the provider and to the entry point: they agree.
    const isolation = { separator: '-' };
    const stack = await tenantStack(t, { tenants: {}, isolation });
    const server = await startServer(t, framework, stack, isolation);
    for (const tenantId of ['acme-corp', 'a#b', 'acme-other']) {
      const answer = await fetchJson(server.url(`/api/tenants/${encodeURIComponent(tenantId)}/items`), {
        headers: signedIn('mallory', [tenantId, 'acme']),
      });
      t.is(answer.status, 400, `${tenantId}: ${JSON.stringify(answer.body)}`);
      t.like(answer.body, { error: 'invalid_tenant_id', tenantId });
      figures.operations += 1;
      figures.isolationAttacks += 1;
    }
    t.is(stack.provider.stats().assumeRoleCalls, 0, 'STS was never asked');
    t.is((await fetch(server.url('/health'))).status, 200);
  });

  test(`${framework}: a streamed export runs in the request's context: signed by the tenant's STS session, another tenant's refused`, async (t) => {
    const stack = await tenantStack(t, { tenants: { acme: 4, other: 2 } });
    const server = await startServer(t, framework, stack);
    const headers = signedIn('alice', ['acme']);
    const since = stack.mark();
    const own = await fetch(server.url('/api/tenants/acme/export'), { headers });
    const text = await own.text();
    t.is(own.status, 200);
    t.deepEqual(tenantsIn(text), ['acme', 'acme', 'acme', 'acme']);
    const signers = since();
    t.true(signers.length >= 5, signers.join());
    t.deepEqual([...new Set(signers)], ['acme'], "every read of the export went through acme's STS session");
    figures.operations += 5;

    const leak = await fetch(server.url('/api/tenants/acme/export?as=other'), { headers }).then(
      async (response) => ({ status: response.status, text: await response.text().catch(() => '') }),
      () => ({ status: 0, text: '' }),
    );
    t.false(leak.status === 200 && tenantsIn(leak.text).includes('other'), `${leak.status} ${leak.text.trim()}`);
    t.false(leak.text.includes('"other"'));
    t.true(server.errors.some((error) => (error as Error).name === 'TenantIsolationError'));
    figures.isolationAttacks += 1;
    t.is((await fetch(server.url('/health'))).status, 200);
  });
}

test('isolation given to the provider and, differently, to the middleware or module fails at start-up', async (t) => {
  const stack = await tenantStack(t, { tenants: {} });
  const principal = () => ({ tenants: ['acme'] });
  t.throws(() => expressTenantContext({ provider: stack.provider, principal, isolation: { separator: '|' } }), {
    instanceOf: ConfigurationError,
    message: /isolation option and the provider's disagree \(separator\)/,
  });
  t.throws(() => koaTenantContext({ provider: stack.provider, principal, isolation: { allowScan: true } }), {
    instanceOf: ConfigurationError,
    message: /disagree \(allowScan\)/,
  });
  await t.throwsAsync(
    startApp({
      imports: [
        FluentDynamoModule.forRoot({
          client: stack.appClient,
          tenants: stack.provider,
          closeOnDestroy: false,
          tenantContext: { isolation: { keyPrefix: (id) => `T#${id}` } },
        }),
      ],
    }).then(async (running) => {
      // The module is created lazily by Nest; a request makes sure the resources exist.
      await running.close();
    }),
    { message: /disagree \(keyPrefix\)/ },
  );
  // The same object, or the same settings, agree.
  const isolation = stack.provider.isolation;
  t.notThrows(() => expressTenantContext({ provider: stack.provider, principal, ...(isolation ? { isolation } : {}) }));
  t.notThrows(() => koaTenantContext({ provider: stack.provider, principal, isolation: {} }));
  t.throws(() => expressTenantContext({ provider: stack.provider, principal, isolation: { separator: '' } }), {
    instanceOf: ConfigurationError,
  });
});

/** Tenant ids an attacker would send: the scope's and STS's forbidden characters, look-alikes, long ones, random. */
const attackerTenantId = fc
  .oneof(
    { arbitrary: fc.constantFrom('acme', 'other'), weight: 3 },
    fc.constantFrom('a#b', 'acme#other', 'TENANT#acme', 'a:b', 'a*', 'a?b', 'a b', 'a\tb', 'a\u0000b'),
    fc.constantFrom('a\u200bb', 'acme＃x', 'ACME', ' acme', 'x'.repeat(200), 'a/b', '%', '%25', 'a%23b'),
    fc.stringMatching(/^[A-Za-z0-9_.@+=,-]{1,20}$/),
    fc.string({ minLength: 1, maxLength: 16 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
  )
  .filter((id) => {
    if (id === '.' || id === '..') return false; // URL dot segments: not a route of the app at all
    try {
      encodeURIComponent(id);
      return true;
    } catch {
      return false; // a lone surrogate cannot be put in a URL
    }
  });

/** Who asks: nobody, a member, somebody else's member, or a principal claiming a list of tenants. */
const attacker = fc.oneof(
  fc.constant({ kind: 'anonymous' as const }),
  fc.constant({ kind: 'member' as const }),
  fc.constant({ kind: 'stranger' as const }),
  fc.array(attackerTenantId, { maxLength: 3 }).map((tenants) => ({ kind: 'claims' as const, tenants })),
);

const SCOPE_REFUSES = /[#*?/:\s\p{Cc}\p{Cf}]|^$/u;

type Who = typeof attacker extends fc.Arbitrary<infer W> ? W : never;
type Attempt = [framework: Framework, tenantId: string, who: Who, as: string | undefined];

/**
 * Requests of known outcome, run through the same checks before the generated ones (the generator alone makes a
 * request that may be granted only now and then), each also held to its status: per framework, two that must be
 * granted (a member; a principal listing the tenant, reading its own partition), one refused by the scope (400)
 * and two refused for the tenant (403: a principal that does not list it; a member reading another tenant's
 * partition). Their `who` objects are their own, which is how the property recognizes them.
 */
const KNOWN: ReadonlyArray<{ readonly attempt: Attempt; readonly status: number }> = FRAMEWORKS.flatMap((framework) => [
  { attempt: [framework, 'acme', { kind: 'member' }, undefined] as Attempt, status: 200 },
  { attempt: [framework, 'other', { kind: 'claims', tenants: ['acme', 'other'] }, 'other'] as Attempt, status: 200 },
  { attempt: [framework, 'a#b', { kind: 'member' }, undefined] as Attempt, status: 400 },
  { attempt: [framework, 'acme', { kind: 'stranger' }, undefined] as Attempt, status: 403 },
  { attempt: [framework, 'acme', { kind: 'member' }, 'other'] as Attempt, status: 403 },
]);
const KNOWN_STATUS = new Map<Who, number>(KNOWN.map(({ attempt, status }) => [attempt[2], status]));

test('generated tenant ids and principals through Express, Koa and NestJS: only documented statuses, never a crash, never a foreign item', async (t) => {
  const stack = await tenantStack(t, { tenants: TENANTS });
  const servers = new Map<Framework, Awaited<ReturnType<typeof startServer>>>();
  for (const framework of FRAMEWORKS) servers.set(framework, await startServer(t, framework, stack));
  const statuses = new Map<number, number>();
  let knownAnswered = 0;
  const since = stack.mark();
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...FRAMEWORKS),
      attackerTenantId,
      attacker,
      fc.option(fc.constantFrom('other', 'acme'), { nil: undefined }),
      async (framework, tenantId, who, as) => {
        const server = servers.get(framework) as Awaited<ReturnType<typeof startServer>>;
        const headers =
          who.kind === 'anonymous'
            ? {}
            : who.kind === 'member'
              ? signedIn('m', [tenantId])
              : who.kind === 'stranger'
                ? signedIn(
                    's',
                    ['acme', 'other'].filter((id) => id !== tenantId),
                  )
                : signedIn('c', who.tenants);
        const query = as === undefined ? '' : `?as=${encodeURIComponent(as)}`;
        const stsBefore = stack.provider.stats().assumeRoleCalls;
        const answer = await fetchJson(server.url(`/api/tenants/${encodeURIComponent(tenantId)}/items${query}`), {
          headers,
        });
        figures.operations += 1;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const where = `${framework} ${JSON.stringify(tenantId)} ${who.kind} as=${as}: ${answer.status} ${JSON.stringify(answer.body)}`;
        const known = KNOWN_STATUS.get(who);
        if (known !== undefined) {
          if (answer.status !== known) throw new Error(`expected ${known}: ${where}`);
          knownAnswered += 1;
        }
        if (![200, 400, 401, 403, 503].includes(answer.status)) throw new Error(`undocumented status: ${where}`);
        if (who.kind === 'anonymous' && answer.status !== 401) throw new Error(`anonymous not 401: ${where}`);
        if (who.kind !== 'anonymous' && SCOPE_REFUSES.test(tenantId)) {
          if (answer.status !== 400 || answer.body?.error !== 'invalid_tenant_id') throw new Error(`not 400: ${where}`);
          if (stack.provider.stats().assumeRoleCalls !== stsBefore) throw new Error(`STS was asked: ${where}`);
        }
        const listed = who.kind === 'member' || (who.kind === 'claims' && who.tenants.includes(tenantId));
        if (answer.status === 200) {
          if (!listed) throw new Error(`granted to a principal that does not list the tenant: ${where}`);
          if (tenantsIn(answer.body).some((id) => id !== tenantId)) throw new Error(`foreign items: ${where}`);
          if (as !== undefined && as !== tenantId) throw new Error(`?as= another tenant answered 200: ${where}`);
        } else if (who.kind !== 'anonymous') {
          figures.isolationAttacks += 1;
        }
      },
    ),
    { numRuns: KNOWN.length + RUNS * 3, examples: KNOWN.map(({ attempt }) => attempt) },
  );
  t.log([...statuses].map(([status, n]) => `${status}: ${n}`).join(', '));
  for (const [framework, server] of servers) {
    t.is((await fetch(server.url('/health'))).status, 200, `${framework} still answers`);
  }
  t.true((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0 && (statuses.get(403) ?? 0) > 0);
  t.is(knownAnswered, KNOWN.length, 'every request of known outcome was sent and had its status');
  const signers = since();
  t.true(signers.length > 0);
  t.false(signers.includes('app'), "no request of a tenant's went out on the application's credentials");
});
