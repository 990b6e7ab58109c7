/** Credentials accepted by DynamoDB Local: any secret, but an access key id of letters and digits only. */
export interface LocalCredentials {
  /** Letters and digits only; without `-sharedDb` it also selects the database. */
  accessKeyId: string;
  /** Any value. */
  secretAccessKey: string;
  /** Any value, or none. */
  sessionToken?: string;
}

/** The access key id used when none is given. */
export const DEFAULT_ACCESS_KEY_ID = 'fluentdynamolocal';
const DEFAULT_SECRET = 'local';

const ACCESS_KEY_ID = /^[A-Za-z0-9]+$/;

/**
 * Checks an access key id for DynamoDB Local, which rejects ids with anything
 * but letters and digits (and, without -sharedDb, keeps one database per
 * access key id and region).
 */
export function assertLocalAccessKeyId(accessKeyId: string): void {
  if (typeof accessKeyId !== 'string' || !ACCESS_KEY_ID.test(accessKeyId)) {
    throw new Error(
      `DynamoDB Local access key ids must be letters and digits only (it selects the database when sharedDb is off); got ${JSON.stringify(accessKeyId)}`,
    );
  }
}

/** Normalizes the `client()` argument of a LocalDynamoDb into validated credentials. */
export function localCredentials(credentials?: string | LocalCredentials): LocalCredentials {
  if (credentials === undefined) return { accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET };
  if (typeof credentials === 'string') {
    assertLocalAccessKeyId(credentials);
    return { accessKeyId: credentials, secretAccessKey: DEFAULT_SECRET };
  }
  assertLocalAccessKeyId(credentials.accessKeyId);
  return { ...credentials };
}
