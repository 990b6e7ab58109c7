import { MetadataError } from '../errors/errors.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import type { EntityClass } from '../metadata/types.js';
import type { PolicyDocument, PolicyStatement } from './iam-policy.js';
import { normaliseActions, TENANT_ACTIONS } from './tenant-actions.js';
import { type TenantIndexShape, tenantIndexShapes } from './tenant-index-shapes.js';
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
   * tenant id, for all tables and their indexes (keys then are
   * `<keyPrefix><tenant>` or `<keyPrefix><tenant>#...`). Default: read from
   * each entity's partition key and `tenantProperty`, and from each
   * tenant-prefixed global index key.
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

/** Things with a key shape, grouped by it (first-seen order): one statement per distinct shape. */
function byShape<T extends { readonly shape: TenantKeyShape }>(items: readonly T[]): [T, ...T[]][] {
  const groups: [T, ...T[]][] = [];
  for (const item of items) {
    const group = groups.find((g) => sameShape(g[0].shape, item.shape));
    if (group) group.push(item);
    else groups.push([item]);
  }
  return groups;
}

/**
 * The tenant-prefixed global indexes of the entities, each once, leaving out
 * those shaped like their table's keys (the table statement's `index/*`
 * already allows their values).
 */
function indexShapes(
  metas: readonly EntityMetadata[],
  tables: readonly TableShape[],
  tenantProperty: string,
): TenantIndexShape[] {
  const found: TenantIndexShape[] = [];
  for (const m of metas) {
    const table = tables.find((t) => t.table === m.table) as TableShape;
    for (const index of tenantIndexShapes(m, table.table, table.shape, tenantProperty)) {
      if (sameShape(index.shape, table.shape)) continue;
      if (found.some((f) => f.table === index.table && f.index === index.index && sameShape(f.shape, index.shape)))
        continue;
      found.push(index);
    }
  }
  return found;
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
 *   is the index's. A global index whose partition key is tenant-prefixed (a
 *   composite key whose template starts with the tenant property, like
 *   `TENANT#{tenantId}#ASSIGNEE#{assignee}`, or one declared `tenantPrefixed`)
 *   gets its own Query statement on its ARN (`table/<t>/index/<name>`) with
 *   its own pattern (`TENANT#<tenant>` or `TENANT#<tenant>#*`), read and
 *   refused like a table key; an index keyed like its table is covered by the
 *   table statement (`table/<t>/index/*`). Any other global index cannot be
 *   queried: its values are not the tenant's keys. A request that carries no
 *   leading keys is refused by `Null: false`.
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
  const metas = list.map((e) => entityMetadata(e));
  const tables = tableShapes(metas, shapeOf);
  // With keyPrefix, every partition key (tables' and indexes') has the one shape the table statements allow.
  const indexes =
    override === undefined && actions.includes('dynamodb:Query') ? indexShapes(metas, tables, tenantProperty) : [];

  const arn = (table: string) => `arn:${partition}:dynamodb:${options.region}:${options.accountId}:table/${table}`;
  const resources = (ts: readonly TableShape[]) => ts.flatMap(({ table }) => [arn(table), `${arn(table)}/index/*`]);
  const tenantKey = `\${aws:PrincipalTag/${tag}}`;
  const allow = (sid: string, action: readonly string[], resource: readonly string[], shape: TenantKeyShape) => {
    const key = shape.prefix + tenantKey;
    const statement: PolicyStatement = {
      Sid: sid,
      Effect: 'Allow',
      Action: [...action],
      Resource: [...new Set(resource)],
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': shape.next ? [key, `${key}${shape.next}*`] : [key] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      },
    };
    return statement;
  };
  const statements: PolicyStatement[] = [
    ...byShape(tables).map((group, i) =>
      allow(i === 0 ? 'TenantItemsOnly' : `TenantItemsOnly${i + 1}`, actions, resources(group), group[0].shape),
    ),
    ...byShape(indexes).map((group, i) =>
      allow(
        i === 0 ? 'TenantIndexQueries' : `TenantIndexQueries${i + 1}`,
        ['dynamodb:Query'],
        group.map(({ table, index }) => `${arn(table)}/index/${index}`),
        group[0].shape,
      ),
    ),
  ];
  statements.push({ Sid: 'NoScans', Effect: 'Deny', Action: ['dynamodb:Scan'], Resource: resources(tables) });
  return { Version: '2012-10-17', Statement: statements };
}
