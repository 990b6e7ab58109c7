import { createHash, randomBytes } from 'node:crypto';

/** Base32 alphabet of real AWS key ids: letters and digits only, which DynamoDB Local requires. */
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomString(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** `ASIA` + 16 characters, like STS's temporary access key ids. */
export function newAccessKeyId(): string {
  return `ASIA${randomString(KEY_ALPHABET, 16)}`;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** Real session tokens are several hundred characters; so are these, so memory measured with them is realistic. */
export function newSessionToken(length: number): string {
  return `IQoJb3JpZ2luX2Vj${randomBytes(Math.ceil((length * 3) / 4)).toString('base64')}`.slice(
    0,
    Math.max(16, length),
  );
}

/** A stable `AROA...` id per role ARN, as IAM gives each role one. */
export function roleId(roleArn: string): string {
  const digest = createHash('sha256').update(roleArn).digest();
  let out = 'AROA';
  for (let i = 0; i < 16; i++) out += KEY_ALPHABET[(digest[i] as number) % KEY_ALPHABET.length];
  return out;
}

/** Credentials the local STS issued: what a DynamoDB stand-in needs to decide whether they are still good. */
export interface LocalStsSession {
  /** The access key id of the credentials issued. */
  readonly accessKeyId: string;
  /** The role assumed. */
  readonly roleArn: string;
  /** The RoleSessionName of the AssumeRole. */
  readonly roleSessionName: string;
  /** Access key id of the caller that assumed the role. */
  readonly caller: string;
  /** The session's ARN, `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`. */
  readonly assumedRoleArn: string;
  /** The session tags the AssumeRole set. */
  readonly tags: Readonly<Record<string, string>>;
  /** When the credentials were issued (local STS clock). */
  readonly issuedAt: Date;
  /** When they expire (local STS clock). */
  readonly expiresAt: Date;
  /** True once the clock passed expiresAt. */
  readonly expired: boolean;
  /** True after revoke(). */
  readonly revoked: boolean;
}
