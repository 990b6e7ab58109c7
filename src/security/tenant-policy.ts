import { MetadataError } from '../errors/errors.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import type { EntityClass } from '../metadata/types.js';
import type { PolicyDocument, PolicyStatement } from './iam-policy.js';
import { normaliseActions, TENANT_ACTIONS } from './tenant-actions.js';
import {
  describeShape,
  patternTextProblem,
  sameShape,
  type TenantKeyShape,
  tenantKeyShape,
} from './tenant-key-shape.js';

export { TENANT_ACTIONS } from './tenant-actions.js';
export { type TrustPolicyOptions, tenantTrustPolicy } from './tenant-trust-policy.js';

/** Options of tenantPolicy(): where the tables are, and how a tenant's partition keys look. */
export interface TenantPolicyOptions {
  /** The AWS account of the tables (12 digits). */
  readonly accountId: string;
  /** The region of the tables. */
  readonly region: string;
  /**
   * Item actions to allow (default: every one of TENANT_ACTIONS). `GetItem`,
   * `getitem` and `dynamodb:GetItem` all mean `dynamodb:GetItem`. Refused with
   * MetadataError: Scan (no leading keys), wildcards, TransactGetItems /
   * TransactWriteItems (authorised per contained item action: list those),
   * and anything that is not an item action carrying leading keys.
   */
  readonly actions?: readonly string[];
  /** The session tag that holds the tenant id (default 'TenantId', as the provider tags sessions). */
  readonly tenantTag?: string;
  /**
   * The entity property that holds the tenant id (default 'tenantId', as the
   * tenant isolation option's `tenantProperty`). Each entity's partition key
   * must be fixed text, then this property, then the end of the key or a
   * separator: `TENANT#{tenantId}#USER#{userId}`, `REGION#eu#TENANT#{tenantId}`,
   * or `@PartitionKey({ prefix: 'TENANT' })` on the property itself.
   */
  readonly tenantProperty?: string;
  /**
   * Overrides what every partition key of a tenant starts with, before the
   * tenant id, for all tables (keys then are `<keyPrefix><tenant>` or
   * `<keyPrefix><tenant>#...`). Default: read from each entity's partition key
   * and `tenantProperty`.
   */
  readonly keyPrefix?: string;
  /** The AWS partition (default 'aws'). */
  readonly partition?: string;
}

function check(name: string, value: string, pattern: RegExp): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new MetadataError(`tenantPolicy: ${name} ${JSON.stringify(value)} is not valid`);
  }
}

interface TableShape {
  readonly table: string;
  readonly shape: TenantKeyShape;
  /** The entity the shape was first read from, named when another one disagrees. */
  readonly entity: string;
}

/** One shape per table; entities sharing a table must agree on it. */
function tableShapes(metas: readonly EntityMetadata[], shapeOf: (m: EntityMetadata) => TenantKeyShape): TableShape[] {
  const byTable = new Map<string, TableShape>();
  for (const m of metas) {
    const table = m.table;
    if (!table) {
      throw new MetadataError(`tenantPolicy: ${m.name} names no @Table, so its table ARN is unknown`, m.name);
    }
    check('table name', table, /^[A-Za-z0-9_.-]{3,255}$/);
    const shape = shapeOf(m);
    const known = byTable.get(table);
    if (!known) byTable.set(table, { table, shape, entity: m.name });
    else if (!sameShape(known.shape, shape)) {
      throw new MetadataError(
        `tenantPolicy: ${known.entity} and ${m.name} share table '${table}' but pin the tenant differently in their partition keys (${describeShape(known.shape)} vs ${describeShape(shape)}); one LeadingKeys pattern per table cannot serve both`,
        m.name,
      );
    }
  }
  return [...byTable.values()];
}

/**
 * The least-privilege policy of a tenant role, from entity metadata: item
 * actions on the entities' tables and their indexes, only on partition keys
 * of the session's tenant (`${aws:PrincipalTag/<tenantTag>}`). Each table
 * gets the pattern of its own entities' partition key: one Allow statement
 * per distinct key shape, listing its tables.
 *
 * What IAM checks with it:
 * - GetItem, PutItem, UpdateItem, DeleteItem, ConditionCheckItem: the item's
 *   partition key. BatchGetItem, BatchWriteItem: every key of the batch.
 *   TransactGetItems / TransactWriteItems: each contained action as the item
 *   action it is (GetItem; PutItem, UpdateItem, DeleteItem, ConditionCheckItem),
 *   with its own key.
 * - Query on the table and on a local index: the partition key the query names
 *   (the table's). Query on a global index: the partition key the query names
 *   is the index's, so only an index whose partition key values are the
 *   tenant's keys (`TENANT#acme#...`) can be queried; and a request that
 *   carries no leading keys is refused by `Null: false`. Either way the index
 *   is closed to other tenants' values.
 *
 * What it does not cover: Scan (explicitly denied: `ForAllValues` is true for
 * a request with no leading keys), PartiQL and table-level actions (not
 * granted), sort keys and attribute values (any item under the tenant's
 * partition key; a tenant can write an item whose global-index key names
 * another tenant's value, so an index keyed on a tenant-written attribute is
 * only as trustworthy as its writers), and which tenant the session is: that
 * is the session tag, which the role's trust policy must pin
 * (tenantTrustPolicy with `tenantId`).
 *
 * A tenant's keys usually go on after the tenant id (`TENANT#acme#USER#1`),
 * so the pattern is the exact key or the key followed by its separator, never
 * a bare `*` that would let `acme` reach `acme2`. Keys IAM cannot pin (the
 * tenant after another property, or glued to one, or a wildcard in the fixed
 * text) are refused with MetadataError, as are entities of one table whose
 * keys disagree.
 */
export function tenantPolicy(
  entities: EntityClass | readonly EntityClass[],
  options: TenantPolicyOptions,
): PolicyDocument {
  const list = Array.isArray(entities) ? entities : [entities as EntityClass];
  if (list.length === 0) throw new MetadataError('tenantPolicy needs at least one entity class');
  check('accountId', options.accountId, /^\d{12}$/);
  check('region', options.region, /^[a-z]{2}(-[a-z]+)+-\d$/);
  const partition = options.partition ?? 'aws';
  check('partition', partition, /^aws(-[a-z]+)*$/);
  const tag = options.tenantTag ?? 'TenantId';
  check('tenantTag', tag, /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u);
  const tenantProperty = options.tenantProperty ?? 'tenantId';
  check('tenantProperty', tenantProperty, /^[A-Za-z_$][A-Za-z0-9_$]*$/);
  const actions = normaliseActions(options.actions ?? TENANT_ACTIONS);
  const override = options.keyPrefix;
  if (override !== undefined) {
    const problem = typeof override === 'string' ? patternTextProblem(override) : 'is not a string';
    if (problem) throw new MetadataError(`tenantPolicy: keyPrefix ${JSON.stringify(override)} ${problem}`);
  }
  const shapeOf = (m: EntityMetadata): TenantKeyShape =>
    override !== undefined ? { prefix: override, next: '#' } : tenantKeyShape(m, tenantProperty);
  const tables = tableShapes(
    list.map((e) => entityMetadata(e)),
    shapeOf,
  );

  const arn = (table: string) => `arn:${partition}:dynamodb:${options.region}:${options.accountId}:table/${table}`;
  const resources = (ts: readonly TableShape[]) => ts.flatMap(({ table }) => [arn(table), `${arn(table)}/index/*`]);
  const tenantKey = `\${aws:PrincipalTag/${tag}}`;
  const groups: TableShape[][] = [];
  for (const t of tables) {
    const group = groups.find((g) => sameShape((g[0] as TableShape).shape, t.shape));
    if (group) group.push(t);
    else groups.push([t]);
  }
  const statements: PolicyStatement[] = groups.map((group, i) => {
    const { prefix, next } = (group[0] as TableShape).shape;
    const key = prefix + tenantKey;
    return {
      Sid: i === 0 ? 'TenantItemsOnly' : `TenantItemsOnly${i + 1}`,
      Effect: 'Allow',
      Action: [...actions],
      Resource: resources(group),
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': next ? [key, `${key}${next}*`] : [key] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      },
    };
  });
  statements.push({ Sid: 'NoScans', Effect: 'Deny', Action: ['dynamodb:Scan'], Resource: resources(tables) });
  return { Version: '2012-10-17', Statement: statements };
}
