// examples/first-app, as the guide docs/guides/first-app.md builds it: the app is served on loopback against the
// suite's DynamoDB Local and a local STS (each tenant's requests on its own AssumeRole credentials), and driven
// through real HTTP requests for two tenants. Cross-tenant attempts are made and must be refused.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { createApp } from '../../examples/first-app/src/app.js';
import { tokenAuthentication } from '../../examples/first-app/src/auth.js';
import { APP_CALLER, createLocalTables, EXTERNAL_ID, startTenantSts } from '../../examples/first-app/src/local.js';
import { createRepositories } from '../../examples/first-app/src/repositories.js';
import { createTenantProvider, tenantRoleArn } from '../../examples/first-app/src/tenants.js';
import type { TenantPrincipal } from '../../src/index.js';
import type { LocalSts } from '../../src/testing/index.js';
import { figuresFor } from '../reliability/support/figures.js';
import { testClient, testEndpoint } from '../support/dynamo.js';

const figures = figuresFor(test, 'first-app');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const TENANTS = ['acme', 'globex'];
const ALICE = 'Bearer alice-token'; // member of acme
const BOB = 'Bearer bob-token'; // member of globex
const tokens = new Map<string, TenantPrincipal>([
  ['alice-token', { userId: 'alice', tenants: ['acme'] }],
  ['bob-token', { userId: 'bob', tenants: ['globex'] }],
]);

interface Running {
  sts: LocalSts;
  tenants: ReturnType<typeof createTenantProvider>;
  client: ReturnType<typeof testClient>;
  server: Server;
  base: string;
}
let running: Running | undefined;

function base(): string {
  if (!running) throw new Error('the app is not running');
  return running.base;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(method: string, url: string, authorization: string | undefined, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  const response = await fetch(`${base()}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body: answer, headers: response.headers };
}

interface TaskJson {
  taskId: string;
  projectId: string;
  tenantId: string;
  title: string;
  assignee?: string;
  createdAt?: string;
  version?: number;
}

function tasksOf(answer: Answer): TaskJson[] {
  const list = answer.body.items ?? answer.body.tasks;
  if (!Array.isArray(list)) throw new Error(`no task list in ${JSON.stringify(answer.body)}`);
  return list;
}

/** Every page of a listing, following `cursor` to the end. */
async function allPages(url: string, authorization: string, limit: number) {
  const pages: TaskJson[][] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  do {
    const query = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await call('GET', `${url}${query}`, authorization);
    if (answer.status !== 200) throw new Error(`${url}${query}: ${answer.status} ${JSON.stringify(answer.body)}`);
    pages.push(tasksOf(answer));
    cursor = typeof answer.body.cursor === 'string' ? answer.body.cursor : undefined;
    if (cursor) cursors.push(cursor);
    if (pages.length > 50) throw new Error('more than 50 pages: the cursor does not advance');
  } while (cursor);
  return { pages, items: pages.flat(), cursors };
}

test.before(async () => {
  const sts = await startTenantSts(TENANTS);
  const tenants = createTenantProvider({
    sts: sts.clientConfig(APP_CALLER),
    dynamo: { region: process.env.DYNAMODB_REGION ?? 'us-east-1', endpoint: testEndpoint() },
    externalId: EXTERNAL_ID,
  });
  // The app's own client: a database of its own, where no tenant's data is.
  const client = testClient();
  await createLocalTables(client, tenants, TENANTS);
  const repositories = createRepositories(client, 'a cursor secret of at least 32 bytes, for the test');
  const app = createApp({ tenants, repositories, authenticate: tokenAuthentication(tokens) });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  running = { sts, tenants, client, server, base: `http://127.0.0.1:${address.port}` };
});

test.after.always(async () => {
  if (!running) return;
  const { server, tenants, client, sts } = running;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await tenants.close();
  client.destroy();
  await sts.stop();
});

test.serial('each tenant creates its projects; an id that exists is answered 409', async (t) => {
  const created = await call('POST', '/api/tenants/acme/projects', ALICE, { projectId: 'website', name: 'Website' });
  t.is(created.status, 201, JSON.stringify(created.body));
  t.like(created.body, { tenantId: 'acme', projectId: 'website', name: 'Website', version: 1 });
  t.is(created.headers.get('location'), '/api/tenants/acme/projects/website');
  // The same id in another tenant is another project.
  const other = await call('POST', '/api/tenants/globex/projects', BOB, { projectId: 'website', name: 'Globex site' });
  t.is(other.status, 201, JSON.stringify(other.body));
  t.is((await call('POST', '/api/tenants/acme/projects', ALICE, { projectId: 'launch', name: 'Launch' })).status, 201);

  const again = await call('POST', '/api/tenants/acme/projects', ALICE, { projectId: 'website', name: 'Other' });
  t.is(again.status, 409);
  t.deepEqual(again.body, { error: 'already_exists' });

  const bad = await call('POST', '/api/tenants/acme/projects', ALICE, { projectId: 'a#b', name: '' });
  t.is(bad.status, 400);
  t.deepEqual(bad.body.problems, ['projectId: 1 to 64 letters, digits, _ or -', 'name: 1 to 200 characters']);

  // Every AssumeRole the app made was for the caller's own tenant's role, with the external id, once per tenant.
  const calls = running?.sts.assumeRoleCalls() ?? [];
  t.deepEqual(calls.map((c) => c.input.RoleArn).sort(), TENANTS.map(tenantRoleArn).sort());
  t.true(calls.every((c) => c.outcome.ok && c.input.ExternalId === EXTERNAL_ID && c.caller === APP_CALLER));
});

const TITLES = ['Design', 'Copy', 'Images', 'Build', 'Review', 'Test', 'Publish'];

test.serial('batch-created tasks come back page by page with encrypted cursors, all of them, once each', async (t) => {
  const batch = await call('POST', '/api/tenants/acme/projects/website/tasks', ALICE, {
    tasks: TITLES.map((title, i) => ({ title, assignee: i % 2 === 0 ? 'alice' : 'carol' })),
  });
  t.is(batch.status, 201, JSON.stringify(batch.body));
  const created = tasksOf(batch);
  t.is(created.length, TITLES.length);
  t.deepEqual(
    created.map((task) => task.title),
    TITLES,
    'the answer lists the tasks in the order they were sent',
  );
  t.true(
    created.every((task) => task.version === 1 && !Number.isNaN(Date.parse(task.createdAt ?? ''))),
    'as stored: with createdAt and version',
  );
  const globex = await call('POST', '/api/tenants/globex/projects/website/tasks', BOB, {
    tasks: [{ title: 'Globex task', assignee: 'alice' }, { title: 'Another' }],
  });
  t.is(globex.status, 201);
  // Into a project that does not exist: 404, nothing written.
  t.is((await call('POST', '/api/tenants/acme/projects/nope/tasks', ALICE, { tasks: [{ title: 'x' }] })).status, 404);

  const { pages, items, cursors } = await allPages('/api/tenants/acme/projects/website/tasks', ALICE, 3);
  t.true(pages.length >= 3, `pages: ${pages.map((p) => p.length).join(', ')}`);
  t.true(pages.every((page) => page.length <= 3));
  const ids = items.map((task) => task.taskId);
  t.is(new Set(ids).size, ids.length, 'no task twice');
  t.deepEqual([...ids].sort(), created.map((task) => task.taskId).sort(), 'every task of the project, no other');
  t.true(items.every((task) => task.tenantId === 'acme' && task.projectId === 'website'));
  // Encrypted: the cursor shows neither the key attributes nor the tenant.
  t.true(cursors.length > 0);
  for (const cursor of cursors) {
    t.regex(cursor, /^e1\./);
    t.notRegex(Buffer.from(cursor.slice(3), 'base64url').toString('latin1'), /TENANT|acme|pk|sk/);
  }
  // An altered cursor is a 400, not a 500.
  const cut = cursors[0].slice(0, -4);
  const altered = await call(
    'GET',
    `/api/tenants/acme/projects/website/tasks?cursor=${encodeURIComponent(cut)}`,
    ALICE,
  );
  t.is(altered.status, 400);
  t.deepEqual(altered.body, { error: 'invalid_cursor' });
});

test.serial(
  'a task moves to another project in one transaction; a move to a missing project changes nothing',
  async (t) => {
    const before = (await allPages('/api/tenants/acme/projects/website/tasks', ALICE, 100)).items;
    const task = before.find((x) => x.assignee === 'alice');
    if (!task) throw new Error('alice has tasks in website');
    const moved = await call('POST', `/api/tenants/acme/projects/website/tasks/${task.taskId}/move`, ALICE, {
      toProjectId: 'launch',
    });
    t.is(moved.status, 200, JSON.stringify(moved.body));
    t.like(moved.body, { taskId: task.taskId, projectId: 'launch', title: task.title, version: 1 });

    const website = (await allPages('/api/tenants/acme/projects/website/tasks', ALICE, 2)).items;
    const launch = (await allPages('/api/tenants/acme/projects/launch/tasks', ALICE, 2)).items;
    t.false(website.some((x) => x.taskId === task.taskId));
    t.is(website.length, before.length - 1);
    t.deepEqual(
      launch.map((x) => x.taskId),
      [task.taskId],
    );

    // It is no longer in website.
    const gone = await call('POST', `/api/tenants/acme/projects/website/tasks/${task.taskId}/move`, ALICE, {
      toProjectId: 'launch',
    });
    t.is(gone.status, 404);
    // To a project that does not exist: the transaction is cancelled, the task stays where it is.
    const other = website[0];
    const nowhere = await call('POST', `/api/tenants/acme/projects/website/tasks/${other.taskId}/move`, ALICE, {
      toProjectId: 'missing',
    });
    t.is(nowhere.status, 404);
    t.deepEqual(nowhere.body, { error: 'project_not_found' });
    const after = (await allPages('/api/tenants/acme/projects/website/tasks', ALICE, 100)).items;
    t.true(after.some((x) => x.taskId === other.taskId));
  },
);

test.serial("the ByAssignee index lists one person's tasks of the tenant, across projects", async (t) => {
  const { items } = await allPages('/api/tenants/acme/assignees/alice/tasks', ALICE, 2);
  const expected = TITLES.filter((_, i) => i % 2 === 0);
  t.deepEqual(items.map((task) => task.title).sort(), [...expected].sort());
  t.true(items.every((task) => task.tenantId === 'acme' && task.assignee === 'alice'));
  t.true(
    items.some((task) => task.projectId === 'launch'),
    'the moved task is found under its new project',
  );
  const carol = await allPages('/api/tenants/acme/assignees/carol/tasks', ALICE, 10);
  t.is(carol.items.length, TITLES.length - expected.length);
  // globex's alice task is globex's.
  const globex = await allPages('/api/tenants/globex/assignees/alice/tasks', BOB, 10);
  t.deepEqual(
    globex.items.map((task) => task.title),
    ['Globex task'],
  );
});

test.serial('cross-tenant attempts are refused', async (t) => {
  // 1. A member of acme asks for globex's tasks, and writes into globex: 403 before any STS call.
  const assumed = running?.sts.assumeRoleCalls().length;
  const read = await call('GET', '/api/tenants/globex/projects/website/tasks', ALICE);
  t.is(read.status, 403);
  t.like(read.body, { error: 'tenant_access_denied', reason: 'not-a-member' });
  const write = await call('POST', '/api/tenants/globex/projects', ALICE, { projectId: 'mine', name: 'Mine' });
  t.is(write.status, 403);
  t.is(running?.sts.assumeRoleCalls().length, assumed, 'no AssumeRole for a refused tenant');
  figures.isolationAttacks += 2;

  // 2. No token, or an unknown one: 401.
  t.is((await call('GET', '/api/tenants/globex/projects/website/tasks', undefined)).status, 401);
  t.is((await call('GET', '/api/tenants/globex/projects/website/tasks', 'Bearer forged')).status, 401);
  figures.isolationAttacks += 2;

  // 3. A cursor of globex's listing, replayed in acme's: refused, it is another partition's.
  const globexPage = await call('GET', '/api/tenants/globex/projects/website/tasks?limit=1', BOB);
  const globexCursor = globexPage.body.cursor;
  if (typeof globexCursor !== 'string') throw new Error('globex has more than one task: a cursor is expected');
  const replayed = await call(
    'GET',
    `/api/tenants/acme/projects/website/tasks?limit=1&cursor=${encodeURIComponent(globexCursor)}`,
    ALICE,
  );
  t.is(replayed.status, 400);
  t.deepEqual(replayed.body, { error: 'invalid_cursor' });
  figures.isolationAttacks += 1;

  // 4. Key parts that would forge another tenant's key (TENANT#acme#ASSIGNEE#x#TENANT#globex...): refused.
  const forged = await call('GET', `/api/tenants/acme/assignees/${encodeURIComponent('x#TENANT#globex')}/tasks`, ALICE);
  t.is(forged.status, 400);
  t.deepEqual(forged.body, { error: 'invalid_value' });
  const forgedProject = await call(
    'GET',
    `/api/tenants/acme/projects/${encodeURIComponent('website#TASK#x')}/tasks`,
    ALICE,
  );
  t.is(forgedProject.status, 400);
  figures.isolationAttacks += 2;

  // 5. A body that names another tenant: the tenant comes from the request's context, never from the body.
  const smuggled = await call('POST', '/api/tenants/acme/projects', ALICE, {
    projectId: 'smuggled',
    name: 'S',
    tenantId: 'globex',
  });
  t.is(smuggled.status, 201);
  t.is(smuggled.body.tenantId, 'acme');
  const globexTasks = await allPages('/api/tenants/globex/projects/website/tasks', BOB, 10);
  t.is(globexTasks.items.length, 2, "globex's data is as globex wrote it");
  figures.isolationAttacks += 1;
});

test.serial('npm run example:first-app serves the app and stops everything on SIGINT', async (t) => {
  const child = spawn(process.execPath, [path.join(root, 'build/examples/first-app/src/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`main exited before listening:\n${output}`)));
  });
  const created = await fetch(`${url}/api/tenants/acme/projects`, {
    method: 'POST',
    headers: { authorization: ALICE, 'content-type': 'application/json' },
    body: JSON.stringify({ projectId: 'from-main', name: 'From main' }),
  });
  t.is(created.status, 201, output);
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  const [code] = await exited;
  t.is(code, 0, output);
  // Nothing left listening.
  await t.throwsAsync(fetch(`${url}/api/tenants/acme/projects`));
});
