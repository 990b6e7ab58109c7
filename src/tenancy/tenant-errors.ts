import {
  TenantAccessDeniedError,
  type TenantAccessDeniedReason,
  TenantCredentialsError,
  type TenantIsolationDetails,
  TenantIsolationError,
} from '../errors/errors.js';

export type { TenantAccessDeniedReason };

/** What a TenantAccessDeniedError of the provider carries: the tenant asked for, and why it was refused. */
export interface TenantAccessDeniedDetails {
  /** The tenant asked for. */
  readonly tenantId: string;
  /** Why the principal was refused. */
  readonly reason: TenantAccessDeniedReason;
}

/** What a TenantCredentialsError of the provider carries: the STS code, the tenant and role, and whether to retry. */
export interface TenantCredentialsDetails {
  /** STS error code (AccessDenied, ExpiredToken, RegionDisabled, PackedPolicyTooLarge, MalformedPolicyDocument, Throttling, ValidationError, ...) or InvalidConfiguration / ProviderClosed / InvalidResponse. */
  readonly code: string;
  /** The tenant whose credentials were asked for. */
  readonly tenantId?: string;
  /** The role that was (or would have been) assumed for it. */
  readonly roleArn?: string;
  /** True when the same call may succeed later (throttling, network); false when the configuration must change. */
  readonly retryable: boolean;
  /** For a remembered failure: the seconds until STS is asked again (an HTTP Retry-After). */
  readonly retryAfterSeconds?: number;
}

export type TenantAccessDenied = TenantAccessDeniedError & TenantAccessDeniedDetails;
export type TenantCredentialsFailure = TenantCredentialsError & TenantCredentialsDetails;

// The error classes (src/errors/errors.ts) take (message, options). The details
// are set on the instance here, so they exist whether or not the classes
// declare them as fields themselves.
export function tenantAccessDenied(message: string, details: TenantAccessDeniedDetails): TenantAccessDenied {
  return Object.assign(new TenantAccessDeniedError(message), details);
}

export function tenantCredentialsError(
  message: string,
  details: TenantCredentialsDetails,
  cause?: unknown,
): TenantCredentialsFailure {
  const error =
    cause === undefined ? new TenantCredentialsError(message) : new TenantCredentialsError(message, { cause });
  return Object.assign(error, details);
}

export function tenantIsolationError(message: string, details: TenantIsolationDetails = {}): TenantIsolationError {
  return withIsolationDetails(new TenantIsolationError(message), details);
}

/** Sets the details that are known (an unknown one stays absent, not undefined). */
export function withIsolationDetails(
  error: TenantIsolationError,
  details: TenantIsolationDetails,
): TenantIsolationError {
  for (const [name, value] of Object.entries(details)) if (value !== undefined) Object.assign(error, { [name]: value });
  return error;
}
