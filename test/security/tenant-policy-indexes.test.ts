// tenantPolicy and global indexes: a Query on a global index names the index's partition key, so a tenant-prefixed
// index (the first app's ByAssignee: TENANT#{tenantId}#ASSIGNEE#{assignee}) gets a Query statement of its own on its
// ARN. Checked with the IAM evaluator: the tenant's own index keys are allowed, other tenants' and look-alike ids'
// are not, and the index pattern opens that index only.
import test from 'ava';
import { Project, Task } from '../../examples/first-app/src/entities.js';
import { Attribute, Index, MetadataError, PartitionKey, SortKey, Table } from '../../src/index.js';
import { tenantPolicy } from '../../src/security/tenant-policy.js';
import { allows } from './support/iam-evaluator.js';

const options = { accountId: '123456789012', region: 'us-east-1' };
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/';

/** A tenant-prefixed index key the application builds itself (`TENANT#acme#LABEL#x`), on a key ending with the tenant. */
@Table('labelled')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'NOTE#{noteId}' })
class LabelledNote {
  @Attribute() tenantId!: string;
  @Attribute() noteId!: string;
  @Attribute() @Index('ByLabel', { role: 'partition', tenantPrefixed: true }) label?: string;
  @Attribute() @Index('ByEmail', { role: 'partition' }) email?: string;
}

/** An index key starting with the tenant but going on with '-', which a tenant id may hold. */
@Table('dashed_index')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@Index('ByCode', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}-{code}' })
class DashedIndexKey {
  @Attribute() tenantId!: string;
  @Attribute() code!: string;
}

/** A table key that goes on after the tenant (`TENANT#acme#NOTE#1`), a plain global index and a local index. */
@Table('owned_notes')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#NOTE#{noteId}' })
@SortKey({ attribute: 'sk', template: 'V#{version}' })
class OwnedNote {
  @Attribute() tenantId!: string;
  @Attribute() noteId!: string;
  @Attribute() version!: number;
  @Attribute() @Index('ByOwner', { role: 'partition' }) owner?: string;
  @Attribute() @Index('ByTitle', { role: 'sort', type: 'local' }) title?: string;
}

/** A global index keyed on the table's own partition key (another sort order of the tenant's items). */
@Table('titled')
class Titled {
  @PartitionKey({ attribute: 'pk', prefix: 'TENANT' }) @Index('ByTitle', { role: 'partition' }) tenantId!: string;
  @SortKey({ attribute: 'sk' }) id!: string;
  @Attribute() @Index('ByTitle', { role: 'sort' }) title?: string;
}

const FIRST_APP = `${TABLE_ARN}first-app`;
const queryAs = (tenant: string, resource: string, key: string) => ({
  action: 'dynamodb:Query',
  resource,
  context: { 'aws:PrincipalTag/TenantId': tenant, 'dynamodb:LeadingKeys': [key] },
});

test("the first app's ByAssignee index (TENANT#{tenantId}#ASSIGNEE#{assignee}) can be queried by its tenant, with the plain call", (t) => {
  const policy = tenantPolicy([Project, Task], options);
  const byAssignee = `${FIRST_APP}/index/ByAssignee`;
  t.true(allows(policy, queryAs('acme', byAssignee, 'TENANT#acme#ASSIGNEE#alice')), "acme's own index key");
  t.true(allows(policy, queryAs('acme', FIRST_APP, 'TENANT#acme')), "acme's own table key");
  t.true(
    policy.Statement.some((s) => s.Effect === 'Allow' && (s.Resource as readonly string[]).includes(byAssignee)),
    'the index ARN is named for queries',
  );
});

test("attacks on a tenant-prefixed index: other tenants' index keys, look-alike ids and other resources are denied", (t) => {
  const policy = tenantPolicy([Project, Task], options);
  const byAssignee = `${FIRST_APP}/index/ByAssignee`;
  const attacks: Array<[string, string, string, string]> = [
    ['acme', byAssignee, 'TENANT#globex#ASSIGNEE#x', "another tenant's index key"],
    ['ac', byAssignee, 'TENANT#acme#ASSIGNEE#alice', 'tenant ac reaching acme (a prefix of its id)'],
    ['acme', byAssignee, 'TENANT#acme-x#ASSIGNEE#y', "tenant acme reaching acme-x ('-' may be in a tenant id)"],
    ['acme', byAssignee, 'TENANT#acmex#ASSIGNEE#y', 'tenant acme reaching acmex'],
    ['acme', byAssignee, 'TENANT#ac', 'a key of tenant ac'],
    ['acme', byAssignee, 'TENANT#acme*', 'a wildcard in the key is text, not a pattern'],
    ['acme', `${FIRST_APP}/index/Other`, 'TENANT#acme#ASSIGNEE#alice', 'the index pattern opens that index only'],
    ['acme', `${TABLE_ARN}other/index/ByAssignee`, 'TENANT#acme#ASSIGNEE#alice', 'nor an index of another table'],
  ];
  for (const [tenant, resource, key, what] of attacks) t.false(allows(policy, queryAs(tenant, resource, key)), what);
  // The table keeps its own pattern: its keys end with the tenant id.
  t.false(
    allows(policy, { ...queryAs('acme', FIRST_APP, 'TENANT#acme#ASSIGNEE#alice'), action: 'dynamodb:PutItem' }),
    "an index key's shape does not open the table",
  );
  t.false(allows(policy, { ...queryAs('acme', byAssignee, 'TENANT#acme#ASSIGNEE#alice'), action: 'dynamodb:Scan' }));
});

test('an index key declared tenantPrefixed gets the table key prefix then #; other global indexes stay closed', (t) => {
  const policy = tenantPolicy(LabelledNote, options);
  const byLabel = `${TABLE_ARN}labelled/index/ByLabel`;
  t.true(allows(policy, queryAs('acme', byLabel, 'TENANT#acme#LABEL#x')));
  t.true(allows(policy, queryAs('acme', byLabel, 'TENANT#acme')));
  t.false(allows(policy, queryAs('acme', byLabel, 'TENANT#acme2#LABEL#x')));
  t.false(allows(policy, queryAs('acme', byLabel, 'TENANT#other#LABEL#x')));
  t.false(allows(policy, queryAs('acme', `${TABLE_ARN}labelled/index/ByEmail`, 'bob@example.com')));
  t.false(allows(policy, queryAs('acme', `${TABLE_ARN}labelled/index/ByEmail`, 'TENANT#acme#LABEL#x')));
});

test('index statements allow Query only, and only when Query is one of the actions', (t) => {
  const policy = tenantPolicy([Project, Task], options);
  const indexStatements = policy.Statement.filter((s) =>
    (s.Resource as readonly string[]).some((r) => r.endsWith('/index/ByAssignee')),
  );
  t.deepEqual(
    indexStatements.map((s) => s.Action),
    [['dynamodb:Query']],
  );
  const noQuery = tenantPolicy([Project, Task], { ...options, actions: ['GetItem', 'PutItem'] });
  t.false(allows(noQuery, queryAs('acme', `${FIRST_APP}/index/ByAssignee`, 'TENANT#acme#ASSIGNEE#alice')));
  t.false(JSON.stringify(noQuery).includes('ByAssignee'));
});

test('an index key IAM cannot pin to a tenant is refused with the index named', (t) => {
  t.throws(() => tenantPolicy(DashedIndexKey, options), {
    instanceOf: MetadataError,
    message: /DashedIndexKey's index ByCode partition key gsi1pk.*followed by '-'.*tenant 'a' would reach tenant 'a-'/,
  });
});

test("a plain global index stays closed even to a value shaped like the tenant's keys, which any tenant can write there", (t) => {
  const policy = tenantPolicy(OwnedNote, options);
  const table = `${TABLE_ARN}owned_notes`;
  // Another tenant can put an item whose owner is 'TENANT#acme#OWNER#bob': IAM checks only the table key on writes.
  t.false(allows(policy, queryAs('acme', `${table}/index/ByOwner`, 'TENANT#acme#OWNER#bob')), 'the plain index');
  t.false(allows(policy, queryAs('acme', `${table}/index/Unknown`, 'TENANT#acme#NOTE#1')), 'an index it does not know');
  // A local index is keyed on the table's partition key and holds the table's keys: opened with the table.
  t.true(allows(policy, queryAs('acme', `${table}/index/ByTitle`, 'TENANT#acme#NOTE#1')), 'the local index');
  t.false(allows(policy, queryAs('acme', `${table}/index/ByTitle`, 'TENANT#globex#NOTE#1')), "another tenant's key");
  t.deepEqual(policy.Statement[0]?.Resource, [table, `${table}/index/ByTitle`]);
  // With keyPrefix, the same: the plain index is not opened.
  const prefixed = tenantPolicy(OwnedNote, { ...options, keyPrefix: 'TENANT#' });
  t.false(allows(prefixed, queryAs('acme', `${table}/index/ByOwner`, 'TENANT#acme#OWNER#bob')));
  t.true(allows(prefixed, queryAs('acme', `${table}/index/ByTitle`, 'TENANT#acme#NOTE#1')));
});

test("a global index keyed on the table's partition key holds the table's keys: opened with the table", (t) => {
  const policy = tenantPolicy(Titled, options);
  const byTitle = `${TABLE_ARN}titled/index/ByTitle`;
  t.true(allows(policy, queryAs('acme', byTitle, 'TENANT#acme')));
  t.false(allows(policy, queryAs('acme', byTitle, 'TENANT#globex')));
  t.deepEqual(policy.Statement[0]?.Resource, [`${TABLE_ARN}titled`, byTitle]);
});
