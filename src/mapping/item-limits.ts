import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../errors/errors.js';
import { containerOverhead, scalarSize, utf8Length } from './item-size.js';

// DynamoDB's limits on what a request may hold. A request over one is refused
// whole with a ValidationException; checking here names the item and the
// attribute instead, before anything is sent.
export const MAX_ITEM_BYTES = 400 * 1024;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
/**
 * Levels of nesting: the item is the first, a top-level map or list the
 * second. DynamoDB Local refuses a 32nd map or list inside each other (checked
 * by test/reliability/limits.test.ts), so 31 maps or lists hold at most scalars.
 */
export const MAX_NESTING = 32;
export const MAX_PARTITION_KEY_BYTES = 2048;
export const MAX_SORT_KEY_BYTES = 1024;

type AttributeMap = Record<string, AttributeValue>;

/** A key attribute of the table or of an index, and the most bytes its value may have. */
export interface KeyLimit {
  readonly attribute: string;
  readonly maxBytes: number;
  /** For messages: 'partition key', 'sort key of index byEmail', ... */
  readonly role: string;
}

interface Schema {
  readonly partition: string;
  readonly sort?: string;
}

/** The key limits of a table and its indexes, computed once per repository. */
export function keyLimitsOf(table: Schema | undefined, indexes: Iterable<Schema & { name: string }> = []): KeyLimit[] {
  const limits: KeyLimit[] = [];
  const add = (schema: Schema, of: string) => {
    limits.push({ attribute: schema.partition, maxBytes: MAX_PARTITION_KEY_BYTES, role: `partition key${of}` });
    if (schema.sort) limits.push({ attribute: schema.sort, maxBytes: MAX_SORT_KEY_BYTES, role: `sort key${of}` });
  };
  if (table) add(table, '');
  for (const index of indexes) add(index, ` of index ${index.name}`);
  return limits;
}

const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Bytes of a value, checking on the way that it nests at most 32 deep and that no map key is empty. */
function measure(av: AttributeValue, depth: number, path: string, label: string): number {
  if (av.M !== undefined || av.L !== undefined) {
    if (depth > MAX_NESTING) {
      throw new InvalidRequestError(
        `${label}: ${path.length > 60 ? `${path.slice(0, 60)}...` : path} nests more than ${MAX_NESTING - 1} maps and lists inside each other, which DynamoDB refuses (at most ${MAX_NESTING} levels, the item counting as one)`,
      );
    }
    if (av.L !== undefined) {
      let size = containerOverhead(av.L.length);
      for (let i = 0; i < av.L.length; i++)
        size += measure(av.L[i] as AttributeValue, depth + 1, `${path}[${i}]`, label);
      return size;
    }
    const map = av.M as AttributeMap;
    let size = containerOverhead(0);
    for (const name in map) {
      if (name === '')
        throw new InvalidRequestError(`${label}: ${path} holds an empty map key, which DynamoDB refuses`);
      size += 1 + utf8Length(name) + measure(map[name] as AttributeValue, depth + 1, `${path}.${name}`, label);
    }
    return size;
  }
  return scalarSize(av);
}

/** Checks a template value (a condition or update operand) and returns its size. */
export function checkValue(av: AttributeValue, label: string, where: string): AttributeValue {
  const size = measure(av, 2, where, label);
  if (size > MAX_ITEM_BYTES) {
    throw new InvalidRequestError(
      `${label}: ${where} is ${kb(size)} (${bytes(size)}), more than a DynamoDB item may hold (400 KB)`,
    );
  }
  return av;
}

/** Checks the key attributes present in `key` (a key, or a whole item) against their byte limits. */
export function checkKey(key: AttributeMap, limits: readonly KeyLimit[], label: string): void {
  for (const limit of limits) {
    const av = key[limit.attribute];
    if (av === undefined || (av.S === undefined && av.B === undefined)) continue;
    // A string of n UTF-16 units is at most 3n UTF-8 bytes: most keys are cleared without counting.
    if (av.S !== undefined && av.S.length > 0 && av.S.length * 3 <= limit.maxBytes) continue;
    const size = scalarSize(av);
    if (size === 0)
      throw new InvalidRequestError(`${label}: ${limit.role} ${limit.attribute} is empty, which DynamoDB refuses`);
    if (size > limit.maxBytes) {
      throw new InvalidRequestError(
        `${label}: ${limit.role} ${limit.attribute} is ${bytes(size)}, over DynamoDB's limit of ${bytes(limit.maxBytes)}`,
      );
    }
  }
}

/**
 * Checks an item before it is written: its size (at most 400 KB, names
 * included), nesting, map keys and key sizes. Returns the size, for the 4 MB
 * limit of a transaction.
 */
export function checkItem(item: AttributeMap, limits: readonly KeyLimit[], label: string): number {
  checkKey(item, limits, label);
  const size = itemBytes(item, label);
  if (size > MAX_ITEM_BYTES) {
    // Only a refused item is measured twice: to name what made it large.
    const largest = Object.keys(item)
      .map((name) => [name, attributeSize(item, name, label)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, n]) => `${name} ${kb(n)}`)
      .join(', ');
    throw new InvalidRequestError(
      `${label}: the item is ${kb(size)} (${bytes(size)}), over DynamoDB's limit of 400 KB (${bytes(MAX_ITEM_BYTES)}, attribute names included); largest attributes: ${largest}. Store large values elsewhere (S3) and keep a reference`,
    );
  }
  return size;
}

function attributeSize(item: AttributeMap, name: string, label: string): number {
  if (name === '') throw new InvalidRequestError(`${label}: an attribute name is empty, which DynamoDB refuses`);
  return utf8Length(name) + measure(item[name] as AttributeValue, 2, name, label);
}

/** Bytes of an item or key that was checked already (for a transaction's 4 MB). */
export function itemBytes(item: AttributeMap, label: string): number {
  let size = 0;
  for (const name in item) size += attributeSize(item, name, label);
  return size;
}
