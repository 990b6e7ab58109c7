/** The AWS Query protocol's XML, as STS writes it and the AWS SDK parses it. */
const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);
}

function element(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** STS's timestamps: ISO-8601, second precision, UTC. */
export function stsTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface AssumeRoleResultXml {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiresAt: number;
  readonly assumedRoleArn: string;
  readonly assumedRoleId: string;
  readonly packedPolicySize?: number;
  readonly sourceIdentity?: string;
}

export function assumeRoleResponse(result: AssumeRoleResultXml, requestId: string): string {
  return (
    `<AssumeRoleResponse xmlns="${NAMESPACE}"><AssumeRoleResult>` +
    element('SourceIdentity', result.sourceIdentity) +
    `<AssumedRoleUser>${element('Arn', result.assumedRoleArn)}${element('AssumedRoleId', result.assumedRoleId)}</AssumedRoleUser>` +
    '<Credentials>' +
    element('AccessKeyId', result.accessKeyId) +
    element('SecretAccessKey', result.secretAccessKey) +
    element('SessionToken', result.sessionToken) +
    element('Expiration', stsTimestamp(result.expiresAt)) +
    '</Credentials>' +
    element('PackedPolicySize', result.packedPolicySize) +
    `</AssumeRoleResult><ResponseMetadata>${element('RequestId', requestId)}</ResponseMetadata></AssumeRoleResponse>`
  );
}

export function callerIdentityResponse(
  identity: { arn: string; userId: string; account: string },
  requestId: string,
): string {
  return (
    `<GetCallerIdentityResponse xmlns="${NAMESPACE}"><GetCallerIdentityResult>` +
    element('Arn', identity.arn) +
    element('UserId', identity.userId) +
    element('Account', identity.account) +
    `</GetCallerIdentityResult><ResponseMetadata>${element('RequestId', requestId)}</ResponseMetadata></GetCallerIdentityResponse>`
  );
}

export function errorResponse(type: string, code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}"><Error>` +
    element('Type', type) +
    element('Code', code) +
    element('Message', message) +
    `</Error>${element('RequestId', requestId)}</ErrorResponse>`
  );
}
