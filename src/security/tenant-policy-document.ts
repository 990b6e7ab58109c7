import { MetadataError } from '../errors/errors.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import { assertSameKeys } from '../metadata/shared-table.js';
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

/** The tenant-prefixed global indexes of the entities, each once. */
function indexShapes(
  metas: readonly EntityMetadata[],
  tables: readonly TableShape[],
  tenantProperty: string,
): TenantIndexShape[] {
  const found: TenantIndexShape[] = [];
  for (const m of metas) {
    const table = tables.find((t) => t.table === m.table) as TableShape;
    for (const index of tenantIndexShapes(m, table.table, table.shape, tenantProperty)) {
      if (found.some((f) => f.table === index.table && f.index === index.index && sameShape(f.shape, index.shape)))
        continue;
      found.push(index);
    }
  }
  return found;
}

/**
 * The indexes of `table` whose partition keys hold the table's own keys: local indexes, and global ones keyed
 * on the table's partition key. Their values are the tenant's wherever the table's are (IAM checks those on
 * writes), so the table statement opens them. A global index keyed on anything else is opened only by a
 * statement of its own (a tenant-prefixed one); `index/*` would open them all, and any tenant may write the
 * values of a plain index (`TENANT#acme#...` among them).
 */
function indexesKeyedLikeTable(metas: readonly EntityMetadata[], table: string): string[] {
  const names = new Set<string>();
  for (const m of metas) {
    if (m.table !== table) continue;
    for (const index of m.indexes.values()) {
      if (index.type === 'local' || index.partitionKey.attribute === m.partitionKey.attribute) names.add(index.name);
    }
  }
  return [...names];
}

/** The global indexes of `table` whose partition keys are tenants': declared tenantPrefixed, or led by the tenant property. */
function tenantIndexNames(metas: readonly EntityMetadata[], table: string, tenantProperty: string): string[] {
  return metas
    .filter((m) => m.table === table)
    .flatMap((m) => [...m.indexes.values()])
    .filter(
      (i) =>
        i.type === 'global' &&
        (i.partitionKey.tenantPrefixed === true || i.partitionKey.composite?.leadingProperty === tenantProperty),
    )
    .map((i) => i.name);
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
  for (const { table } of tables) {
    assertSameKeys(
      metas.filter((m) => m.table === table),
      table,
    );
  }
  const queries = actions.includes('dynamodb:Query');
  const tenantIndexes = queries && override === undefined ? indexShapes(metas, tables, tenantProperty) : [];
  const shapeOfTable = (table: string) => (tables.find((t) => t.table === table) as TableShape).shape;
  const shapedLikeTable = (index: TenantIndexShape) => sameShape(index.shape, shapeOfTable(index.table));
  // Query reads indexes; the other actions address the table itself. With keyPrefix, every tenant index key has
  // the one shape the table statements allow.
  const openedWithTable = (table: string): string[] => {
    if (!queries) return [];
    const names = indexesKeyedLikeTable(metas, table);
    if (override !== undefined) names.push(...tenantIndexNames(metas, table, tenantProperty));
    else names.push(...tenantIndexes.filter((i) => i.table === table && shapedLikeTable(i)).map((i) => i.index));
    return [...new Set(names)];
  };
  const indexes = tenantIndexes.filter((index) => !shapedLikeTable(index));

  const arn = (table: string) => `arn:${partition}:dynamodb:${options.region}:${options.accountId}:table/${table}`;
  const resources = (ts: readonly TableShape[]) =>
    ts.flatMap(({ table }) => [arn(table), ...openedWithTable(table).map((index) => `${arn(table)}/index/${index}`)]);
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
  const everything = tables.flatMap(({ table }) => [arn(table), `${arn(table)}/index/*`]);
  statements.push({ Sid: 'NoScans', Effect: 'Deny', Action: ['dynamodb:Scan'], Resource: everything });
  return { Version: '2012-10-17', Statement: statements };
}
