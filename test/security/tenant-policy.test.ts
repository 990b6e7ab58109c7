import test from 'ava';
import { Attribute, MetadataError, PartitionKey, SortKey, Table } from '../../src/index.js';
import { tenantPolicy, tenantTrustPolicy } from '../../src/security/tenant-policy.js';
import { OrderLine, User } from '../fixtures/entities.js';

@Table('tenant_users')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#USER#{userId}' })
@SortKey({ attribute: 'sk', template: 'PROFILE#{userId}' })
class TenantUser {
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
}

const options = { accountId: '123456789012', region: 'us-east-1' };

/** IAM's StringLike: `*` any run of characters, `?` one character. */
function like(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(value);
}

function leadingKeyPatterns(policy: ReturnType<typeof tenantPolicy>, tenant: string): string[] {
  const allow = policy.Statement.find((s) => s.Effect === 'Allow');
  const values = allow?.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[];
  // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's policy variable, literally
  const variable = '${aws:PrincipalTag/TenantId}';
  return values.map((v) => v.replace(variable, tenant));
}

test('the policy of the STS page: table and index ARNs, tenant leading keys only', (t) => {
  const policy = tenantPolicy(TenantUser, options);
  const allow = policy.Statement[0];
  t.deepEqual(allow?.Resource, [
    'arn:aws:dynamodb:us-east-1:123456789012:table/tenant_users',
    'arn:aws:dynamodb:us-east-1:123456789012:table/tenant_users/index/*',
  ]);
  t.false((allow?.Action as string[] | undefined)?.includes('dynamodb:Scan') ?? true);
  t.deepEqual(
    allow?.Condition?.Null,
    { 'dynamodb:LeadingKeys': 'false' },
    'a request without leading keys is not allowed',
  );
  t.deepEqual(policy.Statement[1], {
    Sid: 'NoScans',
    Effect: 'Deny',
    Action: ['dynamodb:Scan'],
    Resource: allow?.Resource,
  });
  const acme = leadingKeyPatterns(policy, 'acme');
  t.true(acme.some((p) => like(p, 'TENANT#acme#USER#1')));
  t.false(
    acme.some((p) => like(p, 'TENANT#acme2#USER#1')),
    "tenant acme cannot reach acme2's keys",
  );
  t.false(acme.some((p) => like(p, 'TENANT#other#USER#1')));
});

test('a key that ends with the tenant id allows exactly that key', (t) => {
  const patterns = leadingKeyPatterns(tenantPolicy(OrderLine, options), 'acme');
  t.deepEqual(patterns, ['TENANT#acme']);
});

test('keys without a tenant template need an explicit prefix; scans and bad input are refused', (t) => {
  t.throws(() => tenantPolicy(User, options), { instanceOf: MetadataError, message: /pass keyPrefix/ });
  t.deepEqual(leadingKeyPatterns(tenantPolicy(User, { ...options, keyPrefix: 'T#' }), 'a'), ['T#a', 'T#a#*']);
  t.throws(() => tenantPolicy(TenantUser, { ...options, actions: ['dynamodb:Scan'] }), {
    message: /Scan cannot be limited/,
  });
  t.throws(() => tenantPolicy(TenantUser, { ...options, accountId: '123' }), { instanceOf: MetadataError });
  t.throws(() => tenantPolicy(TenantUser, { ...options, keyPrefix: 'T*' }), { message: /wildcard/ });
});

test('the trust policy allows AssumeRole and TagSession with the external id', (t) => {
  const trust = tenantTrustPolicy({
    principalArn: 'arn:aws:iam::123456789012:role/ApplicationRole',
    externalId: 'unique-external-id-12345',
  });
  t.deepEqual(trust.Statement[0], {
    Sid: 'AppAssumesTenantRole',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::123456789012:role/ApplicationRole' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: { StringEquals: { 'sts:ExternalId': 'unique-external-id-12345' } },
  });
  t.throws(() => tenantTrustPolicy({ principalArn: 'not-an-arn' }));
});
