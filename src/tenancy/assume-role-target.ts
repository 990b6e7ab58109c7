import type { AssumeRoleCommandInput, Tag } from '@aws-sdk/client-sts';
import { assumeRoleViolation } from './sts-rules.js';
import { tenantCredentialsError } from './tenant-errors.js';
import type { PerTenant, SessionPolicy, StsTenantClientProviderOptions } from './types.js';

/** What one cache entry is: the AssumeRole call and the region of the scoped client. */
export interface AssumeRoleTarget {
  /** Everything that changes the credentials: tenant, region, role, session name, duration, external id, tags, policies. */
  readonly key: string;
  readonly tenantId: string;
  readonly region: string | undefined;
  readonly request: AssumeRoleCommandInput;
}

function perTenant<T, P>(value: PerTenant<T, P>, tenantId: string, principal: P | undefined): T {
  return typeof value === 'function'
    ? (value as (tenantId: string, principal: P | undefined) => T)(tenantId, principal)
    : value;
}

function fail(tenantId: string, roleArn: string | undefined, message: string, code = 'ValidationError'): never {
  throw tenantCredentialsError(`AssumeRole parameters for tenant ${tenantId}: ${message}`, {
    code,
    tenantId,
    roleArn,
    retryable: false,
  });
}

function stringOrUndefined(tenantId: string, name: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  return fail(tenantId, undefined, `${name} must be a string, got ${typeof value}`, 'InvalidConfiguration');
}

function policyText(tenantId: string, policy: SessionPolicy | undefined): string | undefined {
  if (policy === undefined || typeof policy === 'string') return policy;
  return (
    JSON.stringify(policy) ?? fail(tenantId, undefined, 'policy is not serializable to JSON', 'MalformedPolicyDocument')
  );
}

function tagList(tenantId: string, tags: Readonly<Record<string, string>> | undefined): Tag[] | undefined {
  if (tags === undefined) return undefined;
  const list: Tag[] = [];
  for (const [Key, Value] of Object.entries(tags)) {
    if (typeof Value !== 'string') fail(tenantId, undefined, `tag ${Key} must be a string, got ${typeof Value}`);
    list.push({ Key, Value });
  }
  return list.length > 0 ? list : undefined;
}

// Separators of the cache key: control characters, which no value that passes STS's rules contains (tenant ids,
// ARNs, session names, external ids, tags, policies and regions all exclude them). Only checked values make cache
// entries, so a value containing one (say a session name "a\u0000b") adds a separator and can never produce the key
// of an entry: keys are unambiguous without escaping, and far cheaper to build than JSON.
const FIELD = '\u0000';
const LIST = '\u0001';
const PAIR = '\u0002';

function cacheKey(fields: readonly string[]): string {
  return fields.join(FIELD);
}

/** Tags in code-unit order of their keys (any fixed order makes equal tag sets give equal keys). */
function tagsText(tags: readonly Tag[] | undefined): string {
  if (tags === undefined) return '';
  const byKey = (a: Tag, b: Tag) => ((a.Key as string) < (b.Key as string) ? -1 : a.Key === b.Key ? 0 : 1);
  const sorted = tags.length > 1 ? [...tags].sort(byKey) : tags;
  return sorted.map((tag) => `${tag.Key}${PAIR}${tag.Value}`).join(LIST);
}

/**
 * Computes the AssumeRole call of (tenant, principal) from the provider's
 * options, and the cache key that identifies it. Runs on every clientFor(),
 * cache hits included, so it only computes: the call is checked against
 * STS's rules by checkAssumeRoleTarget() before a cache entry is made for it
 * (an entry's key stands for the whole call, so a hit needs no check).
 */
export function assumeRoleTarget<P extends object>(
  options: StsTenantClientProviderOptions<P>,
  durationSeconds: number,
  tenantId: string,
  principal: P | undefined,
): AssumeRoleTarget {
  const roleArn = perTenant(options.roleArn, tenantId, principal);
  if (typeof roleArn !== 'string')
    fail(tenantId, undefined, `roleArn must give a string, got ${typeof roleArn}`, 'InvalidConfiguration');
  const sessionName = stringOrUndefined(
    tenantId,
    'sessionName',
    options.sessionName === undefined ? `tenant-${tenantId}` : perTenant(options.sessionName, tenantId, principal),
  );
  const externalId = stringOrUndefined(
    tenantId,
    'externalId',
    typeof options.externalId === 'function' ? options.externalId(tenantId, principal) : options.externalId,
  );
  const region = stringOrUndefined(
    tenantId,
    'region',
    options.region === undefined
      ? typeof options.dynamo?.region === 'string'
        ? options.dynamo.region
        : undefined
      : perTenant(options.region, tenantId, principal),
  );
  const tags = tagList(tenantId, options.tags === undefined ? undefined : perTenant(options.tags, tenantId, principal));
  const policy = policyText(
    tenantId,
    options.policy === undefined ? undefined : perTenant(options.policy, tenantId, principal),
  );
  const policyArns = options.policyArns === undefined ? undefined : perTenant(options.policyArns, tenantId, principal);
  const sourceIdentity = stringOrUndefined(
    tenantId,
    'sourceIdentity',
    options.sourceIdentity === undefined ? undefined : perTenant(options.sourceIdentity, tenantId, principal),
  );
  const transitive = options.transitiveTagKeys?.length ? [...options.transitiveTagKeys] : undefined;

  // Assigned field by field: object spreads would cost more than the rest of a cache hit.
  const request: AssumeRoleCommandInput = {
    RoleArn: roleArn,
    RoleSessionName: sessionName,
    DurationSeconds: durationSeconds,
  };
  if (externalId !== undefined) request.ExternalId = externalId;
  if (tags) request.Tags = tags;
  if (transitive) request.TransitiveTagKeys = transitive;
  if (policy !== undefined) request.Policy = policy;
  if (policyArns?.length) request.PolicyArns = policyArns.map((arn) => ({ arn }));
  if (sourceIdentity !== undefined) request.SourceIdentity = sourceIdentity;
  const key = cacheKey([
    tenantId,
    region ?? '',
    roleArn,
    sessionName ?? '',
    String(durationSeconds),
    externalId ?? '',
    tagsText(tags),
    transitive?.join(LIST) ?? '',
    policy ?? '',
    policyArns?.join(LIST) ?? '',
    sourceIdentity ?? '',
  ]);
  return { key, tenantId, region, request };
}

/**
 * Checks the AssumeRole call of a target against STS's rules, so a bad value
 * fails with a TenantCredentialsError and never reaches STS. Called before a
 * cache entry is made for the target.
 */
export function checkAssumeRoleTarget(target: AssumeRoleTarget): void {
  const violation = assumeRoleViolation(target.request);
  if (violation) fail(target.tenantId, target.request.RoleArn, violation.message, violation.code);
}
