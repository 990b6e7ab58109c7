import test from 'ava';
import { demoUser } from '../../../examples/local-development/demo-users.js';
import { User } from '../../../examples/shared/user.js';
import { Repository } from '../../../src/index.js';
import { as, fetchJson, type Served, serve } from '../../middleware/support/http.js';
import { type BuildUsersApp, type TenantFixture, tenantFixture } from './tenant-fixture.js';

const seed: Record<string, () => User[]> = {
  acme: () => [
    demoUser('alice', 'acme.example', { createdAt: new Date('2026-01-01T00:00:00Z') }),
    demoUser('carol', 'acme.example', { createdAt: new Date('2026-01-02T00:00:00Z') }),
    demoUser('dave', 'acme.example', { createdAt: new Date('2026-01-03T00:00:00Z'), status: 'inactive' }),
    demoUser('erin', 'acme.example', { createdAt: new Date('2026-01-04T00:00:00Z') }),
  ],
  globex: () => [demoUser('bob', 'globex.example')],
};

/**
 * The multi-tenant users API, as the Express and the Koa example must
 * both answer it, through real HTTP (fetch on a server listening on port 0).
 */
export function usersApiSuite(framework: string, build: BuildUsersApp): void {
  let fixture: TenantFixture;
  let served: Served;
  const alice = as('alice', ['acme']);
  const bob = as('bob', ['globex']);

  test.before(async () => {
    fixture = await tenantFixture(['acme', 'globex'], (id) => (seed[id] as () => User[])());
    served = await serve(build({ users: fixture.users, tenants: fixture.tenants }));
  });
  test.after.always(async () => {
    await served?.close();
    fixture?.close();
  });

  const url = (path: string) => served.url(path);
  const post = (path: string, body: unknown, headers = alice) =>
    fetchJson(url(path), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  /** What the tenant's own database holds, read without HTTP and without any scope. */
  const stored = (tenantId: string, userId: string) =>
    new Repository(User, fixture.tenants.client(tenantId)).get.withKey({ userId }).consistentRead().execute();

  test(`${framework}: GET a user of the tenant; 404 for an unknown or malformed id`, async (t) => {
    const carol = await fetchJson(url('/api/tenants/acme/users/carol'), { headers: alice });
    t.is(carol.status, 200);
    t.like(carol.body, { userId: 'carol', email: 'carol@acme.example', status: 'active', version: 1 });
    t.is((await fetchJson(url('/api/tenants/acme/users/nobody'), { headers: alice })).status, 404);
    t.is((await fetchJson(url('/api/tenants/acme/users/a%23b'), { headers: alice })).status, 404);
  });

  test(`${framework}: the same user id in another tenant is another tenant's data`, async (t) => {
    t.is((await fetchJson(url('/api/tenants/globex/users/carol'), { headers: bob })).status, 404);
    const bobAnswer = await fetchJson(url('/api/tenants/globex/users/bob'), { headers: bob });
    t.is(bobAnswer.body.email, 'bob@globex.example');
  });

  test(`${framework}: GET the active users through the StatusIndex, newest first, page by page`, async (t) => {
    // Other tests create users concurrently: look at the seeded ones only.
    const seen: User[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = cursor ? `limit=2&cursor=${encodeURIComponent(cursor)}` : 'limit=2';
      const page = await fetchJson(url(`/api/tenants/acme/users?${query}`), { headers: alice });
      t.is(page.status, 200);
      t.true(page.body.items.length <= 2);
      seen.push(...page.body.items);
      cursor = page.body.cursor;
      pages += 1;
    } while (cursor && pages < 10);
    t.true(pages >= 2, 'more than one page');
    const seeded = seen.map((u) => u.userId).filter((id) => ['alice', 'carol', 'dave', 'erin'].includes(id));
    t.deepEqual(seeded, ['erin', 'carol', 'alice'], 'newest first, without the inactive dave');
    t.true(seen.every((u) => u.status === 'active' && u.email.endsWith('@acme.example')));
    t.is((await fetchJson(url('/api/tenants/acme/users?limit=0'), { headers: alice })).status, 400);
    const forged = await fetchJson(url('/api/tenants/acme/users?cursor=not-a-cursor'), { headers: alice });
    t.deepEqual([forged.status, forged.body.error], [400, 'invalid_cursor']);
  });

  test(`${framework}: POST creates in the tenant's database only, 201 with Location`, async (t) => {
    const user = { userId: 'frank', email: 'frank@acme.example', name: 'Frank' };
    const created = await post('/api/tenants/acme/users', user);
    t.is(created.status, 201);
    t.is(created.headers.get('location'), '/api/tenants/acme/users/frank');
    t.like(created.body, { ...user, status: 'active', version: 1 });
    t.is((await stored('acme', 'frank')).item?.email, 'frank@acme.example');
    t.is((await stored('globex', 'frank')).item, undefined);
    t.is(
      (await fixture.users.get
        .withKey({ userId: 'frank' })
        .execute()
        .catch((error: Error) => error.name)) as string,
      'DynamoRequestError',
      'nothing went to the default client (its database has no users table)',
    );
  });

  test(`${framework}: POST of an existing id is a 409 and changes nothing`, async (t) => {
    const answer = await post('/api/tenants/acme/users', { userId: 'alice', email: 'evil@x.example', name: 'Evil' });
    t.deepEqual([answer.status, answer.body], [409, { error: 'user_exists', userId: 'alice' }]);
    t.is((await stored('acme', 'alice')).item?.email, 'alice@acme.example');
  });

  test(`${framework}: POST of bad input is a 400 listing the problems`, async (t) => {
    const answer = await post('/api/tenants/acme/users', { userId: 'a b', email: 'nope', name: '', status: 'gone' });
    t.is(answer.status, 400);
    t.is(answer.body.error, 'invalid_user');
    t.is(answer.body.problems.length, 4);
    t.is((await post('/api/tenants/acme/users', '{"userId": ')).status, 400, 'malformed JSON');
    t.is((await post('/api/tenants/acme/users', [])).status, 400);
  });

  test(`${framework}: the tenant middleware refuses: 401 without principal, 403 for another tenant`, async (t) => {
    t.is((await fetchJson(url('/api/tenants/acme/users/alice'))).status, 401);
    const denied = await fetchJson(url('/api/tenants/globex/users/bob'), { headers: alice });
    t.is(denied.status, 403);
    t.is(denied.body.error, 'tenant_access_denied');
    const write = await post('/api/tenants/globex/users', { userId: 'mallory', email: 'm@x.example', name: 'M' });
    t.is(write.status, 403);
    t.is((await stored('globex', 'mallory')).item, undefined);
    t.deepEqual((await fetchJson(url('/healthz'))).body, { ok: true });
  });
}
