// onEvent, logger and stats(): what they receive, and that no secret ever shows up in them.
import test from 'ava';
import type { TenantEvent } from '../../src/tenancy/index.js';
import { member, stackFor } from './support/stack.js';

const NOWHERE = 'http://127.0.0.1:9';

test('events follow a miss, an AssumeRole, a hit and a refusal, with tenant, role and timings', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, { durationSeconds: 900 });
  await tenants.clientFor('acme', member('u1', 'acme'));
  await tenants.clientFor('acme', member('u1', 'acme'));
  await t.throwsAsync(tenants.clientFor('acme', member('u1', 'other')));
  t.deepEqual(
    stack.events.map((e) => e.type),
    ['cache-miss', 'assume-role-start', 'assume-role-success', 'cache-hit', 'access-denied'],
  );
  const success = stack.eventsOf('assume-role-success')[0] as TenantEvent;
  t.is(success.tenantId, 'acme');
  t.is(success.roleArn, 'arn:aws:iam::123456789012:role/TenantRole-acme');
  t.is(success.sessionName, 'tenant-acme');
  t.is(success.region, 'us-east-1');
  t.true((success.durationMs ?? -1) >= 0);
  t.is(success.expiresAt?.getTime(), Math.floor((stack.sts.clock.now() + 900_000) / 1000) * 1000);
  t.is(success.at.getTime(), stack.sts.clock.now(), 'event times come from the provider clock');
});

test('no event or log line carries a key, a token or an external id', async (t) => {
  const stack = await stackFor(t, {
    roles: { 'arn:aws:iam::123456789012:role/TenantRole-acme': { externalId: 'very-secret-external-id' } },
  });
  const lines: string[] = [];
  const log = (level: string) => (message: string, event: TenantEvent) =>
    lines.push(`${level} ${message} ${JSON.stringify(event)}`);
  const tenants = stack.provider(NOWHERE, {
    externalId: 'very-secret-external-id',
    tags: (id) => ({ TenantId: id }),
    durationSeconds: 900,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  });
  await tenants.clientFor('acme');
  stack.sts.clock.advance(700_000);
  await tenants.clientFor('acme');
  stack.sts.failNext('AccessDenied');
  await tenants.clientFor('globex').catch(() => undefined);
  const secrets = stack.sts
    .assumeRoleCalls()
    .flatMap((c) => (c.outcome.ok && c.outcome.accessKeyId ? [c.outcome.accessKeyId] : []))
    .concat(['very-secret-external-id']);
  const everything = JSON.stringify(stack.events) + lines.join('\n');
  for (const secret of secrets) t.false(everything.includes(secret), secret);
  t.false(/sessionToken|secretAccessKey|SessionToken|SecretAccessKey/.test(everything));
  t.true(lines.some((l) => l.startsWith('info fluent-dynamo tenant acme: assume-role-success')));
  t.true(lines.some((l) => l.startsWith('info fluent-dynamo tenant acme: refresh')));
  t.true(lines.some((l) => l.startsWith('error fluent-dynamo tenant globex: assume-role-failure (AccessDenied)')));
  t.true(lines.some((l) => l.startsWith('debug fluent-dynamo tenant acme: cache-miss')));
});

test('a throwing onEvent or logger does not fail the request', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, {
    onEvent: () => {
      throw new Error('broken hook');
    },
    logger: {
      info: () => {
        throw new Error('broken logger');
      },
    },
  });
  await t.notThrowsAsync(tenants.clientFor('acme'));
});

test('stats() counts hits, misses, joins, calls, failures, refreshes and refusals', async (t) => {
  const stack = await stackFor(t, { latencyMs: 20 });
  const tenants = stack.provider(NOWHERE, { durationSeconds: 900 });
  await Promise.all([tenants.clientFor('a'), tenants.clientFor('a'), tenants.clientFor('a')]);
  await tenants.clientFor('a');
  stack.sts.clock.advance(600_000);
  await tenants.clientFor('a');
  stack.sts.failNext('AccessDenied');
  await t.throwsAsync(tenants.clientFor('b'));
  await t.throwsAsync(tenants.clientFor('b'));
  await t.throwsAsync(tenants.clientFor('a', member('x')));
  const pending = tenants.clientFor('c');
  await new Promise((resolve) => setTimeout(resolve, 5));
  t.is(tenants.stats().inFlight, 1);
  await pending;
  t.deepEqual(tenants.stats(), {
    hits: 1,
    misses: 4,
    coalesced: 2,
    negativeHits: 1,
    assumeRoleCalls: 4,
    assumeRoleFailures: 1,
    refreshes: 1,
    evictions: 0,
    expiredTokenRetries: 0,
    accessDenied: 1,
    inFlight: 0,
    cachedClients: 2,
    cachedTenants: 2,
  });
});
