/** The errors the local STS can answer with, by STS code. */
export type LocalStsErrorCode =
  | 'AccessDenied'
  | 'ExpiredToken'
  | 'RegionDisabled'
  | 'PackedPolicyTooLarge'
  | 'MalformedPolicyDocument'
  | 'Throttling'
  | 'ValidationError'
  | 'InvalidClientTokenId'
  | 'SignatureDoesNotMatch'
  | 'MissingAuthenticationToken'
  | 'InvalidAction'
  | 'InternalFailure'
  | 'ServiceUnavailable';

interface WireError {
  /** The Code element STS sends (the AWS SDK maps some to its exception classes, e.g. ExpiredTokenException). */
  readonly wire: string;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';
  readonly message: string;
}

export const STS_ERRORS: Readonly<Record<LocalStsErrorCode, WireError>> = {
  AccessDenied: {
    wire: 'AccessDenied',
    status: 403,
    type: 'Sender',
    message: 'User is not authorized to perform: sts:AssumeRole',
  },
  ExpiredToken: {
    wire: 'ExpiredTokenException',
    status: 400,
    type: 'Sender',
    message: 'The security token included in the request is expired',
  },
  RegionDisabled: {
    wire: 'RegionDisabledException',
    status: 403,
    type: 'Sender',
    message:
      'STS is not activated in this region for this account. Your account administrator can activate STS in this region using the IAM Console.',
  },
  PackedPolicyTooLarge: {
    wire: 'PackedPolicyTooLarge',
    status: 400,
    type: 'Sender',
    message: 'Packed policy consumes more than 100% of allotted space, please use smaller policy for session.',
  },
  MalformedPolicyDocument: {
    wire: 'MalformedPolicyDocument',
    status: 400,
    type: 'Sender',
    message: 'The policy is not in the valid JSON format.',
  },
  Throttling: { wire: 'Throttling', status: 400, type: 'Sender', message: 'Rate exceeded' },
  ValidationError: { wire: 'ValidationError', status: 400, type: 'Sender', message: '1 validation error detected' },
  InvalidClientTokenId: {
    wire: 'InvalidClientTokenId',
    status: 403,
    type: 'Sender',
    message: 'The security token included in the request is invalid.',
  },
  SignatureDoesNotMatch: {
    wire: 'SignatureDoesNotMatch',
    status: 403,
    type: 'Sender',
    message: 'The request signature we calculated does not match the signature you provided.',
  },
  MissingAuthenticationToken: {
    wire: 'MissingAuthenticationToken',
    status: 403,
    type: 'Sender',
    message: 'Request is missing Authentication Token',
  },
  InvalidAction: { wire: 'InvalidAction', status: 400, type: 'Sender', message: 'Could not find operation' },
  InternalFailure: { wire: 'InternalFailure', status: 500, type: 'Receiver', message: 'An internal error occurred' },
  ServiceUnavailable: { wire: 'ServiceUnavailable', status: 503, type: 'Receiver', message: 'Service unavailable' },
};

/** SDK exception names accepted for the STS codes. */
const ALIASES: Readonly<Record<string, LocalStsErrorCode>> = {
  ExpiredTokenException: 'ExpiredToken',
  RegionDisabledException: 'RegionDisabled',
  PackedPolicyTooLargeException: 'PackedPolicyTooLarge',
  MalformedPolicyDocumentException: 'MalformedPolicyDocument',
  ThrottlingException: 'Throttling',
};

export function errorCodeOf(code: string): LocalStsErrorCode {
  const known = (ALIASES[code] ?? code) as LocalStsErrorCode;
  if (!(known in STS_ERRORS)) {
    throw new RangeError(
      `local STS: unknown error code ${JSON.stringify(code)} (known: ${Object.keys(STS_ERRORS).join(', ')})`,
    );
  }
  return known;
}

/** An error the server answers with. */
export class StsFault extends Error {
  readonly code: LocalStsErrorCode;
  constructor(code: LocalStsErrorCode, message?: string) {
    super(message ?? STS_ERRORS[code].message);
    this.code = code;
  }
}
