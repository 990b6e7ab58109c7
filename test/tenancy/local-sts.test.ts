// The local STS of fluent-dynamo/testing, through the real AWS SDK STS client: the protocol (the XML the SDK
// parses), STS's parameter rules, roles (external id, principals, tags, max duration), injected failures, the
// clock, and the call record.
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import test, { type ExecutionContext } from 'ava';
import { type LocalSts, startLocalSts } from '../../src/testing/local-sts/index.js';

const ROLE = 'arn:aws:iam::123456789012:role/TenantRole-acme';

async function sts(t: ExecutionContext, options: Parameters<typeof startLocalSts>[0] = {}): Promise<LocalSts> {
  const server = await startLocalSts({ clock: { frozen: true, start: Date.UTC(2030, 0, 1) }, ...options });
  t.teardown(() => server.stop());
  return server;
}

function client(t: ExecutionContext, server: LocalSts, caller = 'appcaller'): STSClient {
  const c = new STSClient({ ...server.clientConfig(caller), maxAttempts: 1 });
  t.teardown(() => c.destroy());
  return c;
}

function assume(c: STSClient, input: Partial<AssumeRoleCommandInput> = {}) {
  return c.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'tenant-acme', ...input }));
}

async function refused(t: ExecutionContext, promise: Promise<unknown>, name: string, message?: RegExp) {
  const error = await t.throwsAsync(promise);
  t.is(error?.name, name, error?.message);
  if (message) t.regex(error?.message ?? '', message);
  return error;
}

test('AssumeRole answers with credentials the SDK parses: letters-and-digits key, expiry on the STS clock', async (t) => {
  const server = await sts(t);
  const out = await assume(client(t, server), { DurationSeconds: 900 });
  const c = out.Credentials;
  t.regex(c?.AccessKeyId ?? '', /^ASIA[A-Z0-9]{16}$/);
  t.truthy(c?.SecretAccessKey);
  t.true((c?.SessionToken?.length ?? 0) >= 500, 'a session token of realistic size');
  t.is(c?.Expiration?.getTime(), Date.UTC(2030, 0, 1) + 900_000);
  t.is(out.AssumedRoleUser?.Arn, 'arn:aws:sts::123456789012:assumed-role/TenantRole-acme/tenant-acme');
  t.regex(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]{16}:tenant-acme$/);
  t.is(out.PackedPolicySize, undefined, 'only reported with a policy or tags');
});

test('the issued credentials work for GetCallerIdentity, as the assumed role', async (t) => {
  const server = await sts(t);
  const { Credentials } = await assume(client(t, server));
  const asRole = new STSClient({
    endpoint: server.endpoint,
    region: server.region,
    credentials: {
      accessKeyId: Credentials?.AccessKeyId as string,
      secretAccessKey: Credentials?.SecretAccessKey as string,
      sessionToken: Credentials?.SessionToken,
    },
  });
  t.teardown(() => asRole.destroy());
  const identity = await asRole.send(new GetCallerIdentityCommand({}));
  t.is(identity.Arn, 'arn:aws:sts::123456789012:assumed-role/TenantRole-acme/tenant-acme');
  t.is(identity.Account, '123456789012');
  const plain = await client(t, server, 'someuser').send(new GetCallerIdentityCommand({}));
  t.is(plain.Arn, 'arn:aws:iam::123456789012:user/someuser');
});

test('parameters are checked like STS does, with its ValidationError wording', async (t) => {
  const c = client(t, await sts(t));
  await refused(
    t,
    assume(c, { RoleSessionName: 'x' }),
    'ValidationError',
    /at 'roleSessionName' .*length greater than or equal to 2/,
  );
  await refused(t, assume(c, { RoleSessionName: 'a'.repeat(65) }), 'ValidationError', /less than or equal to 64/);
  await refused(
    t,
    assume(c, { RoleSessionName: 'has space' }),
    'ValidationError',
    /regular expression pattern: \[\\w\+=,\.@-\]\*/,
  );
  await refused(t, assume(c, { DurationSeconds: 899 }), 'ValidationError', /greater than or equal to 900/);
  await refused(t, assume(c, { DurationSeconds: 43_201 }), 'ValidationError', /less than or equal to 43200/);
  await refused(t, assume(c, { ExternalId: 'x' }), 'ValidationError', /at 'externalId'/);
  const two = await refused(t, assume(c, { RoleSessionName: 'x', DurationSeconds: 1 }), 'ValidationError');
  t.regex(two?.message ?? '', /^2 validation errors detected: /);
  await refused(
    t,
    assume(c, { RoleArn: 'arn:aws:iam::123456789012:user/not-a-role' }),
    'ValidationError',
    /not a valid IAM role ARN/,
  );
  const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  await refused(t, assume(c, { Tags: tags }), 'ValidationError', /at 'tags' .*less than or equal to 50/);
  await refused(
    t,
    assume(c, {
      Tags: [
        { Key: 'Tenant', Value: 'a' },
        { Key: 'tenant', Value: 'b' },
      ],
    }),
    'ValidationError',
    /case insensitive/,
  );
  await refused(t, assume(c, { Tags: [{ Key: 'aws:x', Value: 'a' }] }), 'ValidationError', /reserved/);
  await refused(
    t,
    assume(c, { Tags: [{ Key: 'k', Value: 'semi;colon' }] }),
    'ValidationError',
    /tags\.1\.member\.value/,
  );
  await refused(
    t,
    assume(c, { TransitiveTagKeys: ['Other'], Tags: [{ Key: 'k', Value: 'v' }] }),
    'ValidationError',
    /transitive/,
  );
  await refused(t, assume(c, { Policy: '{not json' }), 'MalformedPolicyDocumentException', /valid JSON/);
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
  });
  const ok = await assume(c, {
    Policy: policy,
    Tags: [{ Key: 'TenantId', Value: 'acme' }],
    TransitiveTagKeys: ['TenantId'],
  });
  t.true((ok.PackedPolicySize ?? 0) > 0);
  await refused(
    t,
    assume(c, { Policy: JSON.stringify({ a: 'x'.repeat(2048) }) }),
    'ValidationError',
    /at 'policy' .*less than or equal to 2048/,
  );
  const big = Array.from({ length: 20 }, (_, i) => ({ Key: `key${i}`, Value: 'v'.repeat(250) }));
  await refused(t, assume(c, { Tags: big }), 'PackedPolicyTooLargeException', /allotted space/);
});

test("a role's external id, trusted principals, session tags and max duration are enforced", async (t) => {
  const server = await sts(t, {
    roles: {
      [ROLE]: { externalId: 'unique-external-id-12345', principals: ['appcaller'], maxSessionDurationSeconds: 3600 },
      'arn:aws:iam::123456789012:role/NoTags': { allowSessionTags: false },
    },
  });
  const c = client(t, server);
  await refused(
    t,
    assume(c),
    'AccessDenied',
    /User: arn:aws:iam::123456789012:user\/appcaller is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role\/TenantRole-acme/,
  );
  await refused(t, assume(c, { ExternalId: 'wrong-external-id' }), 'AccessDenied');
  await t.notThrowsAsync(assume(c, { ExternalId: 'unique-external-id-12345' }));
  await refused(
    t,
    assume(client(t, server, 'intruder'), { ExternalId: 'unique-external-id-12345' }),
    'AccessDenied',
    /intruder/,
  );
  await refused(
    t,
    assume(c, { ExternalId: 'unique-external-id-12345', DurationSeconds: 7200 }),
    'ValidationError',
    /MaxSessionDuration/,
  );
  await refused(
    t,
    assume(c, { RoleArn: 'arn:aws:iam::123456789012:role/NoTags', Tags: [{ Key: 'a', Value: 'b' }] }),
    'AccessDenied',
    /sts:TagSession/,
  );
  server.setRole(ROLE, undefined);
  await t.notThrowsAsync(assume(c), 'unknown roles are allowed by default');
});

test("unknownRoles: 'deny' refuses roles that were not declared", async (t) => {
  const server = await sts(t, { unknownRoles: 'deny', roles: { [ROLE]: {} } });
  const c = client(t, server);
  await t.notThrowsAsync(assume(c));
  await refused(t, assume(c, { RoleArn: 'arn:aws:iam::123456789012:role/TenantRole-other' }), 'AccessDenied');
});

test('failNext answers with STS error codes, as the SDK names them', async (t) => {
  const server = await sts(t);
  const c = client(t, server);
  const expected: Array<[Parameters<LocalSts['failNext']>[0], string, number]> = [
    ['AccessDenied', 'AccessDenied', 403],
    ['ExpiredToken', 'ExpiredTokenException', 400],
    ['RegionDisabled', 'RegionDisabledException', 403],
    ['PackedPolicyTooLarge', 'PackedPolicyTooLargeException', 400],
    ['MalformedPolicyDocument', 'MalformedPolicyDocumentException', 400],
    ['Throttling', 'Throttling', 400],
    ['InvalidClientTokenId', 'InvalidClientTokenId', 403],
    ['ServiceUnavailable', 'ServiceUnavailable', 503],
  ];
  for (const [code, name, status] of expected) {
    server.failNext(code);
    const error = (await refused(t, assume(c), name)) as { $metadata?: { httpStatusCode?: number } } | undefined;
    t.is(error?.$metadata?.httpStatusCode, status, code);
  }
  await t.notThrowsAsync(assume(c), 'one failure each');
  server.failNext('Throttling', { times: 2, message: 'slow down' });
  await refused(t, assume(c), 'Throttling', /slow down/);
  await refused(t, assume(c), 'Throttling');
  await t.notThrowsAsync(assume(c));
  server.failNext('AccessDenied', { roleArn: 'arn:aws:iam::123456789012:role/TenantRole-other' });
  await t.notThrowsAsync(assume(c), 'only calls for that role fail');
  await refused(t, assume(c, { RoleArn: 'arn:aws:iam::123456789012:role/TenantRole-other' }), 'AccessDenied');
  t.throws(() => server.failNext('NoSuchCode' as 'AccessDenied'), { instanceOf: RangeError });
});

test('the clock: expiry follows it; expired or revoked credentials are refused as callers', async (t) => {
  const server = await sts(t);
  const start = server.clock.now();
  const { Credentials } = await assume(client(t, server), { DurationSeconds: 900 });
  const key = Credentials?.AccessKeyId as string;
  t.false(server.session(key)?.expired);
  t.is(server.session(key)?.expiresAt.getTime(), start + 900_000);
  server.clock.advance(899_000);
  t.false(server.session(key)?.expired);
  server.clock.advance(1_000);
  t.true(server.session(key)?.expired);
  const asRole = new STSClient({
    ...server.clientConfig(),
    credentials: { accessKeyId: key, secretAccessKey: 'x', sessionToken: 'y' },
    maxAttempts: 1,
  });
  t.teardown(() => asRole.destroy());
  await refused(t, asRole.send(new GetCallerIdentityCommand({})), 'ExpiredTokenException');
  server.clock.set(start);
  await t.notThrowsAsync(asRole.send(new GetCallerIdentityCommand({})));
  await refused(
    t,
    asRole.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'chained', DurationSeconds: 7200 })),
    'ValidationError',
    /role chaining/,
  );
  server.revoke(key);
  await refused(t, asRole.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
  t.true(server.clock.frozen);
  server.clock.resume();
  t.false(server.clock.frozen);
});

test('calls are recorded with their parameters and outcome; reset() forgets them', async (t) => {
  const server = await sts(t);
  const c = client(t, server);
  await assume(c, { ExternalId: 'ext-1', Tags: [{ Key: 'TenantId', Value: 'acme' }] });
  server.failNext('AccessDenied');
  await t.throwsAsync(assume(c));
  const calls = server.assumeRoleCalls(ROLE);
  t.is(calls.length, 2);
  t.is(calls[0]?.caller, 'appcaller');
  t.deepEqual(calls[0]?.input, {
    RoleArn: ROLE,
    RoleSessionName: 'tenant-acme',
    ExternalId: 'ext-1',
    Tags: [{ Key: 'TenantId', Value: 'acme' }],
  });
  t.true(calls[0]?.outcome.ok);
  t.deepEqual(calls[1]?.outcome, {
    ok: false,
    code: 'AccessDenied',
    message: 'User is not authorized to perform: sts:AssumeRole',
  });
  t.is(server.assumeRoleCalls('arn:aws:iam::123456789012:role/other').length, 0);
  server.reset();
  t.is(server.calls().length, 0);
});

test('unsigned requests and unknown actions are refused like STS does', async (t) => {
  const server = await sts(t);
  const unsigned = await fetch(server.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=AssumeRole&Version=2011-06-15',
  });
  t.is(unsigned.status, 403);
  t.regex(await unsigned.text(), /<Code>MissingAuthenticationToken<\/Code>/);
  const unknown = await fetch(server.endpoint, {
    method: 'POST',
    headers: {
      authorization: 'AWS4-HMAC-SHA256 Credential=appcaller/20300101/us-east-1/sts/aws4_request, Signature=x',
    },
    body: 'Action=GetFederationToken&Version=2011-06-15',
  });
  t.is(unknown.status, 400);
  t.regex(
    await unknown.text(),
    /<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/,
  );
});

test('stop() closes the server, keep-alive connections included, and is idempotent', async (t) => {
  const server = await startLocalSts();
  const c = new STSClient({ ...server.clientConfig(), maxAttempts: 1 });
  await assume(c);
  await server.stop();
  await server.stop();
  await t.throwsAsync(assume(c));
  c.destroy();
});
