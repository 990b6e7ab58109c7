// STS failures as the provider reports them: TenantCredentialsError with STS's code, advice and the SDK error as
// cause; refusals remembered for negativeCacheSeconds; renewals that fail while the current credentials are
// still good.
import test from 'ava';
import { TenantCredentialsError } from '../../src/errors/errors.js';
import type { TenantCredentialsDetails } from '../../src/tenancy/index.js';
import type { LocalStsErrorCode } from '../../src/testing/local-sts/index.js';
import { member, roleArnOf, stackFor } from './support/stack.js';

const NOWHERE = 'http://127.0.0.1:9';
type Failure = TenantCredentialsError & TenantCredentialsDetails;

test('AccessDenied surfaces as TenantCredentialsError with trust-policy advice, and is remembered', async (t) => {
  const stack = await stackFor(t, { unknownRoles: 'deny' });
  const tenants = stack.provider(NOWHERE, { negativeCacheSeconds: 30 });
  const error = (await t.throwsAsync(tenants.clientFor('acme'), { instanceOf: TenantCredentialsError })) as Failure;
  t.is(error.code, 'AccessDenied');
  t.is(error.tenantId, 'acme');
  t.is(error.roleArn, roleArnOf('acme'));
  t.false(error.retryable);
  t.regex(error.message, /trust policy of arn:aws:iam::123456789012:role\/TenantRole-acme/);
  t.is((error.cause as Error).name, 'AccessDenied');
  t.is(stack.assumeRoleCount(), 1);

  const again = (await t.throwsAsync(tenants.clientFor('acme'), { instanceOf: TenantCredentialsError })) as Failure;
  t.is(again.code, 'AccessDenied');
  t.regex(again.message, /remembered: STS is not asked again for 30s/);
  await t.throwsAsync(tenants.clientFor('acme'));
  t.is(stack.assumeRoleCount(), 1, 'not asked again while remembered');
  t.is(tenants.stats().negativeHits, 2);
  t.is(tenants.stats().cachedClients, 0, 'a failure is never cached as a client');

  stack.sts.setRole(roleArnOf('acme'), {});
  stack.sts.clock.advance(29_000);
  await t.throwsAsync(tenants.clientFor('acme'));
  t.is(stack.assumeRoleCount(), 1);
  stack.sts.clock.advance(1_000);
  await t.notThrowsAsync(tenants.clientFor('acme'), 'asked again once the refusal is forgotten');
  t.is(stack.assumeRoleCount(), 2);
  t.true(stack.eventsOf('negative-cache-hit').length >= 2);
});

test('a wrong external id is refused; the right one (per tenant) is accepted', async (t) => {
  const stack = await stackFor(t, {
    roles: {
      [roleArnOf('acme')]: { externalId: 'acme-external-id' },
      [roleArnOf('globex')]: { externalId: 'globex-external-id' },
    },
  });
  const wrong = stack.provider(NOWHERE, { externalId: 'unique-external-id-12345' });
  const error = (await t.throwsAsync(wrong.clientFor('acme'), { instanceOf: TenantCredentialsError })) as Failure;
  t.is(error.code, 'AccessDenied');
  t.regex(error.message, /sts:ExternalId/);
  const ids: Record<string, string> = { acme: 'acme-external-id', globex: 'globex-external-id' };
  const right = stack.provider(NOWHERE, { externalId: (tenantId) => ids[tenantId] });
  await t.notThrowsAsync(right.clientFor('acme'));
  await t.notThrowsAsync(right.clientFor('globex'));
  t.deepEqual(
    stack.sts.assumeRoleCalls().map((c) => [c.input.ExternalId, c.outcome.ok]),
    [
      ['unique-external-id-12345', false],
      ['acme-external-id', true],
      ['globex-external-id', true],
    ],
  );
});

test('each STS error code becomes a TenantCredentialsError with that code, retryability and advice', async (t) => {
  const stack = await stackFor(t);
  // How each failure is remembered: as a refusal (negativeCacheSeconds), as a backoff (retryBackoffSeconds, for
  // failures a retry may fix) or not at all.
  const cases: Array<[LocalStsErrorCode, boolean, RegExp, 'refusal' | 'backoff' | 'no']> = [
    ['ExpiredToken', true, /application's own credentials/, 'backoff'],
    ['RegionDisabled', false, /not activated/, 'refusal'],
    ['PackedPolicyTooLarge', false, /fewer or shorter tags/, 'refusal'],
    ['MalformedPolicyDocument', false, /session policy/, 'refusal'],
    ['Throttling', true, /quota/, 'backoff'],
    ['ValidationError', false, /MaxSessionDuration/, 'refusal'],
    ['InvalidClientTokenId', false, /access key id/, 'no'],
    ['ServiceUnavailable', true, /later attempt/, 'backoff'],
  ];
  for (const [code, retryable, advice, remembered] of cases) {
    const tenants = stack.provider(NOWHERE);
    stack.sts.failNext(code);
    const before = stack.assumeRoleCount();
    const error = (await t.throwsAsync(tenants.clientFor(`t-${code}`), {
      instanceOf: TenantCredentialsError,
    })) as Failure;
    t.is(error.code, code, code);
    t.is(error.retryable, retryable, code);
    t.regex(error.message, advice, code);
    t.regex(error.message, new RegExp(`failed: ${code}: `), code);
    t.truthy(error.cause, code);
    if (remembered === 'no') {
      await t.notThrowsAsync(tenants.clientFor(`t-${code}`), `${code} is not remembered`);
      t.is(stack.assumeRoleCount(), before + 2, code);
      continue;
    }
    const again = (await t.throwsAsync(tenants.clientFor(`t-${code}`), {
      instanceOf: TenantCredentialsError,
    })) as Failure;
    t.is(again.code, code);
    t.is(stack.assumeRoleCount(), before + 1, `${code} is remembered`);
    t.regex(again.message, new RegExp(`STS is not asked again for ${remembered === 'refusal' ? 30 : 1}s`), code);
  }
  t.true(
    stack.eventsOf('assume-role-failure').every((e) => typeof e.code === 'string' && typeof e.durationMs === 'number'),
  );
});

test('failures a retry may fix back off per tenant: 1 s, then doubling up to negativeCacheSeconds; an answer ends the streak', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, { negativeCacheSeconds: 5 });
  const attempt = () => tenants.clientFor('acme');
  /** Lets `waitMs` pass, makes STS's next answer a failure (or not), and returns whether the call reached STS. */
  const reachedSts = async (waitMs: number, fail: boolean) => {
    stack.sts.clock.advance(waitMs);
    if (fail) stack.sts.failNext('ServiceUnavailable');
    const before = stack.assumeRoleCount();
    await attempt().catch((error: unknown) => {
      if (!(error instanceof TenantCredentialsError)) throw error;
    });
    return stack.assumeRoleCount() - before === 1;
  };
  t.true(await reachedSts(0, true), 'first failure');
  t.false(await reachedSts(999, false), 'within 1 s: the remembered failure, no STS call');
  t.true(await reachedSts(1, true), 'after 1 s: asked again, fails again');
  t.false(await reachedSts(1_999, false), 'the second wait is 2 s');
  t.true(await reachedSts(1, true));
  t.false(await reachedSts(3_999, false), 'then 4 s');
  t.true(await reachedSts(1, true));
  t.false(await reachedSts(4_999, false), 'capped at negativeCacheSeconds (5 s), not 8 s');
  t.true(await reachedSts(1, false), 'STS answers');
  await t.notThrowsAsync(attempt());
  t.is(tenants.stats().cachedClients, 1);
  // A new streak starts at 1 s: the earlier one ended with the answer.
  tenants.evict('acme');
  t.true(await reachedSts(0, true));
  t.true(await reachedSts(1_000, false), 'after 1 s, not 8');
  const other = stack.provider(NOWHERE, { retryBackoffSeconds: 0 });
  stack.sts.failNext('ServiceUnavailable');
  await t.throwsAsync(other.clientFor('globex'), { instanceOf: TenantCredentialsError });
  await t.notThrowsAsync(other.clientFor('globex'), 'retryBackoffSeconds: 0 asks STS every time');
});

test('an unreachable STS is a retryable TenantCredentialsError', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, {
    sts: {
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    },
  });
  const error = (await t.throwsAsync(tenants.clientFor('acme'), { instanceOf: TenantCredentialsError })) as Failure;
  t.true(error.retryable);
  t.is(error.code, 'ECONNREFUSED');
});

test('a renewal that fails with a retryable error keeps the still-valid credentials serving', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, {
    durationSeconds: 900,
    refreshBeforeExpirySeconds: 300,
    negativeCacheSeconds: 20,
  });
  const client = await tenants.clientFor('acme');
  stack.sts.clock.advance(600_000);
  stack.sts.failNext('Throttling');
  t.is(await tenants.clientFor('acme'), client, 'served although the renewal failed');
  t.is(stack.eventsOf('refresh-failed-using-current').length, 1);
  t.is(stack.eventsOf('refresh-failed-using-current')[0]?.code, 'Throttling');
  await tenants.clientFor('acme');
  t.is(stack.assumeRoleCount(), 2, 'no new attempt during the retry delay');
  stack.sts.clock.advance(20_000);
  await tenants.clientFor('acme');
  t.is(stack.assumeRoleCount(), 3, 'renewed after the delay');
  t.true(stack.sts.assumeRoleCalls()[2]?.outcome.ok);
});

test('a renewal refused with AccessDenied stops the tenant at once (trust revoked)', async (t) => {
  const stack = await stackFor(t);
  const tenants = stack.provider(NOWHERE, { durationSeconds: 900, refreshBeforeExpirySeconds: 300 });
  await tenants.clientFor('acme', member('u1', 'acme'));
  stack.sts.clock.advance(600_000);
  stack.sts.setRole(roleArnOf('acme'), { principals: ['someone-else'] });
  const error = (await t.throwsAsync(tenants.clientFor('acme', member('u1', 'acme')))) as Failure;
  t.is(error.code, 'AccessDenied');
  t.is(tenants.stats().cachedClients, 0);
  t.is(stack.eventsOf('cache-evict')[0]?.reason, 'AccessDenied');
});
