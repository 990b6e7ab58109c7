import { MetadataError } from '../errors/errors.js';
import { entityMetadata } from '../metadata/compile-entity.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import type { EntityClass } from '../metadata/types.js';
import type { PolicyDocument, PolicyStatement } from './iam-policy.js';

/** Item-level actions whose requests carry the partition keys they touch (dynamodb:LeadingKeys). */
export const TENANT_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

export interface TenantPolicyOptions {
  readonly accountId: string;
  readonly region: string;
  /** Default: every item-level action (TENANT_ACTIONS). Scan is refused: it has no leading keys. */
  readonly actions?: readonly string[];
  /** The session tag that holds the tenant id (default 'TenantId', as the provider tags sessions). */
  readonly tenantTag?: string;
  /**
   * What partition keys of a tenant start with, before the tenant id (default: taken from the
   * entities' partition key: `TENANT#{tenantId}...` gives 'TENANT#', prefix 'TENANT' gives 'TENANT#').
   */
  readonly keyPrefix?: string;
  /** The AWS partition (default 'aws'). */
  readonly partition?: string;
}

interface TenantKeyShape {
  /** What comes before the tenant id. */
  readonly prefix: string;
  /** The separator after the tenant id, when the key continues ('' when the key ends with it). */
  readonly next: string;
}

/** `TENANT#{tenantId}#USER#{userId}` gives prefix 'TENANT#' and next '#'; the tenant id is the first part. */
function tenantKeyShape(m: EntityMetadata): TenantKeyShape | undefined {
  const key = m.partitionKey;
  if (key.kind !== 'template') return undefined;
  const marker = '\u0000';
  const sample = key.format(Object.fromEntries(key.properties.map((p) => [p, marker]))) as string;
  const at = sample.indexOf(marker);
  return { prefix: sample.slice(0, at), next: sample.charAt(at + 1) === marker ? '' : sample.charAt(at + 1) };
}

function check(name: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value)) throw new MetadataError(`tenantPolicy: ${name} ${JSON.stringify(value)} is not valid`);
}

/**
 * The least-privilege policy of a tenant role (the STS page's "Principle of
 * Least Privilege"), from entity metadata: item actions on the entities'
 * tables and their indexes, only on partition keys of the session's tenant.
 *
 * Two gotchas it handles: `ForAllValues` is true for a request with no
 * leading keys at all (a Scan), so Scan is left out, explicitly denied, and
 * the Allow also requires the key to be present (`Null: false`); and a
 * tenant's keys usually continue after the tenant id (`TENANT#acme#USER#1`),
 * so the pattern is the exact key or the key followed by the separator,
 * never a bare `*` that would let `acme` reach `acme2`.
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
  const tag = options.tenantTag ?? 'TenantId';
  check('tenantTag', tag, /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u);
  const metas = list.map((e) => entityMetadata(e));
  const shape: TenantKeyShape | undefined =
    options.keyPrefix !== undefined
      ? { prefix: options.keyPrefix, next: '#' }
      : tenantKeyShape(metas[0] as EntityMetadata);
  if (!shape) {
    throw new MetadataError(
      `tenantPolicy: ${metas[0]?.name}'s partition key is not a template starting with the tenant (e.g. 'TENANT#{tenantId}'); pass keyPrefix`,
    );
  }
  const { prefix, next } = shape;
  if (/[*?]/.test(prefix))
    throw new MetadataError(`tenantPolicy: keyPrefix ${JSON.stringify(prefix)} contains a wildcard`);
  const actions = options.actions ?? TENANT_ACTIONS;
  if (actions.some((a) => /scan/i.test(a))) {
    throw new MetadataError('tenantPolicy: Scan cannot be limited to a tenant (it has no leading keys); leave it out');
  }
  const tables = [...new Set(metas.map((m) => m.table).filter((t): t is string => !!t))];
  if (tables.length === 0) throw new MetadataError('tenantPolicy: the entities name no @Table');
  const arn = (table: string) => `arn:${partition}:dynamodb:${options.region}:${options.accountId}:table/${table}`;
  const resources = tables.flatMap((t) => [arn(t), `${arn(t)}/index/*`]);
  const tenantKey = `${prefix}\${aws:PrincipalTag/${tag}}`;
  const statements: PolicyStatement[] = [
    {
      Sid: 'TenantItemsOnly',
      Effect: 'Allow',
      Action: [...actions],
      Resource: resources,
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': next ? [tenantKey, `${tenantKey}${next}*`] : [tenantKey] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      },
    },
    { Sid: 'NoScans', Effect: 'Deny', Action: ['dynamodb:Scan'], Resource: resources },
  ];
  return { Version: '2012-10-17', Statement: statements };
}

export interface TrustPolicyOptions {
  /** ARN of the application's role or user that assumes tenant roles. */
  readonly principalArn: string;
  /** The external id the provider sends (the STS page's confused-deputy protection). */
  readonly externalId?: string;
}

/** The tenant role's trust policy: the application may assume it and tag the session, with the external id. */
export function tenantTrustPolicy(options: TrustPolicyOptions): PolicyDocument {
  check('principalArn', options.principalArn, /^arn:[a-z-]+:(iam|sts)::\d{12}:[A-Za-z0-9+=,.@_\-/:]+$/);
  const condition = options.externalId ? { StringEquals: { 'sts:ExternalId': options.externalId } } : undefined;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AppAssumesTenantRole',
        Effect: 'Allow',
        Principal: { AWS: options.principalArn },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  };
}
