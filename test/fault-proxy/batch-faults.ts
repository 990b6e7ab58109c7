import type { AttributeValue, KeysAndAttributes, WriteRequest } from '@aws-sdk/client-dynamodb';
import type { FaultDecision } from './fault-proxy.js';

type Item = Record<string, AttributeValue>;

/** The answer DynamoDB gives a throttled request (the SDK maps it to ProvisionedThroughputExceededException). */
export const THROTTLE: FaultDecision = {
  kind: 'reply',
  status: 400,
  body: {
    __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded (fault proxy)',
  },
};

/** A request DynamoDB refuses outright (not retryable). */
export const VALIDATION: FaultDecision = {
  kind: 'reply',
  status: 400,
  body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'refused by the fault proxy' },
};

function mergeInto<V>(into: Record<string, V[]>, table: string, values: V[]): void {
  if (values.length > 0) into[table] = [...(into[table] ?? []), ...values];
}

/**
 * BatchWriteItem: passes on the writes `withhold` does not pick and answers
 * the picked ones as UnprocessedItems (they are never written), as DynamoDB
 * does when a partition is hot.
 */
export function withholdWrites(
  body: Record<string, unknown>,
  withhold: (table: string, request: WriteRequest) => boolean,
): FaultDecision {
  const requestItems = body.RequestItems as Record<string, WriteRequest[]>;
  const kept: Record<string, WriteRequest[]> = {};
  const held: Record<string, WriteRequest[]> = {};
  for (const [table, requests] of Object.entries(requestItems)) {
    // One decision per request: `withhold` may be random.
    const decisions = requests.map((r) => withhold(table, r));
    mergeInto(
      kept,
      table,
      requests.filter((_, i) => !decisions[i]),
    );
    mergeInto(
      held,
      table,
      requests.filter((_, i) => decisions[i]),
    );
  }
  if (Object.keys(kept).length === 0) return { kind: 'reply', status: 200, body: { UnprocessedItems: held } };
  return {
    kind: 'rewrite',
    body: { ...body, RequestItems: kept },
    response(upstream) {
      const unprocessed = { ...((upstream.UnprocessedItems as Record<string, WriteRequest[]> | undefined) ?? {}) };
      for (const [table, requests] of Object.entries(held)) mergeInto(unprocessed, table, requests);
      return { ...upstream, UnprocessedItems: unprocessed };
    },
  };
}

/** BatchGetItem: the same for keys, answered as UnprocessedKeys with the table's projection and consistency. */
export function withholdKeys(
  body: Record<string, unknown>,
  withhold: (table: string, key: Item) => boolean,
): FaultDecision {
  const requestItems = body.RequestItems as Record<string, KeysAndAttributes>;
  const kept: Record<string, KeysAndAttributes> = {};
  const held: Record<string, KeysAndAttributes> = {};
  for (const [table, entry] of Object.entries(requestItems)) {
    const keys = (entry.Keys ?? []) as Item[];
    const decisions = keys.map((k) => withhold(table, k));
    const keep = keys.filter((_, i) => !decisions[i]);
    const hold = keys.filter((_, i) => decisions[i]);
    if (keep.length > 0) kept[table] = { ...entry, Keys: keep };
    if (hold.length > 0) held[table] = { ...entry, Keys: hold };
  }
  if (Object.keys(kept).length === 0)
    return { kind: 'reply', status: 200, body: { Responses: {}, UnprocessedKeys: held } };
  return {
    kind: 'rewrite',
    body: { ...body, RequestItems: kept },
    response(upstream) {
      const unprocessed = { ...((upstream.UnprocessedKeys as Record<string, KeysAndAttributes> | undefined) ?? {}) };
      for (const [table, entry] of Object.entries(held)) {
        const before = unprocessed[table];
        unprocessed[table] = before ? { ...before, Keys: [...(before.Keys ?? []), ...(entry.Keys ?? [])] } : entry;
      }
      return { ...upstream, UnprocessedKeys: unprocessed };
    },
  };
}

/** A deterministic pseudo-random source (mulberry32), so a fault test fails the same way every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The `pk` string of a write request or key, to follow items through the proxy's log. */
export function pkOf(attributes: Item | undefined): string {
  return `${attributes?.pk?.S ?? '?'}|${attributes?.sk?.N ?? attributes?.sk?.S ?? ''}`;
}

/** Every write the proxy passed on to DynamoDB Local, as pkOf strings (a write forwarded twice appears twice). */
export function forwardedWrites(
  forwarded: ReadonlyArray<{ operation: string; body: Record<string, unknown> }>,
): string[] {
  const out: string[] = [];
  for (const { operation, body } of forwarded) {
    if (operation !== 'BatchWriteItem') continue;
    for (const requests of Object.values(body.RequestItems as Record<string, WriteRequest[]>)) {
      for (const r of requests) out.push(pkOf((r.PutRequest?.Item ?? r.DeleteRequest?.Key) as Item));
    }
  }
  return out;
}

/** Every key the proxy passed on in a BatchGetItem, as pkOf strings. */
export function forwardedKeys(
  forwarded: ReadonlyArray<{ operation: string; body: Record<string, unknown> }>,
): string[] {
  const out: string[] = [];
  for (const { operation, body } of forwarded) {
    if (operation !== 'BatchGetItem') continue;
    for (const entry of Object.values(body.RequestItems as Record<string, KeysAndAttributes>)) {
      for (const key of entry.Keys ?? []) out.push(pkOf(key as Item));
    }
  }
  return out;
}
