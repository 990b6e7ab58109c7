import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { InvalidCursorError } from '../../errors/errors.js';
import type { AttributeMap } from '../shared/table-target.js';

/**
 * Opaque, URL-safe pagination cursors: `lastEvaluatedKey` as base64url JSON
 * with a checksum and the table and index it belongs to. Decoding validates
 * everything, and the builder then checks the key against the key schema and
 * the query's own partition, so a cursor that was cut, altered, or taken from
 * another query is refused instead of starting a read somewhere else.
 */

type Scalar = ['S', string] | ['N', string] | ['B', string];

interface CursorBody {
  readonly v: 1;
  readonly t: string;
  readonly i: string | null;
  readonly k: Record<string, Scalar>;
}

function checksum(payload: string): string {
  return createHash('sha256').update(payload).digest('base64url').slice(0, 12);
}

function scalar(av: AttributeValue): Scalar {
  if (av.S !== undefined) return ['S', av.S];
  if (av.N !== undefined) return ['N', av.N];
  if (av.B !== undefined) return ['B', Buffer.from(av.B).toString('base64')];
  throw new InvalidCursorError('a lastEvaluatedKey holds only string, number or binary key attributes');
}

export function encodeCursor(key: AttributeMap, table: string, index: string | undefined): string {
  const k: Record<string, Scalar> = {};
  for (const name of Object.keys(key).sort()) k[name] = scalar(key[name] as AttributeValue);
  const body: CursorBody = { v: 1, t: table, i: index ?? null, k };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${checksum(payload)}.${payload}`;
}

function refuse(reason: string): never {
  throw new InvalidCursorError(
    `invalid pagination cursor: ${reason}. Start again without a cursor, or pass the cursor of the previous page unchanged.`,
  );
}

export function decodeCursor(cursor: string, table: string, index: string | undefined): AttributeMap {
  if (typeof cursor !== 'string' || cursor.length > 8192) refuse('not a cursor string');
  const dot = cursor.indexOf('.');
  const payload = cursor.slice(dot + 1);
  if (dot !== 12 || !/^[A-Za-z0-9_-]+$/.test(payload) || checksum(payload) !== cursor.slice(0, dot)) {
    refuse('it was altered or cut');
  }
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    refuse('it does not decode');
  }
  if (body?.v !== 1 || typeof body.k !== 'object' || body.k === null) refuse('unknown format');
  if (body.t !== table || body.i !== (index ?? null)) {
    refuse(
      `it belongs to ${body.t}${body.i ? ` index ${body.i}` : ''}, not to ${table}${index ? ` index ${index}` : ''}`,
    );
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
