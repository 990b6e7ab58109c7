import { type TenantCredentialsFailure, tenantCredentialsError } from './tenant-errors.js';

interface StsErrorKind {
  readonly retryable: boolean;
  /** Remembered for negativeCacheSeconds: the same call would fail the same way, and a bad tenant must not hammer STS. */
  readonly negative: boolean;
  readonly advice: (roleArn: string) => string;
}

const NOT_RETRYABLE = { retryable: false, negative: true } as const;

/** What each STS error means for the operator, keyed by STS's code. */
const KINDS: Readonly<Record<string, StsErrorKind>> = {
  AccessDenied: {
    ...NOT_RETRYABLE,
    advice: (roleArn) =>
      `the trust policy of ${roleArn} does not let this application assume it: check its Principal, that it allows sts:AssumeRole (and sts:TagSession when session tags are passed), and its sts:ExternalId condition against the externalId option`,
  },
  ExpiredToken: {
    retryable: true,
    negative: false,
    advice: () =>
      "the credentials the STS client signs with have expired: refresh the application's own credentials (profile, SSO login, instance or task role)",
  },
  RegionDisabled: {
    ...NOT_RETRYABLE,
    advice: () =>
      "STS is not activated in the STS client's region for this account: activate it (IAM > Account settings) or give the sts option another region",
  },
  PackedPolicyTooLarge: {
    ...NOT_RETRYABLE,
    advice: () =>
      'the session policy and session tags are too large once packed: pass fewer or shorter tags, or a smaller policy',
  },
  MalformedPolicyDocument: {
    ...NOT_RETRYABLE,
    advice: () => 'the inline session policy (policy option) is not a valid IAM policy document',
  },
  ValidationError: {
    ...NOT_RETRYABLE,
    advice: () =>
      "a parameter breaks STS's rules or the role's settings (e.g. durationSeconds above the role's MaxSessionDuration)",
  },
  Throttling: {
    retryable: true,
    negative: false,
    advice: () =>
      'STS throttled AssumeRole: the cache should keep calls rare; look for many distinct session names or tags per tenant (each is a cache entry) or ask for a higher STS quota',
  },
  InvalidClientTokenId: {
    retryable: false,
    negative: false,
    advice: () => "the STS client's access key id is unknown to AWS: check the application's credentials",
  },
  SignatureDoesNotMatch: {
    retryable: false,
    negative: false,
    advice: () => "the STS client's secret access key is wrong: check the application's credentials",
  },
};

const ALIASES: Readonly<Record<string, string>> = {
  ExpiredTokenException: 'ExpiredToken',
  RegionDisabledException: 'RegionDisabled',
  PackedPolicyTooLargeException: 'PackedPolicyTooLarge',
  MalformedPolicyDocumentException: 'MalformedPolicyDocument',
  ThrottlingException: 'Throttling',
  RequestLimitExceeded: 'Throttling',
};

interface AwsErrorShape {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** STS's code for an error from STSClient.send: `AccessDenied`, `ExpiredToken`, ... (SDK class names are mapped back). */
export function stsErrorCode(error: unknown): string {
  const e = (error ?? {}) as AwsErrorShape;
  // Network errors are plain `Error`s with a `code` such as ECONNREFUSED.
  const raw = e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'UnknownError';
  return ALIASES[raw] ?? raw;
}

/** True when a failure with this code is remembered for negativeCacheSeconds. */
export function isNegativelyCached(code: string): boolean {
  return KINDS[code]?.negative ?? false;
}

/** Turns an STS (or network) error into a TenantCredentialsError with the STS code, advice, and the SDK error as `cause`. */
export function fromStsError(error: unknown, tenantId: string, roleArn: string): TenantCredentialsFailure {
  const code = stsErrorCode(error);
  const e = (error ?? {}) as AwsErrorShape;
  const kind = KINDS[code];
  const status = e.$metadata?.httpStatusCode ?? 0;
  const retryable = kind?.retryable ?? (Boolean(e.$retryable) || status >= 500 || status === 0);
  const advice = kind?.advice(roleArn) ?? (retryable ? 'a later attempt may succeed' : 'check the provider options');
  const detail = e.message ?? String(error);
  return tenantCredentialsError(
    `STS AssumeRole of ${roleArn} for tenant ${tenantId} failed: ${code}: ${detail} (${advice})`,
    { code, tenantId, roleArn, retryable },
    error,
  );
}
