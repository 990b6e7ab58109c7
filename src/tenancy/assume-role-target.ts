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

/**
 * Computes the AssumeRole call of (tenant, principal) from the provider's
 * options and checks it against STS's rules, so a bad value fails here, with
 * a TenantCredentialsError, and never reaches STS.
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

  const request: AssumeRoleCommandInput = {
    RoleArn: roleArn,
    RoleSessionName: sessionName,
    DurationSeconds: durationSeconds,
    ...(externalId !== undefined ? { ExternalId: externalId } : {}),
    ...(tags ? { Tags: tags } : {}),
    ...(transitive ? { TransitiveTagKeys: transitive } : {}),
    ...(policy !== undefined ? { Policy: policy } : {}),
    ...(policyArns?.length ? { PolicyArns: policyArns.map((arn) => ({ arn })) } : {}),
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  };
  const violation = assumeRoleViolation(request);
  if (violation) fail(tenantId, roleArn, violation.message, violation.code);

  const sortedTags = (tags ?? []).map((t) => [t.Key, t.Value]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const key = JSON.stringify([
    tenantId,
    region ?? '',
    roleArn,
    sessionName,
    durationSeconds,
    externalId ?? '',
    sortedTags,
    transitive ?? [],
    policy ?? '',
    policyArns ?? [],
    sourceIdentity ?? '',
  ]);
  return { key, tenantId, region, request };
}
