// The Nest example (examples/nestjs) end to end: HTTP (fetch) -> guard -> @TenantScoped() -> StsTenantClientProvider
// -> local STS -> DynamoDB Local. DynamoDB Local of `npm test` (DYNAMODB_ENDPOINT) runs without sharedDb: one database
// per access key id, and each tenant's STS session has a key of its own (one session per tenant, clock frozen so it is
// never renewed). So each tenant has a database of its own, and a request that ran on another tenant's client (or on
// the default client, whose database has no tables) would read the wrong database: the tests would see it.

import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Scope } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import test from 'ava';
import { demoUser, seedUsers } from '../../examples/local-development/demo-users.js';
import { createUsersApp } from '../../examples/nestjs/create-app.js';
import { EXTERNAL_ID, stsTenantOptions, tenantRoleArn } from '../../examples/nestjs/sts-tenants.js';
import { UsersController } from '../../examples/nestjs/users.controller.js';
import { UsersService } from '../../examples/nestjs/users.service.js';
import { User } from '../../examples/shared/user.js';
import { Repository, type StsTenantClientProvider } from '../../src/index.js';
import { getRepositoryToken, TENANT_CLIENTS, type TenantClaims } from '../../src/nestjs/index.js';
import { type LocalSts, startLocalSts } from '../../src/testing/index.js';
import { as, fetchJson, type JsonAnswer } from '../middleware/support/http.js';
import { randomAlphanumeric, testEndpoint } from '../support/dynamo.js';

const APP_CALLER = 'nestjsapp';
let sts: LocalSts;
let app: INestApplication;
let tenants: StsTenantClientProvider<TenantClaims>;
let base: string;

const seeded: Record<string, User[]> = {
  acme: [
    demoUser('alice', 'acme.example', { createdAt: new Date('2026-01-01T00:00:00Z') }),
    demoUser('carol', 'acme.example', { createdAt: new Date('2026-01-02T00:00:00Z') }),
    demoUser('dave', 'acme.example', { createdAt: new Date('2026-01-03T00:00:00Z'), status: 'inactive' }),
    demoUser('erin', 'acme.example', { createdAt: new Date('2026-01-04T00:00:00Z') }),
  ],
  globex: [demoUser('bob', 'globex.example')],
};

test.before(async () => {
  const endpoint = testEndpoint();
  const region = process.env.DYNAMODB_REGION ?? 'us-east-1';
  // acme and globex have roles that trust only the app and require the external id; other roles exist for anyone.
  const trusted = { externalId: EXTERNAL_ID, principals: [APP_CALLER] };
  sts = await startLocalSts({
    roles: { [tenantRoleArn('acme')]: trusted, [tenantRoleArn('globex')]: trusted },
    clock: { frozen: true },
  });
  app = await createUsersApp(
    {
      // A database of its own, without tables: a request that escaped its tenant's scope fails.
      clientConfig: {
        endpoint,
        region,
        credentials: { accessKeyId: `n${randomAlphanumeric(12)}`, secretAccessKey: 'x' },
      },
      tenants: stsTenantOptions({
        // No SDK retries: a failure injected with failNext shows as it is.
        sts: { ...sts.clientConfig(APP_CALLER), maxAttempts: 1 },
        dynamo: { endpoint, region, maxAttempts: 1 },
        clock: () => sts.clock.now(),
      }),
    },
    false,
  );
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  tenants = app.get(TENANT_CLIENTS);
  for (const [tenantId, users] of Object.entries(seeded)) await seedUsers(await tenants.clientFor(tenantId), users);
});

test.after.always(async () => {
  await app?.close();
  await sts?.stop();
});

const url = (path: string) => `${base}${path}`;
const alice = as('alice', ['acme']);
const bob = as('bob', ['globex']);
const post = (path: string, body: unknown, headers: Record<string, string>) =>
  fetchJson(url(path), {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
/** What a tenant's own database holds, read through its STS-scoped client, without HTTP. */
const stored = async (tenantId: string, userId: string) =>
  (await new Repository(User, await tenants.clientFor(tenantId)).get.withKey({ userId }).consistentRead().execute())
    .item;

test("GET /api/tenants/:tenantId/users/:userId reads the tenant's user; the same id elsewhere is another tenant's", async (t) => {
  const carol = await fetchJson(url('/api/tenants/acme/users/carol'), { headers: alice });
  t.is(carol.status, 200);
  t.like(carol.body, { userId: 'carol', email: 'carol@acme.example', status: 'active', version: 1 });
  t.deepEqual((await fetchJson(url('/api/tenants/acme/users/nobody'), { headers: alice })).body, {
    error: 'not_found',
  });
  t.is((await fetchJson(url('/api/tenants/globex/users/carol'), { headers: bob })).status, 404);
  t.like((await fetchJson(url('/api/tenants/globex/users/bob'), { headers: bob })).body, {
    email: 'bob@globex.example',
  });
});

test('GET /api/tenants/:tenantId/users lists the active users through the StatusIndex, newest first', async (t) => {
  const seen: User[] = [];
  let cursor: string | undefined;
  do {
    const query = cursor ? `limit=2&cursor=${encodeURIComponent(cursor)}` : 'limit=2';
    const page: JsonAnswer = await fetchJson(url(`/api/tenants/acme/users?${query}`), { headers: alice });
    t.is(page.status, 200);
    seen.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor && seen.length < 50);
  const seededIds = seen.map((u) => u.userId).filter((id) => ['alice', 'carol', 'dave', 'erin'].includes(id));
  t.deepEqual(seededIds, ['erin', 'carol', 'alice'], 'newest first, without the inactive dave');
  t.true(
    seen.every((u) => u.status === 'active' && u.email.endsWith('@acme.example')),
    'only acme users',
  );
  const globex = await fetchJson(url('/api/tenants/globex/users'), { headers: bob });
  t.deepEqual(
    globex.body.items.map((u: User) => u.email.split('@')[1]).filter((d: string) => d !== 'globex.example'),
    [],
  );
  t.is((await fetchJson(url('/api/tenants/acme/users?limit=0'), { headers: alice })).status, 400);
  t.deepEqual((await fetchJson(url('/api/tenants/acme/users?cursor=forged'), { headers: alice })).body, {
    error: 'invalid_cursor',
  });
});

test("POST /api/tenants/:tenantId/users creates only if the id is new, in the tenant's database only", async (t) => {
  const user = { userId: 'frank', email: 'frank@acme.example', name: 'Frank' };
  const created = await post('/api/tenants/acme/users', user, alice);
  t.is(created.status, 201);
  t.is(created.headers.get('location'), '/api/tenants/acme/users/frank');
  t.like(created.body, { ...user, status: 'active', version: 1 });
  t.is((await stored('acme', 'frank'))?.email, 'frank@acme.example');
  t.is(await stored('globex', 'frank'), undefined);

  const again = await post('/api/tenants/acme/users', { ...user, email: 'evil@x.example' }, alice);
  t.deepEqual([again.status, again.body], [409, { error: 'user_exists', userId: 'frank' }]);
  t.is((await stored('acme', 'frank'))?.email, 'frank@acme.example', 'the conditional put changed nothing');

  const bad = await post('/api/tenants/acme/users', { userId: 'a b', email: 'nope', name: '' }, alice);
  t.deepEqual([bad.status, bad.body.error, bad.body.problems.length], [400, 'invalid_user', 3]);
});

test('a foreign tenant is refused with 403 and a JSON body, before any STS call; nobody signed in is 401', async (t) => {
  const read = await fetchJson(url('/api/tenants/globex/users/bob'), { headers: alice });
  t.is(read.status, 403);
  t.deepEqual(read.body, {
    error: 'tenant_access_denied',
    message: 'access to tenant "globex" denied',
    tenantId: 'globex',
    reason: 'not-a-member',
  });
  const write = await post('/api/tenants/globex/users', { userId: 'mallory', email: 'm@x.example', name: 'M' }, alice);
  t.is(write.status, 403);
  t.is(await stored('globex', 'mallory'), undefined);
  const list = await fetchJson(url('/api/tenants/globex/users'), { headers: alice });
  t.is(list.status, 403);
  // umbrella was never assumed: the refusal happens before STS is asked.
  t.is((await fetchJson(url('/api/tenants/umbrella/users'), { headers: alice })).status, 403);
  t.is(sts.assumeRoleCalls(tenantRoleArn('umbrella')).length, 0, 'refused before any AssumeRole');
  t.is((await fetchJson(url('/api/tenants/acme/users/alice'))).status, 401);
});

test('credential failures are 503: STS throttling (retry soon), AccessDenied (no retry); later requests recover', async (t) => {
  const headers = as('nora', ['newco', 'initech']);
  sts.failNext('Throttling', { roleArn: tenantRoleArn('newco') });
  const throttled = await fetchJson(url('/api/tenants/newco/users'), { headers });
  t.is(throttled.status, 503);
  t.deepEqual(throttled.body, {
    error: 'tenant_credentials_unavailable',
    message: 'credentials for tenant "newco" are unavailable',
    tenantId: 'newco',
  });
  t.is(throttled.headers.get('retry-after'), '1');
  // Within the provider's backoff (retryBackoffSeconds, 1 s): the same answer at once, STS not asked again.
  const before = sts.assumeRoleCalls(tenantRoleArn('newco')).length;
  const again = await fetchJson(url('/api/tenants/newco/users'), { headers });
  t.is(again.status, 503);
  t.is(again.headers.get('retry-after'), '1');
  t.is(sts.assumeRoleCalls(tenantRoleArn('newco')).length, before);

  sts.failNext('AccessDenied', { roleArn: tenantRoleArn('initech') });
  const denied = await fetchJson(url('/api/tenants/initech/users'), { headers });
  t.is(denied.status, 503);
  t.is(denied.headers.get('retry-after'), null);
  t.notRegex(JSON.stringify(denied.body), /arn:aws|123456789012/, 'no role ARN or account in the answer');

  // STS answers again, and the client waited the Retry-After: newco gets credentials, its database its table,
  // and the route works.
  sts.clock.advance(1_000);
  await seedUsers(await tenants.clientFor('newco'), [demoUser('nina', 'newco.example')]);
  const recovered = await fetchJson(url('/api/tenants/newco/users'), { headers });
  t.is(recovered.status, 200);
  t.deepEqual(
    recovered.body.items.map((u: User) => u.userId),
    ['nina'],
  );
});

test("600 concurrent requests of 30 tenants never see each other's data; one AssumeRole per tenant", async (t) => {
  t.timeout(120_000);
  const ids = Array.from({ length: 30 }, (_, i) => `load${i}`);
  const domain = (tenant: string) => `${tenant}.example`;
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(
      ids
        .slice(i, i + 10)
        .map(async (id) => seedUsers(await tenants.clientFor(id), [demoUser('whoami', domain(id), { name: id })])),
    );
  }
  const posted = new Map<string, string[]>(ids.map((id) => [id, []]));
  const problems: string[] = [];
  await Promise.all(
    Array.from({ length: 600 }, async (_, k) => {
      const tenant = ids[k % ids.length] as string;
      const other = ids[(k + 7) % ids.length] as string;
      const headers = as(`user${k}`, [tenant]);
      const fail = (what: string, answer: JsonAnswer) =>
        problems.push(`#${k} ${tenant} ${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 160)}`);
      switch (k % 4) {
        case 0: {
          const answer = await fetchJson(url(`/api/tenants/${tenant}/users/whoami`), { headers });
          if (answer.status !== 200 || answer.body.name !== tenant) fail('get', answer);
          return;
        }
        case 1: {
          const userId = `u${k}`;
          posted.get(tenant)?.push(userId);
          const answer = await post(
            `/api/tenants/${tenant}/users`,
            { userId, email: `${userId}@${domain(tenant)}`, name: tenant },
            headers,
          );
          if (answer.status !== 201 || answer.body.name !== tenant) fail('post', answer);
          return;
        }
        case 2: {
          const answer = await fetchJson(url(`/api/tenants/${tenant}/users?limit=100`), { headers });
          const items: User[] = answer.body?.items ?? [];
          if (
            answer.status !== 200 ||
            !items.every((u) => u.name === tenant) ||
            !items.some((u) => u.userId === 'whoami')
          )
            fail('list', answer);
          return;
        }
        default: {
          const answer = await fetchJson(url(`/api/tenants/${other}/users/whoami`), { headers });
          if (answer.status !== 403) fail(`get of ${other}`, answer);
        }
      }
    }),
  );
  t.deepEqual(problems.slice(0, 10), [], `${problems.length} wrong answers`);
  // Each tenant's database, read directly: exactly `whoami` and its own posts, all named after the tenant.
  for (const id of ids) {
    const items = await new Repository(User, await tenants.clientFor(id)).scan.all();
    t.deepEqual(items.map((u) => u.userId).sort(), ['whoami', ...(posted.get(id) ?? [])].sort(), `database of ${id}`);
    t.true(
      items.every((u) => u.name === id && u.email.endsWith(`@${domain(id)}`)),
      `database of ${id}`,
    );
    t.is(sts.assumeRoleCalls(tenantRoleArn(id)).length, 1, `one AssumeRole for ${id}`);
  }
});

test('the controller, the service and the repository are singletons, never rebuilt per request', async (t) => {
  const controller = app.get(UsersController);
  const repository = app.get(getRepositoryToken(User), { strict: false });
  t.true(repository instanceof Repository);
  const moduleRef = app.get(ModuleRef);
  t.is(moduleRef.introspect(UsersController).scope, Scope.DEFAULT);
  t.is(moduleRef.introspect(UsersService).scope, Scope.DEFAULT);
  t.is(moduleRef.introspect(getRepositoryToken(User)).scope, Scope.DEFAULT);
  await fetchJson(url('/api/tenants/acme/users/alice'), { headers: alice });
  t.is(app.get(UsersController), controller);
  t.is(app.get(getRepositoryToken(User), { strict: false }), repository);
});
