import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { InvalidCursorError } from '../../errors/errors.js';
import type { AttributeMap } from '../../mapping/types.js';
import { macOf, macVerifies, seal, unseal } from '../../security/cursor-seal.js';
import { type CursorMode, type CursorSettings, UNKEYED } from './cursor-options.js';

/**
 * URL-safe pagination cursors: `lastEvaluatedKey` with the table and index it
 * belongs to, in one of three forms (see CursorMode):
 *
 *   unkeyed    `<checksum>.<base64url JSON>`
 *   signed     `s1.<base64url JSON>.<HMAC-SHA256>`
 *   encrypted  `e1.<base64url of IV, AES-256-GCM ciphertext, tag>`
 *
 * Decoding checks the form is the one the table is configured for, the
 * checksum, signature or authentication tag (before anything is parsed), and
 * the table and index; the builder then checks the key against the key schema
 * and the query's own partition. A cursor that was cut, altered, forged, or
 * taken from another query is refused with InvalidCursorError before any
 * request is sent.
 */

type Scalar = ['S', string] | ['N', string] | ['B', string];

interface CursorBody {
  readonly v: 1;
  readonly t: string;
  readonly i: string | null;
  readonly k: Record<string, Scalar>;
}

const SIGNED = 's1.';
const ENCRYPTED = 'e1.';
/** Associated data of encrypted cursors: the version of the form is authenticated with the content. */
const ENCRYPTED_AAD = Buffer.from(ENCRYPTED);
/** Encrypted contents are padded to a multiple of this, so a cursor's length tells little of its key's. */
const PAD_TO = 32;
const MAX_LENGTH = 8192;

function checksum(payload: string): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 12);
}

function scalar(av: AttributeValue): Scalar {
  if (av.S !== undefined) return ['S', av.S];
  if (av.N !== undefined) return ['N', av.N];
  if (av.B !== undefined) return ['B', Buffer.from(av.B).toString('base64')];
  throw new InvalidCursorError('a lastEvaluatedKey holds only string, number or binary key attributes');
}

function padded(json: string): Buffer {
  const bytes = Buffer.byteLength(json);
  // JSON.parse ignores trailing spaces.
  return Buffer.from(json.padEnd(json.length + ((PAD_TO - (bytes % PAD_TO)) % PAD_TO), ' '));
}

/** The cursor of `key` in the form `settings` ask for (unkeyed by default). */
export function encodeCursor(
  key: AttributeMap,
  table: string,
  index: string | undefined,
  settings: CursorSettings = UNKEYED,
): string {
  const k: Record<string, Scalar> = {};
  for (const name of Object.keys(key).sort()) k[name] = scalar(key[name] as AttributeValue);
  const body: CursorBody = { v: 1, t: table, i: index ?? null, k };
  const json = JSON.stringify(body);
  const [current] = settings.keys;
  if (settings.mode === 'encrypted' && current) return ENCRYPTED + seal(current, padded(json), ENCRYPTED_AAD);
  const payload = Buffer.from(json).toString('base64url');
  if (settings.mode === 'signed' && current) return `${SIGNED}${payload}.${macOf(current, SIGNED + payload)}`;
  return `${checksum(payload)}.${payload}`;
}

function refuse(reason: string): never {
  throw new InvalidCursorError(
    `invalid pagination cursor: ${reason}. Start again without a cursor, or pass the cursor of the previous page unchanged.`,
  );
}

function formOf(cursor: string): CursorMode {
  if (cursor.startsWith(SIGNED)) return 'signed';
  if (cursor.startsWith(ENCRYPTED)) return 'encrypted';
  return 'unkeyed';
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The JSON text of a cursor once its checksum, signature or tag is verified. */
function verifiedJson(cursor: string, settings: CursorSettings): string {
  const form = formOf(cursor);
  if (form !== settings.mode) {
    refuse(
      settings.mode === 'unkeyed'
        ? `it is ${form}, and no cursor secret is configured for this table`
        : `it is ${form}, and this table's cursors are ${settings.mode}`,
    );
  }
  if (form === 'encrypted') {
    const sealed = cursor.slice(ENCRYPTED.length);
    const plain = BASE64URL.test(sealed) ? unseal(settings.keys, sealed, ENCRYPTED_AAD) : undefined;
    if (!plain) refuse('it was altered, or not encrypted with a cursor secret of this application');
    return plain.toString('utf8');
  }
  if (form === 'signed') {
    const dot = cursor.lastIndexOf('.');
    const payload = cursor.slice(SIGNED.length, dot);
    if (
      dot <= SIGNED.length ||
      !BASE64URL.test(payload) ||
      !macVerifies(settings.keys, cursor.slice(0, dot), cursor.slice(dot + 1))
    ) {
      refuse('it was altered, or not signed with a cursor secret of this application');
    }
    return Buffer.from(payload, 'base64url').toString('utf8');
  }
  const dot = cursor.indexOf('.');
  const payload = cursor.slice(dot + 1);
  if (dot !== 12 || !BASE64URL.test(payload) || checksum(payload) !== cursor.slice(0, dot)) {
    refuse('it was altered or cut');
  }
  return Buffer.from(payload, 'base64url').toString('utf8');
}

/** The start key of a cursor issued for `table` and `index` under `settings` (unkeyed by default). */
export function decodeCursor(
  cursor: string,
  table: string,
  index: string | undefined,
  settings: CursorSettings = UNKEYED,
): AttributeMap {
  if (typeof cursor !== 'string' || cursor.length > MAX_LENGTH) refuse('not a cursor string');
  const json = verifiedJson(cursor, settings);
  let body: CursorBody;
  try {
    body = JSON.parse(json) as CursorBody;
  } catch {
    refuse('it does not decode');
  }
  if (body?.v !== 1 || typeof body.k !== 'object' || body.k === null) refuse('unknown format');
  if (body.t !== table || body.i !== (index ?? null)) {
    // An encrypted cursor's table is not told to whoever sent it.
    const origin =
      settings.mode === 'encrypted' ? 'another table or index' : `${body.t}${body.i ? ` index ${body.i}` : ''}`;
    refuse(`it belongs to ${origin}, not to ${table}${index ? ` index ${index}` : ''}`);
  }
  const key: AttributeMap = {};
  for (const [name, value] of Object.entries(body.k)) {
    if (!Array.isArray(value) || value.length !== 2 || typeof value[1] !== 'string')
      refuse(`bad key attribute ${name}`);
    const [type, text] = value;
    if (type === 'S') key[name] = { S: text };
    else if (type === 'N' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) key[name] = { N: text };
    else if (type === 'B') key[name] = { B: Buffer.from(text, 'base64') };
    else refuse(`bad key attribute ${name}`);
  }
  return key;
}
