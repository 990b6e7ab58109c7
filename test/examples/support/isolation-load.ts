import { Agent, request } from 'node:http';
import test from 'ava';
import { demoUser } from '../../../examples/local-development/demo-users.js';
import { User } from '../../../examples/shared/user.js';
import { currentClient, Repository } from '../../../src/index.js';
import { as, type Served, serve } from '../../middleware/support/http.js';
import { type BuildUsersApp, tenantFixture } from './tenant-fixture.js';

const TENANTS = 50;
const REQUESTS = 2_000;
/** Connections from the test to the app: enough to keep 2 cores busy, bounded so 2,000 requests queue instead of opening 2,000 sockets. */
const CONNECTIONS = 64;

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of the example
  body: any;
}

function send(
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      { method, agent, headers: payload ? { ...headers, 'content-type': 'application/json' } : headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = res.headers['content-type']?.includes('json');
          resolve({ status: res.statusCode ?? 0, body: json ? JSON.parse(text) : text });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Acceptance of issue 5: at least 2,000 concurrent HTTP requests over 50
 * tenants, each tenant's client with its own access key (its own DynamoDB
 * Local database); every answer carries its own tenant's data, and
 * afterwards each tenant's database holds exactly its own writes.
 */
export function isolationUnderLoad(framework: string, build: BuildUsersApp): void {
  test(`${framework}: ${REQUESTS} concurrent requests over ${TENANTS} tenants stay in their tenants`, async (t) => {
    t.timeout(180_000);
    const ids = Array.from({ length: TENANTS }, (_, i) => `t${i}`);
    const domain = (tenant: string) => `${tenant}.example`;
    // Each database starts with one user, `whoami`, named after its tenant.
    const fixture = await tenantFixture(ids, (id) => [demoUser('whoami', domain(id), { name: id })], {
      maxSockets: 64,
    });
    const app = build({ users: fixture.users, tenants: fixture.tenants });
    // /probe, answered outside the app: does a request that set no client see one?
    const served: Served = await serve((req, res) => {
      if (req.url === '/probe') res.end(currentClient() === undefined ? 'clean' : 'leak');
      else app(req, res);
    });
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const posted = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    const problems: string[] = [];
    const started = Date.now();
    try {
      await Promise.all(
        Array.from({ length: REQUESTS }, async (_, k) => {
          const tenant = ids[k % TENANTS] as string;
          const other = ids[(k + 1) % TENANTS] as string;
          const headers = as(`user${k}`, [tenant]);
          const base = served.url(`/api/tenants/${tenant}`);
          const kind = Math.floor(k / TENANTS) % 5;
          const fail = (what: string, answer: Answer) =>
            problems.push(`#${k} ${tenant} ${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
          if (kind === 0) {
            const answer = await send(agent, `${base}/users/whoami`, 'GET', headers);
            if (
              answer.status !== 200 ||
              answer.body.name !== tenant ||
              answer.body.email !== `whoami@${domain(tenant)}`
            )
              fail('get', answer);
          } else if (kind === 1) {
            const userId = `u${k}`;
            posted.get(tenant)?.add(userId);
            const user = { userId, email: `${userId}@${domain(tenant)}`, name: tenant };
            const answer = await send(agent, `${base}/users`, 'POST', headers, user);
            if (answer.status !== 201 || answer.body.name !== tenant || answer.body.userId !== userId)
              fail('post', answer);
          } else if (kind === 2) {
            const answer = await send(agent, `${base}/users?limit=100`, 'GET', headers);
            const items: User[] = answer.body?.items ?? [];
            const own = items.every((u) => u.name === tenant && u.email.endsWith(`@${domain(tenant)}`));
            if (answer.status !== 200 || !own || !items.some((u) => u.userId === 'whoami')) fail('list', answer);
          } else if (kind === 3) {
            const answer = await send(agent, served.url(`/api/tenants/${other}/users/whoami`), 'GET', headers);
            if (answer.status !== 403) fail(`get of ${other}`, answer);
          } else {
            const answer = await send(agent, served.url('/probe'), 'GET', {});
            if (answer.body !== 'clean') fail('probe', answer);
          }
        }),
      );
    } finally {
      agent.destroy();
      await served.close();
    }
    t.log(`${framework}: ${REQUESTS} requests over ${TENANTS} tenants in ${Date.now() - started} ms`);
    t.deepEqual(problems.slice(0, 10), [], `${problems.length} wrong answers`);

    // Each tenant's database, read directly: exactly `whoami` and that tenant's own posts.
    const stored = await Promise.all(
      ids.map(async (id) => ({ id, items: await new Repository(User, fixture.tenants.client(id)).scan.all() })),
    );
    for (const { id, items } of stored) {
      const expected = ['whoami', ...(posted.get(id) ?? [])].sort();
      t.deepEqual(items.map((u) => u.userId).sort(), expected, `database of ${id}`);
      t.true(
        items.every((u) => u.name === id && u.email.endsWith(`@${domain(id)}`)),
        `database of ${id} holds another tenant's writes`,
      );
    }
    t.is(
      stored.reduce((n, { items }) => n + items.length, 0),
      TENANTS + REQUESTS / 5,
    );
    fixture.close();
  });
}
