import type { AssumeRoleRequest, StsSessionTag as Tag } from '../../tenancy/sts-client-like.js';

/** The access key id of a SigV4 `Authorization` header (`Credential=<id>/<date>/<region>/sts/aws4_request`). */
export function callerOf(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : undefined;
}

/** `Prefix.member.N[.suffix]` parameters in N order. */
function members(params: URLSearchParams, prefix: string, suffix = ''): Array<string | undefined> {
  const found = new Map<number, string>();
  const pattern = new RegExp(`^${prefix}\\.member\\.(\\d+)${suffix ? `\\.${suffix}` : ''}$`);
  for (const [name, value] of params) {
    const n = pattern.exec(name)?.[1];
    if (n !== undefined) found.set(Number(n), value);
  }
  const count = found.size === 0 ? 0 : Math.max(...found.keys());
  return Array.from({ length: count }, (_, i) => found.get(i + 1));
}

function optional(params: URLSearchParams, name: string): string | undefined {
  return params.get(name) ?? undefined;
}

/** An AssumeRole request of the AWS Query protocol, as the SDK's input shape. */
export function parseAssumeRole(params: URLSearchParams): AssumeRoleRequest {
  const duration = optional(params, 'DurationSeconds');
  const keys = members(params, 'Tags', 'Key');
  const values = members(params, 'Tags', 'Value');
  const tags: Tag[] = Array.from({ length: Math.max(keys.length, values.length) }, (_, i) => ({
    Key: keys[i],
    Value: values[i],
  }));
  const transitive = members(params, 'TransitiveTagKeys').filter((k): k is string => k !== undefined);
  const policyArns = members(params, 'PolicyArns', 'arn').map((arn) => ({ arn }));
  const input: AssumeRoleRequest = {
    RoleArn: optional(params, 'RoleArn') as string,
    RoleSessionName: optional(params, 'RoleSessionName') as string,
  };
  if (duration !== undefined) input.DurationSeconds = Number(duration);
  const externalId = optional(params, 'ExternalId');
  if (externalId !== undefined) input.ExternalId = externalId;
  const policy = optional(params, 'Policy');
  if (policy !== undefined) input.Policy = policy;
  const serialNumber = optional(params, 'SerialNumber');
  if (serialNumber !== undefined) input.SerialNumber = serialNumber;
  const tokenCode = optional(params, 'TokenCode');
  if (tokenCode !== undefined) input.TokenCode = tokenCode;
  const sourceIdentity = optional(params, 'SourceIdentity');
  if (sourceIdentity !== undefined) input.SourceIdentity = sourceIdentity;
  if (tags.length > 0) input.Tags = tags;
  if (transitive.length > 0) input.TransitiveTagKeys = transitive;
  if (policyArns.length > 0) input.PolicyArns = policyArns;
  return input;
}
