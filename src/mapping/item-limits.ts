import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError } from '../errors/errors.js';
import { MAX_ITEM_BYTES, MAX_NESTING, MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES } from './dynamodb-limits.js';
import { containerOverhead, scalarBound, scalarSize, utf8Length } from './item-size.js';
import type { AttributeMap } from './types.js';

// Checks of DynamoDB's limits on items, keys and values (dynamodb-limits.ts): a request over one is refused
// whole with a ValidationException; checking here names the item and the attribute instead, before
// anything is sent.

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

/** Thrown inside a walk (no allocation, no path): the caller walks again to say where. */
const SHAPE_PROBLEM = Symbol('shape problem');

/**
 * Bytes of a value, and on the way a check that it nests at most 31 maps or
 * lists and holds no empty map key. `exact` false gives an upper bound
 * without counting characters (3 bytes per UTF-16 unit): most items are far
 * below the limits, and only one near them is counted exactly.
 */
function measure(av: AttributeValue, depth: number, exact: boolean): number {
  if (av.M !== undefined) {
    if (depth > MAX_NESTING) throw SHAPE_PROBLEM;
    let size = containerOverhead(0);
    for (const name in av.M) {
      if (name === '') throw SHAPE_PROBLEM;
      size +=
        1 + (exact ? utf8Length(name) : name.length * 3) + measure(av.M[name] as AttributeValue, depth + 1, exact);
    }
    return size;
  }
  if (av.L !== undefined) {
    if (depth > MAX_NESTING) throw SHAPE_PROBLEM;
    let size = containerOverhead(av.L.length);
    for (const element of av.L) size += measure(element, depth + 1, exact);
    return size;
  }
  return exact ? scalarSize(av) : scalarBound(av);
}

/** The message for a value `measure` refused, found by walking it again with paths. */
function shapeError(av: AttributeValue, depth: number, path: string, label: string): InvalidRequestError | undefined {
  const nested = av.M !== undefined || av.L !== undefined;
  if (nested && depth > MAX_NESTING) {
    return new InvalidRequestError(
      `${label}: ${path.length > 60 ? `${path.slice(0, 60).replace(/[.[][^.[]*$/, '')}...` : path} nests more than ${MAX_NESTING - 1} maps and lists inside each other, which DynamoDB refuses (at most ${MAX_NESTING} levels, the item counting as one)`,
    );
  }
  if (av.M !== undefined) {
    for (const name in av.M) {
      if (name === '')
        return new InvalidRequestError(`${label}: ${path} holds an empty map key, which DynamoDB refuses`);
      const found = shapeError(av.M[name] as AttributeValue, depth + 1, `${path}.${name}`, label);
      if (found) return found;
    }
  }
  for (const [i, element] of (av.L ?? []).entries()) {
    const found = shapeError(element, depth + 1, `${path}[${i}]`, label);
    if (found) return found;
  }
  return undefined;
}

/** `measure` of a top-level value, its refusal turned into a named error. */
function measured(av: AttributeValue, path: string, label: string, exact: boolean): number {
  try {
    return measure(av, 2, exact);
  } catch (error) {
    if (error === SHAPE_PROBLEM) throw shapeError(av, 2, path, label) ?? error;
    throw error;
  }
}

/** Checks a template value (a condition or update operand): shape, and at most 400 KB. */
export function checkValue(av: AttributeValue, label: string, where: string): AttributeValue {
  if (measured(av, where, label, false) <= MAX_ITEM_BYTES) return av;
  const size = measured(av, where, label, true);
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
 * included), nesting, map keys and key sizes.
 */
export function checkItem(item: AttributeMap, limits: readonly KeyLimit[], label: string): void {
  checkKey(item, limits, label);
  if (itemSize(item, label, false) <= MAX_ITEM_BYTES) return;
  const size = itemSize(item, label, true);
  if (size <= MAX_ITEM_BYTES) return;
  // Only a refused item is measured per attribute: to name what made it large.
  const largest = Object.keys(item)
    .map((name) => [name, attributeSize(item, name, label, true)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, n]) => `${name} ${kb(n)}`)
    .join(', ');
  throw new InvalidRequestError(
    `${label}: the item is ${kb(size)} (${bytes(size)}), over DynamoDB's limit of 400 KB (${bytes(MAX_ITEM_BYTES)}, attribute names included); largest attributes: ${largest}. Store large values elsewhere (S3) and keep a reference`,
  );
}

/** Bytes of an item or key as DynamoDB counts them (`exact` false: an upper bound, cheaper). */
export function itemSize(item: AttributeMap, label: string, exact = true): number {
  let size = 0;
  for (const name in item) size += attributeSize(item, name, label, exact);
  return size;
}

/** Bytes of one attribute of an item: its name and its value. */
function attributeSize(item: AttributeMap, name: string, label: string, exact: boolean): number {
  if (name === '') throw new InvalidRequestError(`${label}: an attribute name is empty, which DynamoDB refuses`);
  return (exact ? utf8Length(name) : name.length * 3) + measured(item[name] as AttributeValue, name, label, exact);
}
