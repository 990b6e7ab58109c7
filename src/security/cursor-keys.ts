import { hkdfSync } from 'node:crypto';

/** A secret cursors are signed or encrypted with: a string (its UTF-8 bytes) or bytes. */
export type CursorSecret = string | Uint8Array;

/**
 * The keys derived from one secret, once, when cursors are configured: one
 * for HMAC-SHA256 signatures, one for AES-256-GCM encryption. Separate keys
 * (HKDF with distinct labels) so a signed cursor can never pass for an
 * encrypted one or the other way round, whatever the secret.
 */
export interface CursorKey {
  readonly signing: Buffer;
  readonly encryption: Buffer;
}

/** 256 bits: a cursor is public, so its MAC must withstand offline guessing of the secret. */
export const MIN_SECRET_BYTES = 32;

const SALT = Buffer.from('fluent-dynamo/pagination-cursor');

function derive(secret: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, label, 32));
}

/** The secret's bytes, or why it cannot be used. */
export function secretBytes(secret: unknown): Buffer | string {
  if (typeof secret === 'string') {
    const bytes = Buffer.from(secret, 'utf8');
    return bytes.length >= MIN_SECRET_BYTES
      ? bytes
      : `a secret needs at least ${MIN_SECRET_BYTES} bytes (got a string of ${bytes.length})`;
  }
  if (secret instanceof Uint8Array) {
    return secret.length >= MIN_SECRET_BYTES
      ? Buffer.from(secret)
      : `a secret needs at least ${MIN_SECRET_BYTES} bytes (got ${secret.length})`;
  }
  return `a secret is a string or a Uint8Array, got ${secret === null ? 'null' : typeof secret}`;
}

export function deriveCursorKey(secret: Buffer): CursorKey {
  return { signing: derive(secret, 'signing v1'), encryption: derive(secret, 'encryption v1') };
}
