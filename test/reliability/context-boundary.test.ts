// The tenant boundary at the context helpers, tried as an attacker would, against the local STS and DynamoDB Local
// (Express 5 on 127.0.0.1, a provider with isolation):
//
// - A listener bound with bindClientContext (or a job captured with clientContextSnapshot) in acme's request carries
//   acme's client AND acme's tenant scope: fired during another tenant's request, or outside any request, a read of
//   another tenant's partition is refused; acme's own reads go through acme's STS session.
// - Work of a request that lost its context entirely (a job drained by a timer that belongs to no request) is not
//   sent on the application's own credentials: TenantIsolationError, saying how to opt out; application work in
//   runWithoutClient still uses the application's client.
import { EventEmitter } from 'node:events';
import test from 'ava';
import express, { type Request } from 'express';
import { bindClientContext, clientContextSnapshot } from '../../src/context/bind.js';
import { runWithoutClient } from '../../src/context/without-client.js';
import { TenantIsolationError } from '../../src/index.js';
import { expressTenantContext } from '../../src/middleware/express/index.js';
import { serve } from '../middleware/support/http.js';
import { figuresFor } from './support/figures.js';
import { itemsOf, type TenantStack, tenantStack } from './support/tenant-http.js';
import { principalOf, signedIn } from './support/tenant-servers.js';

const figures = figuresFor(test, 'context-boundary');

type Outcome = { ok: true; tenants: string[] } | { ok: false; error: string; message: string };

async function outcomeOf(read: () => Promise<Array<{ tenantId: string }>>): Promise<Outcome> {
  try {
    return { ok: true, tenants: [...new Set((await read()).map((item) => item.tenantId))] };
  } catch (error) {
    return { ok: false, error: (error as Error).name, message: (error as Error).message };
  }
}

/**
 * An app with a shared emitter of jobs ('read <tenant>'): /subscribe registers a listener bound to the request
 * (bindClientContext) and a job captured with clientContextSnapshot; /fire emits them from another request.
 */
async function app(t: import('ava').ExecutionContext, stack: TenantStack) {
  const jobs = new EventEmitter();
  const outcomes: Array<{ via: string; target: string; outcome: Outcome }> = [];
  const snapshots: Array<(target: string) => Promise<void>> = [];
  const unbound: Array<() => Promise<void>> = [];
  const router = express.Router({ mergeParams: true });
  router.post('/subscribe', (_req, res) => {
    jobs.on(
      'read',
      bindClientContext(async (target: string, done: () => void) => {
        outcomes.push({
          via: 'bindClientContext',
          target,
          outcome: await outcomeOf(() => itemsOf(stack.items, target)),
        });
        done();
      }),
    );
    const run = clientContextSnapshot();
    snapshots.push(async (target) => {
      const outcome = await run(() => outcomeOf(() => itemsOf(stack.items, target)));
      outcomes.push({ via: 'clientContextSnapshot', target, outcome });
    });
    res.json({ subscribed: true });
  });
  router.post('/fire', async (req, res) => {
    const target = String(req.query.target);
    await new Promise<void>((resolve) => jobs.emit('read', target, resolve));
    for (const snapshot of snapshots) await snapshot(target);
    res.json({ fired: true });
  });
  // A job queue of the app, drained by a timer that belongs to no request: the jobs lose their context.
  router.post('/enqueue', (req, res) => {
    const tenantId = (req.params as { tenantId: string }).tenantId;
    unbound.push(async () => {
      outcomes.push({ via: 'queue', target: tenantId, outcome: await outcomeOf(() => itemsOf(stack.items, tenantId)) });
    });
    res.json({ queued: true });
  });
  const express_ = express();
  express_.use(
    '/api/tenants/:tenantId',
    expressTenantContext({ provider: stack.provider, principal: (req: Request) => principalOf((n) => req.get(n)) }),
    router,
  );
  const served = await serve(express_);
  t.teardown(() => served.close());
  const post = (path: string, tenantId: string) =>
    fetch(served.url(path), { method: 'POST', headers: signedIn('u', [tenantId]) }).then((r) => r.json());
  /** Runs the queued jobs the way the app's timer does: from no context. */
  const drain = () =>
    new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        Promise.all(unbound.splice(0).map((job) => job())).then(() => resolve(), reject);
      }, 1);
    });
  return { jobs, outcomes, post, drain };
}

test("a listener bound (or a job captured) in acme's request keeps acme's scope: another tenant's partition is refused, in other's request and outside any", async (t) => {
  const stack = await tenantStack(t, { tenants: { acme: 2, other: 2 } });
  const { jobs, outcomes, post } = await app(t, stack);
  t.deepEqual(await post('/api/tenants/acme/subscribe', 'acme'), { subscribed: true });

  // Fired during other's request: the attack reads other's partition with acme's credentials.
  const since = stack.mark();
  await post('/api/tenants/other/fire?target=other', 'other');
  // Fired outside any request (a test emitting directly: no context at all).
  await new Promise<void>((resolve) => jobs.emit('read', 'other', resolve));
  // acme's own work still goes through, on acme's session.
  await post('/api/tenants/other/fire?target=acme', 'other');

  const attacks = outcomes.filter((o) => o.target === 'other');
  t.is(attacks.length, 3, 'bindClientContext twice, clientContextSnapshot once');
  for (const { via, outcome } of attacks) {
    t.like(outcome, { ok: false, error: 'TenantIsolationError' }, via);
    if (!outcome.ok) t.regex(outcome.message, /tenant acme/, via);
    figures.isolationAttacks += 1;
  }
  const own = outcomes.filter((o) => o.target === 'acme');
  t.deepEqual(
    own.map((o) => o.outcome),
    [
      { ok: true, tenants: ['acme'] },
      { ok: true, tenants: ['acme'] },
    ],
  );
  const signers = since();
  t.deepEqual([...new Set(signers)], ['acme'], "only acme's own reads were sent, on acme's STS session");
  figures.operations += outcomes.length;
});

test("a request's job that lost its context is refused the application's client; runWithoutClient is the explicit way for application work", async (t) => {
  const stack = await tenantStack(t, { tenants: { acme: 2, other: 1 } });
  const { outcomes, post, drain } = await app(t, stack);
  const since = stack.mark();
  await post('/api/tenants/acme/enqueue', 'acme');
  await post('/api/tenants/other/enqueue', 'other');
  await drain();
  t.is(outcomes.length, 2);
  for (const { target, outcome } of outcomes) {
    t.like(outcome, { ok: false, error: 'TenantIsolationError' }, target);
    if (!outcome.ok) t.regex(outcome.message, /runWithoutClient/);
    figures.isolationAttacks += 1;
  }
  t.deepEqual(since(), [], 'nothing was sent on the application credentials (or any)');
  // Application work, said so explicitly.
  const all = await runWithoutClient(() => stack.items.scan.consistentRead().all());
  t.is(all.length, 3);
  t.deepEqual(since(), ['app']);
  await t.throwsAsync(() => stack.items.scan.all(), { instanceOf: TenantIsolationError });
  figures.operations += 4;
});
