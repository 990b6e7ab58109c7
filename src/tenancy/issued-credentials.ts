import type { AssumeRoleAnswer } from './sts-client-like.js';
import { tenantCredentialsError } from './tenant-errors.js';
import type { IssuedCredentials, TenantSession } from './tenant-session.js';

/**
 * The credentials of an AssumeRole answer, and when to renew them: `buffer`
 * before expiry, but never sooner than half-way through their life.
 */
export function issuedCredentials(
  output: AssumeRoleAnswer,
  session: TenantSession,
  refreshBeforeExpiryMs: number,
  now: number,
): IssuedCredentials {
  const c = output.Credentials;
  const expiration = c?.Expiration;
  if (
    !c?.AccessKeyId ||
    !c.SecretAccessKey ||
    !c.SessionToken ||
    !(expiration instanceof Date) ||
    Number.isNaN(+expiration)
  ) {
    throw tenantCredentialsError(
      `STS answered AssumeRole of ${session.roleArn} for tenant ${session.tenantId} without complete credentials`,
      { code: 'InvalidResponse', tenantId: session.tenantId, roleArn: session.roleArn, retryable: true },
    );
  }
  const expiresAt = expiration.getTime();
  // Never renew sooner than half-way through the credentials' life, whatever the buffer.
  const buffer = Math.min(refreshBeforeExpiryMs, Math.max(0, (expiresAt - now) / 2));
  return {
    identity: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration,
    },
    expiresAt,
    refreshAt: expiresAt - buffer,
  };
}
