// StsTenantClientProvider end to end: local STS + a DynamoDB Local of this file's own, started with sharedDb so a
// tenant's data stays visible when its credentials (and so its access key id) change. In front of it, for some
// tests, a credential gate that answers like DynamoDB does to expired or unknown credentials.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { createTable, DynamoRequestError, Repository, runWithClient } from '../../src/index.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../src/testing/index.js';
import { newUser, User } from '../fixtures/entities.js';
import { uniqueTableName } from '../support/dynamo.js';
import { type CredentialGate, startCredentialGate, type Verdict } from './support/credential-gate.js';
import { member, roleArnOf, stackFor, type TenancyStack } from './support/stack.js';

let dynamo: LocalDynamoDb;
let admin: DynamoDBClient;
const tableName = uniqueTableName('tenant-users');
/** Repository whose own client is the admin one: tenants reach it through runWithClient / withClient. */
let users: Repository<User>;

test.before(async () => {
  dynamo = await startLocalDynamoDb({ via: 'java', sharedDb: true, startTimeoutMs: 60_000 });
  admin = dynamo.client();
  users = new Repository(User, { client: admin, tableName });
  await createTable(admin, User, { tableName });
});

test.after.always(async () => {
  await dynamo?.stop();
});

async function gate(t: Parameters<typeof stackFor>[0], verdict: (key: string) => Verdict): Promise<CredentialGate> {
  const g = await startCredentialGate(dynamo.endpoint, verdict);
  t.teardown(() => g.close());
  return g;
}

function issuedKeys(stack: TenancyStack): string[] {
  return stack.sts
    .assumeRoleCalls()
    .flatMap((c) => (c.outcome.ok && c.outcome.accessKeyId ? [c.outcome.accessKeyId] : []));
}

test("a tenant's scoped client reads and writes its data, with the contract's options", async (t) => {
  const stack = await stackFor(t, {
    roles: { [roleArnOf('acme')]: { externalId: 'unique-external-id-12345', principals: ['appcaller'] } },
  });
  const tenants = stack.provider(dynamo.endpoint, {
    sessionName: (tenantId, principal) => `tenant-${tenantId}-user-${principal?.userId ?? 'system'}`,
    durationSeconds: 3600,
    externalId: 'unique-external-id-12345',
    tags: (tenantId, principal) => ({ TenantId: tenantId, UserId: principal?.userId ?? 'unknown' }),
    refreshBeforeExpirySeconds: 300,
  });
  const principal = member('u1', 'acme');
  await tenants.run('acme', principal, () => users.put.withItem(newUser('acme-u1', { name: 'Ada' })).execute());
  const { item } = await tenants.run('acme', principal, () => users.get.withKey({ userId: 'acme-u1' }).execute());
  t.true(item instanceof User);
  t.is(item?.name, 'Ada');
  const client = await tenants.clientFor('acme', principal);
  t.is((await users.get.withKey({ userId: 'acme-u1' }).withClient(client).execute()).item?.name, 'Ada');
  t.is(
    await runWithClient(client, async () => (await users.get.withKey({ userId: 'acme-u1' }).execute()).item?.name),
    'Ada',
  );

  const calls = stack.sts.assumeRoleCalls();
  t.is(calls.length, 1, 'one AssumeRole for all of the above');
  t.deepEqual(calls[0]?.input, {
    RoleArn: 'arn:aws:iam::123456789012:role/TenantRole-acme',
    RoleSessionName: 'tenant-acme-user-u1',
    DurationSeconds: 3600,
    ExternalId: 'unique-external-id-12345',
    Tags: [
      { Key: 'TenantId', Value: 'acme' },
      { Key: 'UserId', Value: 'u1' },
    ],
  });
  t.is(calls[0]?.caller, 'appcaller');
});

test('1,000 concurrent first requests for one tenant make exactly one AssumeRole; then the cache answers', async (t) => {
  const stack = await stackFor(t, { latencyMs: 50 });
  // 1,000 GetItems queue on the pool; the connection timeout counts the wait for a socket, so it is generous here.
  const tenants = stack.provider(dynamo.endpoint, { http: { connectionTimeoutMs: 60_000, requestTimeoutMs: 60_000 } });
  await users.put.withItem(newUser('burst', { name: 'Burst' })).execute();
  const principal = member('u1', 'burst-co');
  const prepared = users.get.withKey({ userId: 'burst' });
  const names = await Promise.all(
    Array.from({ length: 1000 }, () =>
      tenants.run('burst-co', principal, async () => (await prepared.execute()).item?.name),
    ),
  );
  t.true(names.every((name) => name === 'Burst'));
  t.is(stack.assumeRoleCount('burst-co'), 1);
  const stats = tenants.stats();
  t.is(stats.misses, 1);
  t.is(stats.coalesced, 999);
  t.is(stats.assumeRoleCalls, 1);
  t.is(stats.inFlight, 0);

  const first = await tenants.clientFor('burst-co', principal);
  t.is(await tenants.clientFor('burst-co', principal), first, 'the same client while the entry lives');
  await tenants.run('burst-co', principal, () => prepared.execute());
  t.is(stack.assumeRoleCount('burst-co'), 1, 'cache hits call STS no more');
  t.is(tenants.stats().hits, 3);
  t.is(stack.eventsOf('cache-hit').length, 3);
});

test('credentials are renewed at expiry minus the buffer with exactly one AssumeRole, in place', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(dynamo.endpoint, { durationSeconds: 900, refreshBeforeExpirySeconds: 300 });
  await users.put.withItem(newUser('renew', { name: 'Renewed' })).execute();
  const client = await tenants.clientFor('renew-co');
  const get = users.get.withKey({ userId: 'renew' }).withClient(client);

  stack.sts.clock.advance(599_000);
  await get.execute();
  t.is(stack.assumeRoleCount(), 1, 'still fresh one second before expiry minus buffer');

  stack.sts.clock.advance(1_000);
  const [again] = await Promise.all([
    tenants.clientFor('renew-co'),
    ...Array.from({ length: 49 }, () => tenants.clientFor('renew-co')),
    ...Array.from({ length: 50 }, () => get.execute()),
  ]);
  t.is(stack.assumeRoleCount(), 2, 'one renewal for 100 concurrent uses');
  t.is(again, client, 'the client handed out before keeps working: its credentials were renewed underneath');
  t.is((await get.execute()).item?.name, 'Renewed');
  const [, second] = issuedKeys(stack);
  t.truthy(second);
  t.deepEqual(
    stack.eventsOf('refresh').map((e) => e.reason),
    ['before-expiry'],
  );

  stack.sts.clock.advance(3_600_000);
  t.is((await get.execute()).item?.name, 'Renewed', 'long after expiry: renewed on use');
  t.is(stack.assumeRoleCount(), 3);
  t.deepEqual(
    stack.eventsOf('refresh').map((e) => e.reason),
    ['before-expiry', 'expired'],
  );
});

test('requests in flight during a renewal finish with the credentials they were signed with', async (t) => {
  const stack = await stackFor(t);
  const g = await gate(t, (key) => (stack.sts.session(key)?.expired ? 'expired' : undefined));
  const tenants = stack.provider(g.endpoint, { durationSeconds: 900, refreshBeforeExpirySeconds: 300 });
  await users.put.withItem(newUser('inflight', { name: 'In flight' })).execute();
  const client = await tenants.clientFor('flight-co');
  const [firstKey] = issuedKeys(stack);
  g.hold(firstKey as string);
  const slow = users.get.withKey({ userId: 'inflight' }).withClient(client).execute();
  await g.held();
  stack.sts.clock.advance(600_000);
  const fast = await users.get.withKey({ userId: 'inflight' }).withClient(client).execute();
  t.is(fast.item?.name, 'In flight');
  t.is(stack.assumeRoleCount(), 2, 'renewed while the first request waited');
  g.release();
  t.is((await slow).item?.name, 'In flight', 'the old credentials were still valid: no failure');
  t.deepEqual(g.seen, [firstKey, issuedKeys(stack)[1]]);
  t.is(tenants.stats().expiredTokenRetries, 0);
});

test('ExpiredToken from DynamoDB: the entry is renewed once and the operation retried, for every builder', async (t) => {
  const stack = await stackFor(t);
  const expired = new Set<string>();
  const g = await gate(t, (key) => (expired.has(key) ? 'expired' : undefined));
  const tenants = stack.provider(g.endpoint);
  await users.put.withItem(newUser('exp', { name: 'Expired once' })).execute();
  const client = await tenants.clientFor('exp-co');
  const [firstKey] = issuedKeys(stack);
  expired.add(firstKey as string);

  const results = await Promise.all([
    ...Array.from({ length: 10 }, () => users.get.withKey({ userId: 'exp' }).withClient(client).execute()),
    ...Array.from({ length: 5 }, () =>
      users.query
        .where('pk = {0}' as string, 'USER#exp')
        .withClient(client)
        .execute(),
    ),
    ...Array.from({ length: 5 }, (_, i) =>
      runWithClient(client, () => users.put.withItem(newUser(`exp-put-${i}`)).execute()),
    ),
  ]);
  t.is(results.length, 20);
  t.is(stack.assumeRoleCount(), 2, 'one renewal for 20 failed requests');
  t.is(tenants.stats().expiredTokenRetries, 20);
  const retries = stack.eventsOf('credentials-expired-retry');
  t.is(retries.length, 20);
  t.is(retries[0]?.code, 'ExpiredTokenException');
  t.true(retries.some((e) => e.operation === 'QueryCommand'));
  t.deepEqual(
    stack.eventsOf('refresh').map((e) => e.reason),
    ['expired-token'],
  );
  const secondKey = issuedKeys(stack)[1];
  t.is(g.seen.filter((k) => k === firstKey).length, 20);
  t.is(g.seen.filter((k) => k === secondKey).length, 20);
});

test('UnrecognizedClient (revoked credentials) is handled the same way', async (t) => {
  const stack = await stackFor(t);
  const g = await gate(t, (key) => (stack.sts.session(key)?.revoked ? 'unrecognized' : undefined));
  const tenants = stack.provider(g.endpoint);
  await users.put.withItem(newUser('revoked', { name: 'Revoked' })).execute();
  const client = await tenants.clientFor('rev-co');
  stack.sts.revoke(issuedKeys(stack)[0] as string);
  t.is((await users.get.withKey({ userId: 'revoked' }).withClient(client).execute()).item?.name, 'Revoked');
  t.is(stack.assumeRoleCount(), 2);
  t.is(stack.eventsOf('credentials-expired-retry')[0]?.code, 'UnrecognizedClientException');
});

test('the retry happens once: a second ExpiredToken reaches the caller', async (t) => {
  const stack = await stackFor(t);
  const g = await gate(t, () => 'expired');
  const tenants = stack.provider(g.endpoint);
  const client = await tenants.clientFor('doomed');
  const error = await t.throwsAsync(users.get.withKey({ userId: 'x' }).withClient(client).execute(), {
    instanceOf: DynamoRequestError,
  });
  t.is((error as DynamoRequestError).code, 'ExpiredTokenException');
  t.is(stack.assumeRoleCount(), 2);
  t.is(g.seen.length, 2);
});

test('a tenant id routes to its region: the region is part of the cache key', async (t) => {
  const stack = await stackFor(t);
  const regionOf: Record<string, string> = { eu1: 'eu-west-1', us1: 'us-east-1' };
  const tenants = stack.provider(dynamo.endpoint, { region: (tenantId) => regionOf[tenantId] ?? 'us-east-1' });
  const eu = await tenants.clientFor('eu1');
  const us = await tenants.clientFor('us1');
  t.is(await eu.config.region(), 'eu-west-1');
  t.is(await us.config.region(), 'us-east-1');
  t.is(stack.sts.assumeRoleCalls().length, 2);
  t.is(stack.events.find((e) => e.type === 'assume-role-success' && e.tenantId === 'eu1')?.region, 'eu-west-1');
});
