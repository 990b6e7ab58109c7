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
import type { TenantPolicyOptions } from './tenant-policy.js';

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

/** The document of tenantPolicy() (tenant-policy.ts), which says what it allows and refuses. */
export function tenantPolicyDocument(
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
