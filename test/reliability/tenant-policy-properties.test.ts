// The IAM policies tenantPolicy and tenantTrustPolicy generate, run through an evaluator of IAM's semantics
// (test/security/support/iam-evaluator.ts) with fast-check: no tenant ever reaches another tenant's keys.
//
// - For every partition-key shape tenantPolicy supports (template with the tenant first and keys going on, a
//   template ending with the tenant, a fixed REGION#eu# prefix, a prefix key on the tenant property, the bare
//   tenant id, '|' separators, a custom tenantProperty), on its own and with the others in one policy:
//   generated tenant ids (the characters the tenant scope allows) and generated keys (the tenant's own, other
//   tenants' keys built from look-alike ids: prefixes, extensions like acme2, case variants, other regions;
//   and raw look-alike strings around the prefix) through every item action, on the table and on a local index
//   (an index no entity declares is opened to no key).
//   IAM's decision is exactly "the prefix and the tenant id, alone or followed by the separator"; batches with
//   one foreign key, scans and sessions without the tag are denied.
// - A global index whose partition key starts with the tenant (the first app's ByAssignee,
//   TENANT#{tenantId}#ASSIGNEE#{assignee}, on a table whose keys end with the tenant): a Query on it is allowed for
//   the tenant's own index keys exactly, and for no other tenant's (look-alike ids, 'acme-x', a prefix of the id),
//   on that index only (not the table, not another index).
// - The per-tenant trust policy: AssumeRole and TagSession tagging another tenant (look-alike ids, case
//   variants), without the tag, with extra or transitive tag keys, from another principal, with another
//   external id: denied; the role's own tenant tag: allowed.
import test from 'ava';
import fc from 'fast-check';
import { Attribute, Index, MappingError, PartitionKey, SortKey, Table } from '../../src/index.js';
import { entityMetadata } from '../../src/metadata/compile-entity.js';
import type { EntityClass } from '../../src/metadata/types.js';
import type { PolicyDocument } from '../../src/security/iam-policy.js';
import { TENANT_ACTIONS, tenantPolicy, tenantTrustPolicy } from '../../src/security/tenant-policy.js';
import { evaluate, type IamRequest } from '../security/support/iam-evaluator.js';
import { figuresFor } from './support/figures.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'tenant-policy-properties');
fc.configureGlobal({ includeErrorInReport: true });
const RUNS = sized('RELIABILITY_FC_RUNS', 300, 100);

@Table('p_users')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#USER#{userId}' })
@SortKey({ attribute: 'sk', template: 'PROFILE#{userId}' })
class PUser {
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
  @Attribute() @Index('ByOwner', { role: 'sort', type: 'local' }) owner?: string;
}

@Table('p_orders')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}' })
class POrder {
  @Attribute() tenantId!: string;
  @Attribute() orderId!: string;
  @Attribute() @Index('ByOwner', { role: 'sort', type: 'local' }) owner?: string;
}

@Table('p_region')
@PartitionKey({ attribute: 'pk', template: 'REGION#eu#TENANT#{tenantId}#U#{userId}' })
class PRegionUser {
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
}

@Table('p_accounts')
class PAccount {
  @PartitionKey({ attribute: 'pk', prefix: 'TENANT' }) tenantId!: string;
}

@Table('p_bare')
class PBare {
  @PartitionKey({ attribute: 'pk' }) tenantId!: string;
  @SortKey({ attribute: 'sk' }) id!: string;
  @Attribute() @Index('ByOwner', { role: 'sort', type: 'local' }) owner?: string;
}

@Table('p_custom')
class PCustom {
  @PartitionKey({ attribute: 'pk', prefix: 'T', separator: '|' }) tenantId!: string;
}

@Table('p_docs')
@PartitionKey({ attribute: 'pk', template: 'ORG|{orgId}|DOC|{docId}' })
class PDoc {
  @Attribute() orgId!: string;
  @Attribute() docId!: string;
}

/** The first app's task: table keys end with the tenant id, its ByAssignee index keys go on after it. */
@Table('p_tasks')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'TASK#{taskId}' })
@Index('ByAssignee', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#ASSIGNEE#{assignee}' })
class PTask {
  @Attribute() tenantId!: string;
  @Attribute() taskId!: string;
  @Attribute() assignee?: string;
  @Attribute() @Index('ByOwner', { role: 'sort', type: 'local' }) owner?: string;
}

interface Shape {
  readonly entity: EntityClass;
  readonly table: string;
  readonly tenantProperty: string;
  /** The key's fixed text before the tenant id, and the separator after it ('' when the key ends with it). */
  readonly prefix: string;
  readonly next: string;
  /** Has the local index ByOwner (tables with a sort key): keyed on the table's partition key, opened with it. */
  readonly localIndex: boolean;
}

const SHAPES: readonly Shape[] = [
  { entity: PUser, table: 'p_users', tenantProperty: 'tenantId', prefix: 'TENANT#', next: '#', localIndex: true },
  { entity: POrder, table: 'p_orders', tenantProperty: 'tenantId', prefix: 'TENANT#', next: '', localIndex: true },
  {
    entity: PRegionUser,
    table: 'p_region',
    tenantProperty: 'tenantId',
    prefix: 'REGION#eu#TENANT#',
    next: '#',
    localIndex: false,
  },
  { entity: PAccount, table: 'p_accounts', tenantProperty: 'tenantId', prefix: 'TENANT#', next: '', localIndex: false },
  { entity: PBare, table: 'p_bare', tenantProperty: 'tenantId', prefix: '', next: '', localIndex: true },
  { entity: PCustom, table: 'p_custom', tenantProperty: 'tenantId', prefix: 'T|', next: '', localIndex: false },
  { entity: PDoc, table: 'p_docs', tenantProperty: 'orgId', prefix: 'ORG|', next: '|', localIndex: false },
  { entity: PTask, table: 'p_tasks', tenantProperty: 'tenantId', prefix: 'TENANT#', next: '', localIndex: true },
];

const options = { accountId: '123456789012', region: 'eu-west-1' };
const ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/';

/** Each shape's own policy, and one policy of every tenantId-keyed shape together (per-table patterns). */
const POLICIES: ReadonlyArray<readonly [string, PolicyDocument, readonly Shape[]]> = [
  ...SHAPES.map(
    (s) => [s.entity.name, tenantPolicy(s.entity, { ...options, tenantProperty: s.tenantProperty }), [s]] as const,
  ),
  (() => {
    const together = SHAPES.filter((s) => s.tenantProperty === 'tenantId');
    return [
      'together',
      tenantPolicy(
        together.map((s) => s.entity),
        options,
      ),
      together,
    ] as const;
  })(),
];

/** What the tenant scope refuses in a tenant id (src/isolation/tenant-scope.ts). */
const UNSAFE = /[#*?/:\s\p{Cc}\p{Cf}]|^$/u;

const safeChar = fc
  .oneof(
    { weight: 8, arbitrary: fc.constantFrom(...'abcxyzABCXYZ0129_.@+=,-') },
    { weight: 2, arbitrary: fc.constantFrom(...'|$%{}()[]~!é€ßİı') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  )
  .filter((c) => !UNSAFE.test(c));
const tenantId = fc.array(safeChar, { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''));
const part = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);

/** Other tenants' ids that look like `t`. */
function lookAlikes(t: string): fc.Arbitrary<string> {
  const swapCase = [...t].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
  return fc
    .oneof(
      fc.constant(`${t}2`),
      tenantId.map((s) => t + s),
      tenantId.map((s) => s + t),
      fc.constant(t.slice(0, -1)),
      fc.constant(t.toUpperCase()),
      fc.constant(t.toLowerCase()),
      fc.constant(swapCase),
      fc.nat({ max: Math.max(0, t.length - 1) }).chain((i) => safeChar.map((c) => t.slice(0, i) + c + t.slice(i + 1))),
      tenantId,
    )
    .filter((u) => u !== t && !UNSAFE.test(u));
}

/** A stored partition key of `tenant` for the shape's entity, or undefined when its key cannot hold that id. */
function keyOf(shape: Shape, tenant: string, rest: string): string | undefined {
  const key = entityMetadata(shape.entity).partitionKey;
  const parts: Record<string, string> = { tenantId: tenant, orgId: tenant, userId: rest, orderId: rest, docId: rest };
  try {
    const value = key.kind === 'simple' ? key.format(tenant) : key.format(parts);
    return value as string;
  } catch (error) {
    if (error instanceof MappingError) return undefined; // e.g. '|' in a tenant id of an ORG|...| key
    throw error;
  }
}

/** Raw strings around the tenant's prefix: look-alikes of its keys, owned or not. */
function rawKeys(shape: Shape, t: string): fc.Arbitrary<string> {
  const { prefix: p, next: n } = shape;
  const sep = n || '#';
  return fc.oneof(
    fc.constant(p + t),
    part.map((r) => p + t + sep + r),
    part.map((r) => p + t + r),
    fc.constant(`${p + t}2${sep}x`),
    fc.constant(p.slice(0, -1) + t),
    fc.constant(p.toLowerCase() + t + sep),
    fc.constant(` ${p}${t}`),
    fc.constant(p + p + t),
    fc.constant(p + sep + t),
    fc.constant(p + t.slice(0, -1)),
    fc.constant(p + t + t),
    fc.constant(`${p.replace('eu', 'us') + t + sep}U#1`),
    fc.constant(`${p}${t}*`),
    fc.constant(`${p}${t}\u0000`),
    fc.constant(`${p + t.toUpperCase() + sep}x`),
    fc.string({ maxLength: 12 }).map((s) => p + s),
    fc.string({ maxLength: 12 }),
  );
}

/** The tenant key guard's rule, which IAM's decision must equal: the prefix and the id, alone or then the separator. */
const owns = (shape: Shape, t: string, key: string) =>
  key === shape.prefix + t || (shape.next !== '' && key.startsWith(shape.prefix + t + shape.next));

function request(action: string, resource: string, tenant: string | undefined, keys?: readonly string[]): IamRequest {
  return {
    action,
    resource,
    context: {
      ...(tenant === undefined ? {} : { 'aws:PrincipalTag/TenantId': tenant }),
      ...(keys === undefined ? {} : { 'dynamodb:LeadingKeys': keys }),
    },
  };
}

const resourceOf = (shape: Shape, onIndex: boolean) =>
  `${ARN}${shape.table}${onIndex && shape.localIndex ? '/index/ByOwner' : ''}`;

for (const [name, policy, shapes] of POLICIES) {
  test(`${name}: IAM allows a tenant exactly its own partition keys, on the table and its indexes`, (t) => {
    let attacks = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...shapes),
        tenantId,
        fc.constantFrom(...TENANT_ACTIONS),
        fc.boolean(),
        part,
        (shape, tenant, action, onIndex, rest) => {
          const resource = resourceOf(shape, onIndex);
          const own = keyOf(shape, tenant, rest);
          if (own !== undefined) {
            t.is(evaluate(policy, request(action, resource, tenant, [own])), 'Allow', `${tenant}'s own key ${own}`);
            // An index no entity declares is not opened, not even to the tenant's own key: its values are unknown.
            const undeclared = `${ARN}${shape.table}/index/Undeclared`;
            t.not(
              evaluate(policy, request(action, undeclared, tenant, [own])),
              'Allow',
              `${own} on an undeclared index`,
            );
          }
          fc.assert(
            fc.property(lookAlikes(tenant), rawKeys(shape, tenant), (other, raw) => {
              const foreign = keyOf(shape, other, rest);
              if (foreign !== undefined) {
                if (evaluate(policy, request(action, resource, tenant, [foreign])) === 'Allow') return false;
                attacks += 1;
                if (own !== undefined) {
                  // One foreign key among the tenant's own in a batch.
                  const batch = action.startsWith('dynamodb:Batch') ? action : 'dynamodb:BatchGetItem';
                  if (evaluate(policy, request(batch, resource, tenant, [own, foreign])) === 'Allow') return false;
                  attacks += 1;
                }
              }
              const allowed = evaluate(policy, request(action, resource, tenant, [raw])) === 'Allow';
              if (allowed !== owns(shape, tenant, raw)) return false;
              if (!allowed && !owns(shape, tenant, raw)) attacks += 1;
              return true;
            }),
            { numRuns: 5 },
          );
        },
      ),
      { numRuns: RUNS },
    );
    figures.add({ isolationAttacks: attacks });
    t.true(attacks > 0);
  });
}

// The ByAssignee index: a Query names the index's partition key (TENANT#<tenant>#ASSIGNEE#<assignee>).
const TASK_INDEX: Shape = { ...(SHAPES.at(-1) as Shape), prefix: 'TENANT#', next: '#' };
const indexKeyOf = (tenant: string, assignee: string) =>
  entityMetadata(PTask)
    .indexes.get('ByAssignee')
    ?.partitionKey.composite?.format({ tenantId: tenant, assignee }) as string;

for (const [name, policy] of POLICIES.filter(([, , shapes]) => shapes.some((s) => s.entity === PTask))) {
  test(`${name}: a Query on a tenant-prefixed global index is allowed for the tenant's own index keys exactly`, (t) => {
    let attacks = 0;
    const byAssignee = `${ARN}p_tasks/index/ByAssignee`;
    const query = (tenant: string, key: string, resource = byAssignee) =>
      evaluate(policy, request('dynamodb:Query', resource, tenant, [key]));
    // The attacks of a new user's first app: another tenant's index key, a prefix of an id, an id going on with '-'.
    for (const [tenant, key] of [
      ['acme', 'TENANT#globex#ASSIGNEE#x'],
      ['ac', 'TENANT#acme#ASSIGNEE#alice'],
      ['acme', 'TENANT#ac'],
      ['acme', 'TENANT#acme-x#ASSIGNEE#y'],
    ] as const) {
      t.not(query(tenant, key), 'Allow', `tenant ${tenant} querying ${key}`);
      attacks += 1;
    }
    t.is(query('acme', 'TENANT#acme#ASSIGNEE#alice'), 'Allow');
    fc.assert(
      fc.property(tenantId, part, (tenant, assignee) => {
        const own = indexKeyOf(tenant, assignee);
        if (query(tenant, own) !== 'Allow') return false;
        // The index pattern opens that index only: not the table, not another index.
        if (query(tenant, own, `${ARN}p_tasks`) === 'Allow') return false;
        if (query(tenant, own, `${ARN}p_tasks/index/ByOwner`) === 'Allow') return false;
        attacks += 2;
        fc.assert(
          fc.property(lookAlikes(tenant), rawKeys(TASK_INDEX, tenant), (other, raw) => {
            if (query(tenant, indexKeyOf(other, assignee)) === 'Allow') return false;
            attacks += 1;
            const allowed = query(tenant, raw) === 'Allow';
            if (allowed !== owns(TASK_INDEX, tenant, raw)) return false;
            if (!allowed) attacks += 1;
            return true;
          }),
          { numRuns: 5 },
        );
        return true;
      }),
      { numRuns: RUNS },
    );
    figures.add({ isolationAttacks: attacks });
    t.true(attacks > 0);
  });
}

test('scans, requests without leading keys and sessions without the tenant tag are denied', (t) => {
  let attacks = 0;
  fc.assert(
    fc.property(fc.constantFrom(...POLICIES), tenantId, fc.boolean(), ([, policy, shapes], tenant, onIndex) => {
      for (const shape of shapes) {
        const resource = resourceOf(shape, onIndex);
        const key = keyOf(shape, tenant, 'x') ?? shape.prefix + tenant;
        t.is(evaluate(policy, request('dynamodb:Scan', resource, tenant)), 'ExplicitDeny');
        t.is(evaluate(policy, request('dynamodb:Scan', resource, tenant, [key])), 'ExplicitDeny');
        t.is(evaluate(policy, request('dynamodb:Query', resource, tenant)), 'ImplicitDeny', 'no leading keys');
        t.is(evaluate(policy, request('dynamodb:GetItem', resource, undefined, [key])), 'ImplicitDeny', 'no tag');
        t.is(evaluate(policy, request('dynamodb:PartiQLSelect', resource, tenant, [key])), 'ImplicitDeny');
        t.is(evaluate(policy, request('dynamodb:GetItem', `${ARN}other_table`, tenant, [key])), 'ImplicitDeny');
        attacks += 6;
      }
    }),
    { numRuns: Math.ceil(RUNS / 4) },
  );
  figures.add({ isolationAttacks: attacks });
});

const roleTenant = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.@+=-]{0,15}$/);
const APP = 'arn:aws:iam::123456789012:role/ApplicationRole';

function assume(
  action: 'sts:AssumeRole' | 'sts:TagSession',
  tags: Readonly<Record<string, string>>,
  extra: { externalId?: string; principal?: string; transitive?: readonly string[] } = {},
): IamRequest {
  return {
    action,
    principal: extra.principal ?? APP,
    context: {
      'sts:ExternalId': extra.externalId ?? 'ext-1',
      'aws:TagKeys': Object.keys(tags),
      ...(extra.transitive ? { 'sts:TransitiveTagKeys': extra.transitive } : {}),
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    },
  };
}

test("a tenant role's trust policy: the session is tagged with the role's tenant, or the role is not assumed", (t) => {
  let attacks = 0;
  fc.assert(
    fc.property(roleTenant, fc.string({ minLength: 1, maxLength: 8 }), (tenant, userId) => {
      const trust = tenantTrustPolicy({
        principalArn: APP,
        externalId: 'ext-1',
        tenantId: tenant,
        otherTagKeys: ['UserId'],
      });
      const both = (tags: Record<string, string>, extra?: Parameters<typeof assume>[2]) =>
        (['sts:AssumeRole', 'sts:TagSession'] as const).map((a) => evaluate(trust, assume(a, tags, extra)));
      t.deepEqual(both({ TenantId: tenant }), ['Allow', 'Allow']);
      t.deepEqual(both({ TenantId: tenant, UserId: userId }), ['Allow', 'Allow']);
      t.deepEqual(both({ TenantId: tenant }, { transitive: ['TenantId'] }), ['Allow', 'Allow']);
      fc.assert(
        fc.property(lookAlikes(tenant), (other) => {
          const refused = [
            both({ TenantId: other }),
            both({ TenantId: other, UserId: userId }),
            both({ TenantId: tenant, Tenant: other }),
            both({ UserId: userId }),
            both({}),
            both({ TenantId: tenant }, { transitive: ['Other'] }),
            both({ TenantId: tenant }, { externalId: `${other}-ext` }),
            both(
              { TenantId: tenant },
              { principal: `arn:aws:iam::123456789012:role/${other.replace(/[^\w]/g, 'x')}X` },
            ),
          ];
          for (const decisions of refused) {
            if (decisions.includes('Allow')) return false;
            attacks += decisions.length;
          }
          return true;
        }),
        { numRuns: 10 },
      );
    }),
    { numRuns: RUNS },
  );
  figures.add({ isolationAttacks: attacks });
  t.true(attacks > 0);
});
