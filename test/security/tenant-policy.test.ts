import test from 'ava';
import { Attribute, MetadataError, PartitionKey, SortKey, Table } from '../../src/index.js';
import { tenantPolicy, tenantTrustPolicy } from '../../src/security/tenant-policy.js';
import { OrderLine, User } from '../fixtures/entities.js';
import { allows } from './support/iam-evaluator.js';

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

test('the tenant role policy: the table ARN (no index of its own), tenant leading keys only', (t) => {
  const policy = tenantPolicy(TenantUser, options);
  const allow = policy.Statement[0];
  t.deepEqual(allow?.Resource, ['arn:aws:dynamodb:us-east-1:123456789012:table/tenant_users']);
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
    Resource: [
      'arn:aws:dynamodb:us-east-1:123456789012:table/tenant_users',
      'arn:aws:dynamodb:us-east-1:123456789012:table/tenant_users/index/*',
    ],
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

// --- The tenant is named, never guessed from the first template part ---

@Table('regional')
@PartitionKey({ attribute: 'pk', template: 'REGION#{region}#TENANT#{tenantId}' })
class RegionalTenant {
  @Attribute() region!: string;
  @Attribute() tenantId!: string;
}

@Table('eu_users')
@PartitionKey({ attribute: 'pk', template: 'REGION#eu#TENANT#{tenantId}#USER#{userId}' })
class EuUser {
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
}

@Table('accounts')
class Account {
  @PartitionKey({ attribute: 'pk', prefix: 'TENANT' }) tenantId!: string;
  @Attribute() name!: string;
}

@Table('documents')
@PartitionKey({ attribute: 'pk', template: 'ORG#{orgId}#DOC#{docId}' })
class OrgDocument {
  @Attribute() orgId!: string;
  @Attribute() docId!: string;
}

@Table('tenant_users')
@PartitionKey({ attribute: 'pk', template: 'T#{tenantId}#ORDER#{orderId}' })
@SortKey({ attribute: 'sk', template: 'LINE#{orderId}' })
class ClashingOrder {
  @Attribute() tenantId!: string;
  @Attribute() orderId!: string;
}

@Table('tenant_users')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#ORDER#{orderId}' })
@SortKey({ attribute: 'sk', template: 'LINE#{orderId}' })
class TenantOrder {
  @Attribute() tenantId!: string;
  @Attribute() orderId!: string;
}

@Table('glued')
@PartitionKey({ attribute: 'pk', template: 'T#{tenantId}{userId}' })
class Glued {
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
}

@Table('lettered')
@PartitionKey({ attribute: 'pk', template: 'T#{tenantId}X{userId}' })
class Lettered {
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
}

/** '-' may be part of a tenant id: tenant 'a' would reach tenant 'a-b' through 'T#a-*'. */
@Table('dashed')
@PartitionKey({ attribute: 'pk', template: 'T#{tenantId}-{userId}' })
class Dashed {
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
}

@Table('starred')
@PartitionKey({ attribute: 'pk', template: 'T*#{tenantId}#U#{userId}' })
class Starred {
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
}

@Table('numbered')
class Numbered {
  @PartitionKey({ attribute: 'pk', type: Number }) tenantNo!: number;
}

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/';
const asTenant = (tenant: string, action: string, table: string, ...keys: string[]) => ({
  action,
  resource: `${TABLE_ARN}${table}`,
  context: { 'aws:PrincipalTag/TenantId': tenant, 'dynamodb:LeadingKeys': keys },
});

test('a template with a part before the tenant is refused: IAM cannot pin REGION#<any>#TENANT#<tenant>', (t) => {
  const error = t.throws(() => tenantPolicy(RegionalTenant, options), { instanceOf: MetadataError });
  t.regex(error.message, /RegionalTenant/);
  t.regex(error.message, /tenantId comes after region/);
  t.regex(error.message, /LeadingKeys/);
  t.regex(error.message, /fixed prefix followed by the tenant id/);
});

test('a fixed prefix before the tenant (REGION#eu#TENANT#) is pinned whole: tenant eu cannot reach other regions', (t) => {
  const policy = tenantPolicy(EuUser, options);
  t.deepEqual(leadingKeyPatterns(policy, 'acme'), ['REGION#eu#TENANT#acme', 'REGION#eu#TENANT#acme#*']);
  t.true(allows(policy, asTenant('acme', 'dynamodb:GetItem', 'eu_users', 'REGION#eu#TENANT#acme#USER#1')));
  t.false(allows(policy, asTenant('eu', 'dynamodb:GetItem', 'eu_users', 'REGION#eu#TENANT#other#USER#1')));
  t.false(allows(policy, asTenant('acme', 'dynamodb:GetItem', 'eu_users', 'REGION#us#TENANT#acme#USER#1')));
});

test('the tenant property is named with tenantProperty (default tenantId)', (t) => {
  t.throws(() => tenantPolicy(OrgDocument, options), {
    instanceOf: MetadataError,
    message: /OrgDocument's partition key pk is made of orgId, docId, not of the tenant property tenantId/,
  });
  const policy = tenantPolicy(OrgDocument, { ...options, tenantProperty: 'orgId' });
  t.deepEqual(leadingKeyPatterns(policy, 'acme'), ['ORG#acme', 'ORG#acme#*']);
  t.throws(() => tenantPolicy(TenantUser, { ...options, tenantProperty: 'userId' }), {
    message: /userId comes after tenantId/,
  });
});

test('a prefix key on the tenant property itself (TENANT#<tenantId>) allows exactly that key', (t) => {
  const policy = tenantPolicy(Account, options);
  t.deepEqual(leadingKeyPatterns(policy, 'acme'), ['TENANT#acme']);
  t.true(allows(policy, asTenant('acme', 'dynamodb:PutItem', 'accounts', 'TENANT#acme')));
  t.false(allows(policy, asTenant('acme', 'dynamodb:PutItem', 'accounts', 'TENANT#acme2')));
  t.false(allows(policy, asTenant('acme', 'dynamodb:PutItem', 'accounts', 'TENANT#acme#x')));
});

test('each table gets the key pattern of its own entities', (t) => {
  const policy = tenantPolicy([TenantUser, Account, EuUser], options);
  const allowTenantUsers = (key: string) => allows(policy, asTenant('acme', 'dynamodb:GetItem', 'tenant_users', key));
  const allowAccounts = (key: string) => allows(policy, asTenant('acme', 'dynamodb:GetItem', 'accounts', key));
  t.true(allowTenantUsers('TENANT#acme#USER#1'));
  t.true(allowAccounts('TENANT#acme'));
  t.false(allowAccounts('TENANT#acme#USER#1'), "the accounts table's keys end with the tenant id");
  t.false(allowTenantUsers('REGION#eu#TENANT#acme#USER#1'), "eu_users' shape does not open tenant_users");
  t.true(allows(policy, asTenant('acme', 'dynamodb:GetItem', 'eu_users', 'REGION#eu#TENANT#acme#USER#1')));
  t.false(allows(policy, asTenant('acme', 'dynamodb:GetItem', 'eu_users', 'TENANT#acme#USER#1')));
  t.false(allows(policy, asTenant('acme', 'dynamodb:Scan', 'accounts')));
  const deny = policy.Statement.at(-1);
  t.is(deny?.Effect, 'Deny');
  t.deepEqual(deny?.Action, ['dynamodb:Scan']);
});

test('entities sharing a table must pin the tenant the same way, else MetadataError naming both', (t) => {
  t.notThrows(() => tenantPolicy([TenantUser, TenantOrder], options), 'TENANT#<tenant># for both');
  const error = t.throws(() => tenantPolicy([TenantUser, ClashingOrder], options), { instanceOf: MetadataError });
  t.regex(error.message, /TenantUser/);
  t.regex(error.message, /ClashingOrder/);
  t.regex(error.message, /tenant_users/);
  t.regex(error.message, /pin the tenant differently/);
});

test('keys IAM cannot pin to a tenant are refused with the reason', (t) => {
  t.throws(() => tenantPolicy(Glued, options), {
    instanceOf: MetadataError,
    message: /tenantId is followed directly by userId/,
  });
  t.throws(() => tenantPolicy(Lettered, options), {
    instanceOf: MetadataError,
    message: /followed by 'X'.*a tenant id can contain/,
  });
  t.throws(() => tenantPolicy(Dashed, options), {
    instanceOf: MetadataError,
    message: /followed by '-'.*tenant 'a' would reach tenant 'a-'/,
  });
  t.throws(() => tenantPolicy(Starred, options), { instanceOf: MetadataError, message: /wildcard/ });
  t.throws(() => tenantPolicy(Numbered, { ...options, tenantProperty: 'tenantNo' }), {
    instanceOf: MetadataError,
    message: /Numbered's partition key pk is a number/,
  });
  t.throws(() => tenantPolicy(TenantUser, { ...options, keyPrefix: 'T$' }), { message: /policy variable/ });
  t.throws(() => tenantPolicy(TenantUser, { ...options, keyPrefix: 'T\u0100#' }), { message: /U\+0020 to U\+00FF/ });
});

test('actions are normalised to dynamodb:<Action>; unknown, wildcard and transaction names are refused', (t) => {
  const policy = tenantPolicy(TenantUser, { ...options, actions: ['GetItem', 'dynamodb:PutItem', 'query', 'GetItem'] });
  t.deepEqual(policy.Statement[0]?.Action, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
  t.throws(() => tenantPolicy(TenantUser, { ...options, actions: ['GetItems'] }), {
    instanceOf: MetadataError,
    message: /GetItems is not an item action/,
  });
  t.throws(() => tenantPolicy(TenantUser, { ...options, actions: ['dynamodb:*'] }), {
    instanceOf: MetadataError,
    message: /wildcard/,
  });
  t.throws(() => tenantPolicy(TenantUser, { ...options, actions: ['TransactWriteItems'] }), {
    instanceOf: MetadataError,
    message: /PutItem, UpdateItem, DeleteItem and ConditionCheckItem/,
  });
  t.throws(() => tenantPolicy(TenantUser, { ...options, actions: ['s3:GetObject'] }), { instanceOf: MetadataError });
  t.throws(() => tenantPolicy(TenantUser, { ...options, actions: ['scan'] }), { message: /Scan cannot be limited/ });
  t.throws(() => tenantPolicy(TenantUser, { ...options, actions: [] }), { instanceOf: MetadataError });
});

// --- The trust policy pins the session's tenant tag ---

const APP = 'arn:aws:iam::123456789012:role/ApplicationRole';
const assume = (action: string, tags: Record<string, string>, externalId = 'ext-1', principal = APP) => ({
  action,
  principal,
  context: {
    'sts:ExternalId': externalId,
    'aws:TagKeys': Object.keys(tags),
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
  },
});
const bothAllowed = (policy: ReturnType<typeof tenantTrustPolicy>, tags: Record<string, string>, ext?: string) =>
  allows(policy, assume('sts:AssumeRole', tags, ext)) && allows(policy, assume('sts:TagSession', tags, ext));

test("a per-tenant role's trust policy refuses a session tagged with another tenant", (t) => {
  const trust = tenantTrustPolicy({ principalArn: APP, externalId: 'ext-1', tenantId: 'acme' });
  t.true(bothAllowed(trust, { TenantId: 'acme' }));
  t.false(allows(trust, assume('sts:TagSession', { TenantId: 'other' })), 'tagging tenant other on acme’s role');
  t.false(allows(trust, assume('sts:AssumeRole', { TenantId: 'other' })));
  t.false(allows(trust, assume('sts:AssumeRole', {})), 'no tenant tag at all');
  t.false(allows(trust, assume('sts:TagSession', { TenantId: 'acme', Admin: 'true' })), 'only the allowed tag keys');
  t.false(allows(trust, assume('sts:AssumeRole', { TenantId: 'acme' }, 'ext-2')), 'the external id still counts');
  t.false(allows(trust, assume('sts:AssumeRole', { TenantId: 'acme' }, 'ext-1', 'arn:aws:iam::123456789012:role/X')));
  t.deepEqual(trust.Statement[0]?.Condition?.StringEquals, {
    'sts:ExternalId': 'ext-1',
    'aws:RequestTag/TenantId': 'acme',
  });
});

test('the trust policy takes other session tag keys and the tag name; bad tenant ids are refused', (t) => {
  const trust = tenantTrustPolicy({
    principalArn: APP,
    tenantId: 'acme',
    tenantTag: 'Tenant',
    otherTagKeys: ['UserId'],
  });
  t.true(bothAllowed(trust, { Tenant: 'acme', UserId: 'u1' }));
  t.false(bothAllowed(trust, { Tenant: 'other', UserId: 'u1' }));
  t.false(bothAllowed(trust, { TenantId: 'acme' }));
  t.throws(() => tenantTrustPolicy({ principalArn: APP, tenantId: 'a*' }), { instanceOf: MetadataError });
  t.throws(() => tenantTrustPolicy({ principalArn: APP, tenantId: '' }), { instanceOf: MetadataError });
  t.throws(() => tenantTrustPolicy({ principalArn: APP, tenantId: 'acme', otherTagKeys: ['aws:x'] }), {
    instanceOf: MetadataError,
  });
});

test('without tenantId the trust policy cannot tell tenants apart (the documented weakness)', (t) => {
  const trust = tenantTrustPolicy({ principalArn: APP, externalId: 'ext-1' });
  t.true(bothAllowed(trust, { TenantId: 'other' }), 'the application may tag any tenant: IAM does not stop it');
});
