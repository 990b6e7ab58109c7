import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type ConsumedCapacity,
  type KeysAndAttributes,
  type ReturnConsumedCapacity,
} from '@aws-sdk/client-dynamodb';
import type { AttributeMap } from '../../mapping/types.js';
import { identityOf, pickKey } from '../batching/item-identity.js';
import type { SendResult } from '../batching/retry-loop.js';
import type { Operation } from '../shared/operation.js';
import type { KeyRead } from './read-plan.js';

/** Shared by the chunks of one execute(). */
export interface ReadSession {
  readonly operation: Operation;
  readonly consumedCapacity: ReturnConsumedCapacity | undefined;
  /** Items read, by KeyRead id. */
  readonly found: Map<string, AttributeMap>;
  readonly consumed: ConsumedCapacity[];
}

/**
 * One BatchGetItem of `pending` (at most 100 keys, one lane per table).
 * Returned items and UnprocessedKeys are matched back to the pending reads
 * by table and key; returns the reads DynamoDB did not process. A read that
 * is neither returned nor unprocessed was processed: its item does not exist.
 */
export async function readChunk(session: ReadSession, pending: readonly KeyRead[]): Promise<SendResult<KeyRead>> {
  const requestItems: Record<string, KeysAndAttributes> = {};
  const byIdentity = new Map<string, KeyRead>();
  for (const read of pending) {
    const table = read.lane.table;
    const entry = requestItems[table] ?? { ...read.lane.settings, Keys: [] };
    entry.Keys?.push(read.key);
    requestItems[table] = entry;
    byIdentity.set(read.identity, read);
  }
  const tables = Object.keys(requestItems);
  const output = await session.operation.send<BatchGetItemCommandOutput>(
    new BatchGetItemCommand({
      RequestItems: requestItems,
      ...(session.consumedCapacity ? { ReturnConsumedCapacity: session.consumedCapacity } : {}),
    }),
    { table: tables.join(', ') },
  );
  if (output.ConsumedCapacity) session.consumed.push(...output.ConsumedCapacity);
  const laneKeys = new Map(pending.map((r) => [r.lane.table, r.lane.keyNames]));
  for (const [table, items] of Object.entries(output.Responses ?? {})) {
    for (const item of items) {
      const key = pickKey(item, laneKeys.get(table) ?? []);
      const read = key && byIdentity.get(identityOf(table, key));
      if (read) session.found.set(read.id, item);
    }
  }
  const unprocessed = new Set<KeyRead>();
  for (const [table, entry] of Object.entries(output.UnprocessedKeys ?? {})) {
    for (const key of entry.Keys ?? []) {
      const read = byIdentity.get(identityOf(table, key));
      if (read && !session.found.has(read.id)) unprocessed.add(read);
    }
  }
  // A lost read is simply unread: nothing of a read is in doubt.
  return { unprocessed: [...unprocessed], answerLost: false };
}
