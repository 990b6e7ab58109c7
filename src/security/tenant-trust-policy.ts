import { MetadataError } from '../errors/errors.js';
import { tenantIdProblem } from '../tenancy/tenant-id.js';
import type { PolicyDocument, PolicyStatement } from './iam-policy.js';

/** Options of tenantTrustPolicy(): who may assume the tenant role, with which external id and session tags. */
export interface TrustPolicyOptions {
  /** ARN of the application's role or user that assumes tenant roles. */
  readonly principalArn: string;
  /** The external id the provider sends (confused-deputy protection). */
  readonly externalId?: string;
  /**
   * The tenant this role belongs to, for per-tenant roles. When set, the
   * application can assume the role only with the session tag `tenantTag`
   * equal to it, and can set no session tag keys but `tenantTag` and
   * `otherTagKeys`. Without it, any tag value is accepted (see tenantTrustPolicy).
   */
  readonly tenantId?: string;
  /** The session tag that carries the tenant id (default 'TenantId', as the provider tags sessions and tenantPolicy reads it). */
  readonly tenantTag?: string;
  /**
   * Further session tag keys the provider sets, e.g. ['UserId'] (default none);
   * their values are not checked. Only with `tenantId`.
   */
  readonly otherTagKeys?: readonly string[];
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

function refuse(message: string): never {
  throw new MetadataError(`tenantTrustPolicy: ${message}`);
}

function checkTagKey(what: string, key: string): void {
  if (typeof key !== 'string' || !TAG_KEY.test(key)) refuse(`${what} ${JSON.stringify(key)} is not a valid tag key`);
  if (key.toLowerCase().startsWith('aws:'))
    refuse(`${what} ${JSON.stringify(key)}: tag keys starting with aws: are AWS's`);
}

/** The trust conditions of a per-tenant role: its tenant's tag, and no other tag keys than those allowed. */
function tenantConditions(options: TrustPolicyOptions, tenantId: string): NonNullable<PolicyStatement['Condition']> {
  const problem = tenantIdProblem(tenantId, 256);
  if (problem) refuse(`tenantId ${JSON.stringify(tenantId)}: ${problem}`);
  const tag = options.tenantTag ?? 'TenantId';
  checkTagKey('tenantTag', tag);
  const others = options.otherTagKeys ?? [];
  const seen = new Set([tag.toLowerCase()]);
  for (const key of others) {
    checkTagKey('otherTagKeys entry', key);
    // STS treats tag keys case-insensitively: a second spelling of the tenant tag would be a second tenant tag.
    if (seen.has(key.toLowerCase()))
      refuse(`otherTagKeys repeats ${JSON.stringify(key)} (tag keys are case-insensitive)`);
    seen.add(key.toLowerCase());
  }
  const allowedKeys = [tag, ...others];
  return {
    StringEquals: {
      ...(options.externalId ? { 'sts:ExternalId': options.externalId } : {}),
      [`aws:RequestTag/${tag}`]: tenantId,
    },
    'ForAllValues:StringEquals': { 'aws:TagKeys': allowedKeys, 'sts:TransitiveTagKeys': allowedKeys },
  };
}

/** The document of tenantTrustPolicy() (tenant-policy.ts), which says what it allows. */
export function trustPolicyDocument(options: TrustPolicyOptions): PolicyDocument {
  if (!/^arn:[a-z-]+:(iam|sts)::\d{12}:[A-Za-z0-9+=,.@_\-/:]+$/.test(options.principalArn ?? '')) {
    refuse(`principalArn ${JSON.stringify(options.principalArn)} is not valid`);
  }
  if (options.tenantId === undefined && (options.tenantTag !== undefined || options.otherTagKeys !== undefined)) {
    refuse('tenantTag and otherTagKeys pin session tags of a per-tenant role: pass its tenantId too');
  }
  const condition =
    options.tenantId !== undefined
      ? tenantConditions(options, options.tenantId)
      : options.externalId
        ? { StringEquals: { 'sts:ExternalId': options.externalId } }
        : undefined;
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
