// The cache's life cycle: LRU bound, prune, evict, close; scoped clients that cannot close the shared pool; an
// STS client given by the application.
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import test from 'ava';
import { TenantCredentialsError } from '../../src/errors/errors.js';
import { testEndpoint } from '../support/dynamo.js';
import { stackFor } from './support/stack.js';

const NOWHERE = 'http://127.0.0.1:9';

test('the cache is bounded: the least recently used entry goes first', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, { maxCachedClients: 3 });
  const a = await tenants.clientFor('a');
  await tenants.clientFor('b');
  await tenants.clientFor('c');
  t.is(await tenants.clientFor('a'), a, 'a is now the most recently used');
  await tenants.clientFor('d');
  t.deepEqual(
    stack.eventsOf('cache-evict').map((e) => [e.tenantId, e.reason]),
    [['b', 'lru']],
  );
  t.is(tenants.stats().cachedClients, 3);
  t.is(tenants.stats().cachedTenants, 3);
  t.is(tenants.stats().evictions, 1);
  await tenants.clientFor('b');
  t.is(stack.assumeRoleCount('b'), 2, 'an evicted tenant assumes its role again');
  t.is(stack.assumeRoleCount('a'), 1);
});

test('one cache entry per distinct AssumeRole call: per-user session names make per-user entries', async (t) => {
  const stack = await stackFor(t);
  const perUser = stack.provider(NOWHERE, { sessionName: (id, p) => `tenant-${id}-user-${p?.userId ?? 'system'}` });
  const u1 = await perUser.clientFor('acme', { userId: 'u1', tenants: ['acme'] });
  const u2 = await perUser.clientFor('acme', { userId: 'u2', tenants: ['acme'] });
  t.not(u1, u2);
  t.is(perUser.stats().cachedClients, 2);
  t.is(perUser.stats().cachedTenants, 1);
  const perTenant = stack.provider(NOWHERE);
  t.is(
    await perTenant.clientFor('acme', { userId: 'u1', tenants: ['acme'] }),
    await perTenant.clientFor('acme', { userId: 'u2', tenants: ['acme', 'other'] }),
    'the default session name does not depend on the user: one entry per tenant',
  );
  const tagged = stack.provider(NOWHERE, { tags: (id, p) => ({ TenantId: id, UserId: p?.userId ?? 'unknown' }) });
  t.not(await tagged.clientFor('acme', { userId: 'u1', tenants: ['acme'] }), await tagged.clientFor('acme'));
});

test('prune() drops expired entries; evict() drops a tenant', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, { durationSeconds: 900 });
  const a = await tenants.clientFor('a');
  await tenants.clientFor('b');
  t.is(tenants.prune(), 0);
  stack.sts.clock.advance(900_000);
  await tenants.clientFor('c');
  t.is(tenants.prune(), 2);
  t.deepEqual(
    stack.eventsOf('cache-evict').map((e) => [e.tenantId, e.reason]),
    [
      ['a', 'expired'],
      ['b', 'expired'],
    ],
  );
  t.not(await tenants.clientFor('a'), a, 'a new entry (and client) after pruning');
  t.is(tenants.evict('c'), 1);
  t.is(tenants.evict('nobody'), 0);
  t.is(tenants.stats().cachedClients, 1);
});

test('a scoped client cannot destroy the shared pool; its own middleware stays its own', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(testEndpoint());
  const a = await tenants.clientFor('pool-a');
  const b = await tenants.clientFor('pool-b');
  a.destroy();
  t.false(tenants.httpHandler.closed);
  await t.notThrowsAsync(b.send(new ListTablesCommand({})));
  await t.notThrowsAsync(a.send(new ListTablesCommand({})), 'destroy() is a no-op on scoped clients');

  const seenByA: string[] = [];
  a.middlewareStack.add(
    (next, context) => (args) => {
      seenByA.push(context.commandName ?? '');
      return next(args);
    },
    { step: 'initialize', name: 'onlyA' },
  );
  await a.send(new ListTablesCommand({}));
  await b.send(new ListTablesCommand({}));
  t.deepEqual(seenByA, ['ListTablesCommand'], 'middleware added to one tenant does not run for another');
});

test('close() releases everything once; afterwards calls fail with ProviderClosed', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(testEndpoint());
  const client = await tenants.clientFor('closing');
  await tenants.close();
  await tenants.close();
  t.true(tenants.closed);
  t.true(tenants.httpHandler.closed);
  const error = await t.throwsAsync(tenants.clientFor('closing'), { instanceOf: TenantCredentialsError });
  t.is((error as { code?: string }).code, 'ProviderClosed');
  await t.throwsAsync(client.send(new ListTablesCommand({})), { message: /closed/ });
  t.is(tenants.stats().cachedClients, 0);
});

test('an STSClient given by the application is used and left open by close()', async (t) => {
  const stack = await stackFor(t);
  const sts = new STSClient({ ...stack.sts.clientConfig('ownclient'), maxAttempts: 1 });
  t.teardown(() => sts.destroy());
  const tenants = stack.provider(NOWHERE, { sts });
  t.is(tenants.stsClient, sts);
  await tenants.clientFor('acme');
  t.is(stack.sts.assumeRoleCalls()[0]?.caller, 'ownclient');
  await tenants.close();
  await t.notThrowsAsync(sts.send(new (await import('@aws-sdk/client-sts')).GetCallerIdentityCommand({})));
});
