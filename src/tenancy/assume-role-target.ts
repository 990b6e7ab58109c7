import { createHash } from 'node:crypto';
import type { AssumeRoleRequest, StsSessionTag as Tag } from './sts-client-like.js';
import { assumeRoleViolation } from './sts-rules.js';
import { tenantCredentialsError } from './tenant-errors.js';
import type { PerTenant, SessionPolicy, StsTenantClientProviderOptions } from './types.js';

/** What one cache entry is: the AssumeRole call and the region of the scoped client. */
export interface AssumeRoleTarget {
  /** Everything that changes the credentials: tenant, region, role, session name, duration, external id, tags, policies. */
  readonly key: string;
  readonly tenantId: string;
  readonly region: string | undefined;
  readonly request: AssumeRoleRequest;
}

/** STS's limit on RoleSessionName. */
const MAX_SESSION_NAME = 64;
/** Characters of the full id's hash in a shortened default session name (base64url: 96 bits). */
const HASH_CHARS = 16;

/**
 * The default RoleSessionName: `tenant-<tenantId>` when that fits STS's 64 characters (ids of up to 57);
 * otherwise `tenant-<first 40 characters of the id>,<hash>`, where the hash is the first 16 base64url
 * characters of the SHA-256 of the whole id. Deterministic (one id, one name, so one cache entry and one
 * CloudTrail identity), and two long ids that share their first 40 characters still get different names.
 * The `,` is allowed in session names but not in tenant ids, so a shortened name is never the name of
 * another, shorter id.
 */
export function defaultSessionName(tenantId: string): string {
  const plain = `tenant-${tenantId}`;
  if (plain.length <= MAX_SESSION_NAME) return plain;
  const hash = createHash('sha256').update(tenantId).digest('base64url').slice(0, HASH_CHARS);
  const kept = MAX_SESSION_NAME - 'tenant-'.length - 1 - HASH_CHARS;
  return `tenant-${tenantId.slice(0, kept)},${hash}`;
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
  const keys = Object.keys(tags);
  if (keys.length === 0) return undefined;
  const list: Tag[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const Key = keys[i] as string;
    const Value = tags[Key];
    if (typeof Value !== 'string') fail(tenantId, undefined, `tag ${Key} must be a string, got ${typeof Value}`);
    list[i] = { Key, Value };
  }
  return list;
}

// The cache key encodes every field self-delimited: a string as `<length>:<text>`, a missing value as `-`, a list
// as `<count>[` followed by its elements, a number as its digits and `;`. No encoded field is a prefix of another,
// so the concatenation is injective: two calls get one key only when every field is equal, whatever characters the
// values hold (a user id with separators, digits and colons, control characters, unicode); its uniqueness does not
// depend on any check of the values. Built on every clientFor(), hits included: a few short template strings (a
// JSON.stringify of the tuple costs several times more).
function field(value: string | undefined): string {
  return value === undefined ? '-' : `${value.length}:${value}`;
}

function listField(values: readonly string[] | undefined): string {
  if (values === undefined) return '-';
  let text = `${values.length}[`;
  for (const value of values) text += `${value.length}:${value}`;
  return text;
}

const byKey = (a: Tag, b: Tag) => ((a.Key as string) < (b.Key as string) ? -1 : a.Key === b.Key ? 0 : 1);

/** Tags in code-unit order of their keys (any fixed order makes equal tag sets give equal keys). */
function tagsField(tags: readonly Tag[] | undefined): string {
  if (tags === undefined) return '-';
  // Tag functions usually list their keys in one fixed order: sort (a copy) only when it is not the code-unit order.
  let sorted = tags;
  for (let i = 1; i < tags.length; i++) {
    if (byKey(tags[i - 1] as Tag, tags[i] as Tag) > 0) {
      sorted = [...tags].sort(byKey);
      break;
    }
  }
  let text = `${sorted.length}[`;
  for (const tag of sorted) text += field(tag.Key) + field(tag.Value);
  return text;
}

/**
 * Computes the AssumeRole call of (tenant, principal) from the provider's
 * options, and the cache key that identifies it (equal keys exactly for
 * equal calls, whatever the values hold). Runs on every clientFor(), cache
 * hits included, so it only computes: the call is checked against STS's
 * rules by checkAssumeRoleTarget() before a cache entry is made for it, and
 * as the key stands for the whole call, a hit needs no check.
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
    options.sessionName === undefined
      ? defaultSessionName(tenantId)
      : perTenant(options.sessionName, tenantId, principal),
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
  const request: AssumeRoleRequest = {
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
  // The fields most configurations leave out are one `.` when all are absent (`+` and the fields otherwise), which
  // keeps the key short and cheap to build and hash for the common case.
  const arns = policyArns?.length ? policyArns : undefined;
  const optional =
    externalId === undefined &&
    tags === undefined &&
    transitive === undefined &&
    policy === undefined &&
    arns === undefined &&
    sourceIdentity === undefined
      ? '.'
      : `+${field(externalId)}${tagsField(tags)}${listField(transitive)}${field(policy)}${listField(arns)}${field(sourceIdentity)}`;
  const key = `${field(tenantId)}${field(region)}${field(roleArn)}${field(sessionName)}${durationSeconds};${optional}`;
  return { key, tenantId, region, request };
}

/**
 * Checks the AssumeRole call of a target against STS's rules, so a bad value
 * fails with a TenantCredentialsError and never reaches STS nor becomes a
 * cache entry. Called before a cache entry is made for the target.
 */
export function checkAssumeRoleTarget(target: AssumeRoleTarget): void {
  const violation = assumeRoleViolation(target.request);
  if (violation) fail(target.tenantId, target.request.RoleArn, violation.message, violation.code);
}
