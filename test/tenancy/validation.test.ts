// What the provider refuses before any STS call: bad tenant ids, principals without access, AssumeRole
// parameters that break STS's rules, and wrong options (at construction).
import test from 'ava';
import { ConfigurationError } from '../../src/clients/index.js';
import { TenantAccessDeniedError, TenantCredentialsError } from '../../src/errors/errors.js';
import { StsTenantClientProvider, type TenantAccessDeniedReason, tenantIdProblem } from '../../src/tenancy/index.js';
import { assumeRoleViolation } from '../../src/tenancy/sts-rules.js';
import { member, roleArnOf, stackFor } from './support/stack.js';

const NOWHERE = 'http://127.0.0.1:9';

test('tenant ids that could change an ARN or a key prefix are refused before STS', async (t) => {
  const stack = await stackFor(t);
  const provider = stack.provider(NOWHERE);
  const bad = [
    '',
    ' ',
    'acme corp',
    'acme/admin',
    'acme#1',
    'acme*',
    'ac?me',
    'acme:x',
    'acme,globex',
    '-acme',
    '.acme',
    'acme\n',
    'x'.repeat(65),
    'acmé',
  ];
  for (const tenantId of bad) {
    const error = await t.throwsAsync(
      provider.clientFor(tenantId),
      { instanceOf: TenantAccessDeniedError },
      JSON.stringify(tenantId),
    );
    t.is((error as { reason?: TenantAccessDeniedReason }).reason, 'invalid-tenant-id');
    t.regex(error?.message ?? '', /invalid tenant id/);
  }
  await t.throwsAsync(provider.clientFor(undefined as unknown as string), { instanceOf: TenantAccessDeniedError });
  t.is(stack.assumeRoleCount(), 0, 'no STS call');
  t.is(provider.stats().accessDenied, bad.length + 1);
  for (const good of [
    'acme',
    'Acme-Corp_2',
    'tenant.eu',
    'a',
    '7f3c2b9e-1d4a-4c8e-9b1a-2f6d8e0c4a11',
    'user@example.com',
  ]) {
    t.is(tenantIdProblem(good), undefined, good);
  }
  t.regex(tenantIdProblem('acme/admin') ?? '', /"\/" at position 4/);
  t.regex(tenantIdProblem('acme corp') ?? '', /whitespace at position 4/);
});

test('a principal that does not list the tenant is refused with no STS call', async (t) => {
  const stack = await stackFor(t);
  const provider = stack.provider(NOWHERE);
  const error = await t.throwsAsync(provider.clientFor('acme', member('u1', 'other')), {
    instanceOf: TenantAccessDeniedError,
  });
  t.is((error as { reason?: TenantAccessDeniedReason }).reason, 'not-a-member');
  t.regex(error?.message ?? '', /principal u1 may not act for tenant acme/);
  await t.throwsAsync(
    provider.clientFor('acme', { userId: 'u2' } as never),
    { instanceOf: TenantAccessDeniedError },
    'no tenants claim',
  );
  await t.throwsAsync(
    provider.run('acme', member('u1'), () => 'never'),
    { instanceOf: TenantAccessDeniedError },
  );
  t.is(stack.assumeRoleCount(), 0);
  t.deepEqual(
    stack.eventsOf('access-denied').map((e) => [e.tenantId, e.reason]),
    [
      ['acme', 'not-a-member'],
      ['acme', 'not-a-member'],
      ['acme', 'not-a-member'],
    ],
  );
  await t.notThrowsAsync(provider.clientFor('acme', member('u1', 'other', 'acme')));
  t.is(stack.assumeRoleCount(), 1);
});

test('authorize() decides instead of the tenants claim; requirePrincipal refuses system calls', async (t) => {
  const stack = await stackFor(t);
  const asked: string[] = [];
  const provider = stack.provider(NOWHERE, {
    requirePrincipal: true,
    authorize: async (tenantId, principal) => {
      asked.push(`${principal.userId}@${tenantId}`);
      return principal.userId === 'admin';
    },
  });
  const refused = await t.throwsAsync(provider.clientFor('acme', member('u1', 'acme')), {
    instanceOf: TenantAccessDeniedError,
  });
  t.is((refused as { reason?: TenantAccessDeniedReason }).reason, 'authorize-refused');
  const system = await t.throwsAsync(provider.clientFor('acme'), { instanceOf: TenantAccessDeniedError });
  t.is((system as { reason?: TenantAccessDeniedReason }).reason, 'principal-required');
  t.is(stack.assumeRoleCount(), 0);
  await t.notThrowsAsync(provider.clientFor('acme', member('admin')));
  t.deepEqual(asked, ['u1@acme', 'admin@acme']);
});

test('without a principal (system calls) no access check applies unless requirePrincipal', async (t) => {
  const stack = await stackFor(t);
  await t.notThrowsAsync(stack.provider(NOWHERE).clientFor('acme'));
});

test('AssumeRole parameters that break STS rules fail with TenantCredentialsError before the call', async (t) => {
  const stack = await stackFor(t);
  const cases: Array<[string, Parameters<typeof stack.provider>[1], RegExp, string?]> = [
    ['session name with a space', { sessionName: (id, p) => `tenant-${id}-user ${p?.userId}` }, /roleSessionName/],
    ['session name too long', { sessionName: (id) => `tenant-${id}-${'x'.repeat(60)}` }, /less than or equal to 64/],
    ['external id too short', { externalId: 'x' }, /externalId/],
    ['51 tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, /at 'tags'/],
    ['reserved tag key', { tags: { 'aws:TenantId': 'x' } }, /reserved/],
    ['duplicate tag keys', { tags: { TenantId: 'a', tenantid: 'b' } }, /case insensitive/],
    ['tag value with a bad character', { tags: (id) => ({ TenantId: `${id};drop` }) }, /tags\.1\.member\.value/],
    ['transitive key not a tag', { tags: { TenantId: 'x' }, transitiveTagKeys: ['UserId'] }, /transitive/],
    ['policy not JSON', { policy: '{nope' }, /valid JSON/, 'MalformedPolicyDocument'],
    ['policy too long', { policy: { Statement: 'x'.repeat(2100) } }, /at 'policy'/],
    ['not a role ARN', { roleArn: (id) => `arn:aws:iam::123456789012:user/${id}` }, /not a valid IAM role ARN/],
    [
      'role name too long',
      { roleArn: (id) => `arn:aws:iam::123456789012:role/${'R'.repeat(60)}-${id}` },
      /not a valid IAM role ARN/,
    ],
    [
      '11 policy ARNs',
      { policyArns: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`) },
      /policyArns/,
    ],
    [
      'roleArn not a string',
      { roleArn: () => undefined as unknown as string },
      /roleArn must give a string/,
      'InvalidConfiguration',
    ],
  ];
  for (const [name, options, message, code = 'ValidationError'] of cases) {
    const provider = stack.provider(NOWHERE, options);
    const error = await t.throwsAsync(provider.clientFor('acme'), { instanceOf: TenantCredentialsError }, name);
    t.regex(error?.message ?? '', message, name);
    t.is((error as { code?: string }).code, code, name);
    t.false((error as { retryable?: boolean }).retryable, name);
  }
  t.is(stack.assumeRoleCount(), 0, 'none of them reached STS');
  const secret = stack.provider(NOWHERE, { externalId: 's3cr3t!!' });
  const error = await t.throwsAsync(secret.clientFor('acme'));
  t.false(error?.message.includes('s3cr3t'), 'the external id is not echoed');
});

test('options are checked at construction with ConfigurationError', (t) => {
  const base = { roleArn: roleArnOf };
  const bad: Array<[Record<string, unknown>, string]> = [
    [{ roleArn: undefined }, 'roleArn'],
    [{ ...base, durationSeconds: 899 }, 'durationSeconds'],
    [{ ...base, durationSeconds: 43_201 }, 'durationSeconds'],
    [{ ...base, durationSeconds: 1000.5 }, 'durationSeconds'],
    [{ ...base, durationSeconds: 900, refreshBeforeExpirySeconds: 900 }, 'refreshBeforeExpirySeconds'],
    [{ ...base, refreshBeforeExpirySeconds: -1 }, 'refreshBeforeExpirySeconds'],
    [{ ...base, negativeCacheSeconds: -1 }, 'negativeCacheSeconds'],
    [{ ...base, maxCachedClients: 0 }, 'maxCachedClients'],
    [{ ...base, dynamo: { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } } }, 'dynamo.credentials'],
    [{ ...base, http: { maxSockets: -5 } }, 'maxSockets'],
  ];
  for (const [options, option] of bad) {
    const error = t.throws(
      () => new StsTenantClientProvider(options as never),
      { instanceOf: ConfigurationError },
      option,
    );
    t.is(error?.option, option);
  }
});

test('assumeRoleViolation: the shared STS rules', (t) => {
  const ok = { RoleArn: roleArnOf('acme'), RoleSessionName: 'tenant-acme' };
  t.is(assumeRoleViolation(ok), undefined);
  t.is(assumeRoleViolation({ ...ok, DurationSeconds: 900, ExternalId: 'unique-external-id-12345' }), undefined);
  t.is(
    assumeRoleViolation({ ...ok, Tags: [{ Key: 'Team Name', Value: 'Ünïcode é 1' }] }),
    undefined,
    'letters and spaces of any script',
  );
  t.regex(assumeRoleViolation({ RoleSessionName: 'ab' } as never)?.message ?? '', /Value null at 'roleArn'/);
  t.is(assumeRoleViolation({ ...ok, Policy: '[]' })?.code, 'MalformedPolicyDocument');
  t.is(assumeRoleViolation({ ...ok, ExternalId: 'x' })?.message.includes("Value '***'"), true, 'external id redacted');
});
