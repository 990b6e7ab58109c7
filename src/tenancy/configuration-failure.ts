import { TenantCredentialsError } from '../errors/errors.js';

/**
 * The TenantCredentialsError codes that mean the application is configured
 * wrongly, not that STS is unavailable: the same call fails the same way
 * until somebody changes the provider's options, the application's
 * credentials or the account's settings. The tenant middleware hands these
 * to the framework's error handling (a 500, and the app's error log) instead
 * of answering 503, which would tell clients and monitoring "outage, retry".
 *
 * - `InvalidConfiguration`: an option gave a value of the wrong type (a
 *   roleArn function that returned undefined, a tag that is not a string).
 * - `ValidationError`: a parameter breaks STS's rules, found by the
 *   provider's own check before sending (an externalId of one character, a
 *   session name over 64) or by STS (durationSeconds above the role's
 *   MaxSessionDuration).
 * - `MalformedPolicyDocument`: the `policy` option is not a valid policy.
 * - `PackedPolicyTooLarge`: the session tags and policies are too large.
 * - `RegionDisabled`: STS is not activated in the STS client's region.
 * - `InvalidClientTokenId`, `SignatureDoesNotMatch`: the application's own
 *   credentials (those STS is called with) are unknown or wrong.
 *
 * Deliberately not in the list:
 * - `AccessDenied`: STS says only that this role may not be assumed. That is
 *   one tenant's state as often as the application's mistake (the tenant's
 *   role not created yet or deleted at offboarding, a trust policy still
 *   propagating through IAM), and it concerns that tenant's requests only:
 *   they stay 503 without Retry-After, with the provider's
 *   `assume-role-failure` event (error level) naming the role and the advice.
 *   Not 403: the principal may act for the tenant, and a 403 would tell the
 *   client its permissions are at fault.
 * - `ExpiredToken`, `Throttling`, network and 5xx errors: retryable, 503
 *   with Retry-After.
 * - `ProviderClosed`: the application is shutting down; 503 is right.
 */
export const CONFIGURATION_FAILURE_CODES: ReadonlySet<string> = new Set([
  'InvalidConfiguration',
  'ValidationError',
  'MalformedPolicyDocument',
  'PackedPolicyTooLarge',
  'RegionDisabled',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
]);

/**
 * True for a TenantCredentialsError that a retry cannot fix and that means
 * the application's configuration is wrong (the codes above). Its details
 * are read as plain properties: providers of your own set them too.
 */
export function isConfigurationFailure(error: unknown): boolean {
  if (!(error instanceof TenantCredentialsError)) return false;
  const { code, retryable } = error as { code?: unknown; retryable?: unknown };
  return retryable !== true && typeof code === 'string' && CONFIGURATION_FAILURE_CODES.has(code);
}
