// One table of good and bad AssumeRole parameters, each with the answer the STS API reference gives for it,
// run against both the library's own rules (assumeRoleViolation, which refuses a bad call before it is sent)
// and the local STS (its independent check, reached over real HTTP through the AWS SDK STS client). Each side
// must give the reference's answer, so the two agree case by case and a rule wrong in one of them shows here.
import { AssumeRoleCommand, type AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts';
import test from 'ava';
import { assumeRoleViolation } from '../../src/tenancy/sts-rules.js';
import { type LocalSts, startLocalSts } from '../../src/testing/local-sts/index.js';

const ROLE = 'arn:aws:iam::123456789012:role/TenantRole-acme';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
});
const POLICY_ARN = (i: number) => `arn:aws:iam::123456789012:policy/tenant-policy-${i}`;
const tags = (n: number, key = (i: number) => `key${i}`) =>
  Array.from({ length: n }, (_, i) => ({ Key: key(i), Value: 'v' }));

type Outcome = 'accepted' | 'ValidationError' | 'MalformedPolicyDocument';
interface Case {
  readonly name: string;
  /** Merged over a valid RoleArn and RoleSessionName; `undefined` removes a member. */
  readonly input: Partial<AssumeRoleCommandInput>;
  /** What STS answers, from its API reference. */
  readonly expected: Outcome;
}

const cases: readonly Case[] = [
  // --- accepted ---
  { name: 'the required members only', input: {}, expected: 'accepted' },
  {
    name: 'a role in a path',
    input: { RoleArn: 'arn:aws:iam::123456789012:role/tenants/eu/TenantRole-acme' },
    expected: 'accepted',
  },
  {
    name: 'a role in another partition',
    input: { RoleArn: 'arn:aws-cn:iam::123456789012:role/TenantRole-acme' },
    expected: 'accepted',
  },
  { name: 'a session name of 2 characters', input: { RoleSessionName: 'ab' }, expected: 'accepted' },
  { name: 'a session name of 64 characters', input: { RoleSessionName: 's'.repeat(64) }, expected: 'accepted' },
  { name: 'a session name with every allowed sign', input: { RoleSessionName: 'a_B9+=,.@-' }, expected: 'accepted' },
  { name: 'the shortest duration, 900 s', input: { DurationSeconds: 900 }, expected: 'accepted' },
  { name: 'the longest duration, 43200 s', input: { DurationSeconds: 43_200 }, expected: 'accepted' },
  { name: 'an external id of 2 characters', input: { ExternalId: 'ab' }, expected: 'accepted' },
  { name: 'an external id of 1224 characters', input: { ExternalId: 'e'.repeat(1224) }, expected: 'accepted' },
  { name: 'an external id with : and /', input: { ExternalId: 'urn:tenant/acme-1' }, expected: 'accepted' },
  { name: '50 session tags', input: { Tags: tags(50) }, expected: 'accepted' },
  {
    name: 'a tag key of 128 and a value of 256 characters',
    input: { Tags: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }] },
    expected: 'accepted',
  },
  { name: 'an empty tag value', input: { Tags: [{ Key: 'TenantId', Value: '' }] }, expected: 'accepted' },
  {
    name: 'tag letters and spaces of any script',
    input: { Tags: [{ Key: 'Team Name', Value: 'Ünïcode é 1 _.:/=+-@' }] },
    expected: 'accepted',
  },
  {
    name: 'a transitive key naming a tag in another case',
    input: { Tags: [{ Key: 'TenantId', Value: 'acme' }], TransitiveTagKeys: ['tenantid'] },
    expected: 'accepted',
  },
  { name: 'a source identity of 2 characters', input: { SourceIdentity: 'ab' }, expected: 'accepted' },
  { name: 'a source identity of 64 characters', input: { SourceIdentity: 'i'.repeat(64) }, expected: 'accepted' },
  {
    name: '10 managed policy ARNs',
    input: { PolicyArns: Array.from({ length: 10 }, (_, i) => ({ arn: POLICY_ARN(i) })) },
    expected: 'accepted',
  },
  {
    name: 'an AWS managed policy ARN',
    input: { PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] },
    expected: 'accepted',
  },
  { name: 'a policy document', input: { Policy: POLICY }, expected: 'accepted' },
  {
    name: 'a policy with Latin-1 text (U+00E9)',
    input: { Policy: POLICY.replace('"Allow"', '"Allow","Sid":"caf\u00e9"') },
    expected: 'accepted',
  },
  {
    name: 'an MFA serial number and a six-digit token code',
    input: { SerialNumber: 'arn:aws:iam::123456789012:mfa/user', TokenCode: '123456' },
    expected: 'accepted',
  },
  // --- refused: RoleArn ---
  { name: 'no RoleArn', input: { RoleArn: undefined }, expected: 'ValidationError' },
  { name: 'a RoleArn of 19 characters', input: { RoleArn: 'arn:aws:iam::1:role' }, expected: 'ValidationError' },
  {
    name: 'a RoleArn of 2049 characters',
    input: { RoleArn: `arn:aws:iam::123456789012:role/${'r'.repeat(2049 - 31)}` },
    expected: 'ValidationError',
  },
  {
    name: 'a user ARN for RoleArn',
    input: { RoleArn: 'arn:aws:iam::123456789012:user/not-a-role' },
    expected: 'ValidationError',
  },
  {
    name: 'a RoleArn with an 11-digit account',
    input: { RoleArn: 'arn:aws:iam::12345678901:role/TenantRole' },
    expected: 'ValidationError',
  },
  {
    name: 'a RoleArn with a region',
    input: { RoleArn: 'arn:aws:iam:us-east-1:123456789012:role/TenantRole' },
    expected: 'ValidationError',
  },
  {
    name: 'a RoleArn with an empty path segment (role//name)',
    input: { RoleArn: 'arn:aws:iam::123456789012:role//TenantRole' },
    expected: 'ValidationError',
  },
  {
    name: 'a RoleArn with a role name of 65 characters',
    input: { RoleArn: `arn:aws:iam::123456789012:role/${'r'.repeat(65)}` },
    expected: 'ValidationError',
  },
  // --- refused: RoleSessionName ---
  { name: 'no RoleSessionName', input: { RoleSessionName: undefined }, expected: 'ValidationError' },
  { name: 'a session name of 1 character', input: { RoleSessionName: 'x' }, expected: 'ValidationError' },
  { name: 'a session name of 65 characters', input: { RoleSessionName: 's'.repeat(65) }, expected: 'ValidationError' },
  { name: 'a session name with a space', input: { RoleSessionName: 'has space' }, expected: 'ValidationError' },
  { name: 'a session name with a colon', input: { RoleSessionName: 'tenant:acme' }, expected: 'ValidationError' },
  { name: 'a session name with a non-ASCII letter', input: { RoleSessionName: 'tenänt' }, expected: 'ValidationError' },
  // --- refused: DurationSeconds ---
  { name: 'a duration of 899 s', input: { DurationSeconds: 899 }, expected: 'ValidationError' },
  { name: 'a duration of 43201 s', input: { DurationSeconds: 43_201 }, expected: 'ValidationError' },
  { name: 'a fractional duration', input: { DurationSeconds: 900.5 }, expected: 'ValidationError' },
  // --- refused: ExternalId ---
  { name: 'an external id of 1 character', input: { ExternalId: 'x' }, expected: 'ValidationError' },
  { name: 'an external id of 1225 characters', input: { ExternalId: 'e'.repeat(1225) }, expected: 'ValidationError' },
  { name: 'an external id with a space', input: { ExternalId: 'has space' }, expected: 'ValidationError' },
  { name: 'an external id with #', input: { ExternalId: 'tenant#acme' }, expected: 'ValidationError' },
  // --- refused: Tags / TransitiveTagKeys ---
  { name: '51 session tags', input: { Tags: tags(51) }, expected: 'ValidationError' },
  { name: 'an empty tag key', input: { Tags: [{ Key: '', Value: 'v' }] }, expected: 'ValidationError' },
  {
    name: 'a tag key of 129 characters',
    input: { Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] },
    expected: 'ValidationError',
  },
  {
    name: 'a tag value of 257 characters',
    input: { Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] },
    expected: 'ValidationError',
  },
  { name: 'a tag value with ;', input: { Tags: [{ Key: 'k', Value: 'semi;colon' }] }, expected: 'ValidationError' },
  { name: 'a tag key with *', input: { Tags: [{ Key: 'star*', Value: 'v' }] }, expected: 'ValidationError' },
  {
    name: 'a tag key with the reserved prefix aws:',
    input: { Tags: [{ Key: 'aws:x', Value: 'v' }] },
    expected: 'ValidationError',
  },
  {
    name: 'a tag key with the reserved prefix in capitals',
    input: { Tags: [{ Key: 'AWS:x', Value: 'v' }] },
    expected: 'ValidationError',
  },
  {
    name: 'two tag keys differing only in case',
    input: {
      Tags: [
        { Key: 'Tenant', Value: 'a' },
        { Key: 'tenant', Value: 'b' },
      ],
    },
    expected: 'ValidationError',
  },
  {
    name: 'a transitive key that is not a session tag',
    input: { Tags: [{ Key: 'k', Value: 'v' }], TransitiveTagKeys: ['Other'] },
    expected: 'ValidationError',
  },
  {
    name: 'a transitive key without session tags',
    input: { TransitiveTagKeys: ['TenantId'] },
    expected: 'ValidationError',
  },
  {
    name: '51 transitive keys',
    input: { Tags: tags(50), TransitiveTagKeys: tags(51).map((t) => t.Key) },
    expected: 'ValidationError',
  },
  {
    name: 'an empty transitive key',
    input: { Tags: [{ Key: 'k', Value: 'v' }], TransitiveTagKeys: [''] },
    expected: 'ValidationError',
  },
  // --- refused: SourceIdentity ---
  { name: 'a source identity of 1 character', input: { SourceIdentity: 'x' }, expected: 'ValidationError' },
  {
    name: 'a source identity of 65 characters',
    input: { SourceIdentity: 'i'.repeat(65) },
    expected: 'ValidationError',
  },
  {
    name: 'a source identity with the reserved prefix aws:',
    input: { SourceIdentity: 'aws:admin' },
    expected: 'ValidationError',
  },
  // --- refused: PolicyArns / Policy ---
  {
    name: '11 managed policy ARNs',
    input: { PolicyArns: Array.from({ length: 11 }, (_, i) => ({ arn: POLICY_ARN(i) })) },
    expected: 'ValidationError',
  },
  {
    name: 'a policy ARN of 19 characters',
    input: { PolicyArns: [{ arn: 'arn:aws:iam::1:poli' }] },
    expected: 'ValidationError',
  },
  { name: 'a role ARN as a policy ARN', input: { PolicyArns: [{ arn: ROLE }] }, expected: 'ValidationError' },
  { name: 'an empty policy', input: { Policy: '' }, expected: 'ValidationError' },
  {
    name: 'a policy of 2049 characters',
    input: { Policy: JSON.stringify({ a: 'x'.repeat(2041) }) },
    expected: 'ValidationError',
  },
  {
    name: 'a policy with a character above U+00FF',
    input: { Policy: POLICY.replace('"Allow"', '"Allow","Sid":"\u0100"') },
    expected: 'ValidationError',
  },
  { name: 'a policy that is not JSON', input: { Policy: '{not json' }, expected: 'MalformedPolicyDocument' },
  { name: 'a policy that is a JSON array', input: { Policy: '[]' }, expected: 'MalformedPolicyDocument' },
  { name: 'a policy that is a JSON string', input: { Policy: '"policy"' }, expected: 'MalformedPolicyDocument' },
  {
    name: 'a policy document without a Statement',
    input: { Policy: '{"Version":"2012-10-17"}' },
    expected: 'MalformedPolicyDocument',
  },
  // --- refused: MFA ---
  { name: 'a serial number of 8 characters', input: { SerialNumber: 'GAHT1234' }, expected: 'ValidationError' },
  { name: 'a token code of 5 digits', input: { TokenCode: '12345' }, expected: 'ValidationError' },
  { name: 'a token code of letters', input: { TokenCode: 'abcdef' }, expected: 'ValidationError' },
];

function inputOf(c: Case): AssumeRoleCommandInput {
  const input: Record<string, unknown> = { RoleArn: ROLE, RoleSessionName: 'tenant-acme', ...c.input };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return input as unknown as AssumeRoleCommandInput;
}

let server: LocalSts;
let client: STSClient;

test.before(async () => {
  server = await startLocalSts();
  client = new STSClient({ ...server.clientConfig('agreementcaller'), maxAttempts: 1 });
});

test.after.always(async () => {
  client?.destroy();
  await server?.stop();
});

/** The local STS's answer, with the SDK's exception names taken back to STS codes. */
async function localStsOutcome(input: AssumeRoleCommandInput): Promise<{ outcome: string; message?: string }> {
  try {
    await client.send(new AssumeRoleCommand(input));
    return { outcome: 'accepted' };
  } catch (error) {
    const { name, message } = error as Error;
    return { outcome: name.replace(/Exception$/, ''), message };
  }
}

for (const c of cases) {
  test(`${c.expected === 'accepted' ? 'accepted' : 'refused'}: ${c.name}`, async (t) => {
    const input = inputOf(c);
    const rules = assumeRoleViolation(input);
    const local = await localStsOutcome(input);
    t.is(rules?.code ?? 'accepted', c.expected, `assumeRoleViolation: ${rules?.message ?? 'accepted'}`);
    t.is(local.outcome, c.expected, `local STS: ${local.message ?? 'accepted'}`);
  });
}
