import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CursorKey } from './cursor-keys.js';

/**
 * The cryptography of signed and encrypted cursors, on bytes and base64url
 * text; what a cursor holds and how it is framed is cursor.ts's business.
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAC_BYTES = 32;

/** HMAC-SHA256 of `text` under the first (current) key, base64url. */
export function macOf(key: CursorKey, text: string): string {
  return createHmac('sha256', key.signing).update(text).digest('base64url');
}

/**
 * Whether `mac` is the signature of `text` under one of the keys (the current
 * one and those being rotated out). Every comparison is constant-time.
 */
export function macVerifies(keys: readonly CursorKey[], text: string, mac: string): boolean {
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== MAC_BYTES || given.toString('base64url') !== mac) return false;
  let valid = false;
  // All keys are tried, even after a match: the time taken does not tell which key signed.
  for (const key of keys) {
    const expected = createHmac('sha256', key.signing).update(text).digest();
    if (timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

/** AES-256-GCM under the current key with a random IV: base64url of IV, ciphertext and tag. */
export function seal(key: CursorKey, plaintext: Buffer, associated: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.encryption, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associated);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The plaintext of a sealed text under one of the keys, or undefined if none opens it (altered, or a foreign key). */
export function unseal(keys: readonly CursorKey[], sealed: string, associated: Buffer): Buffer | undefined {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES || bytes.toString('base64url') !== sealed) return undefined;
  const iv = bytes.subarray(0, IV_BYTES);
  const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  for (const key of keys) {
    const decipher = createDecipheriv('aes-256-gcm', key.encryption, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associated);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      // Authentication failed under this key: another key of the rotation may open it.
    }
  }
  return undefined;
}
