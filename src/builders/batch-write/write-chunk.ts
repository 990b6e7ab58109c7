import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  type ConsumedCapacity,
  type ItemCollectionMetrics,
  type ReturnConsumedCapacity,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { AttributeMap } from '../../mapping/types.js';
import { recordAttempts } from '../batching/attempt-recorder.js';
import type { SendResult } from '../batching/retry-loop.js';
import type { Operation } from '../shared/operation.js';
import { type WriteOp, writeIdentity } from './write-operation.js';

/** Shared by the chunks of one execute(). */
export interface WriteSession {
  readonly operation: Operation;
  readonly consumedCapacity: ReturnConsumedCapacity | undefined;
  readonly itemCollectionMetrics: boolean;
  readonly keyNames: Map<string, readonly string[]>;
  readonly consumed: ConsumedCapacity[];
  readonly metrics: Record<string, ItemCollectionMetrics[]>;
  /** Called with the number of writes that landed in each response. */
  readonly landed: (count: number) => void;
}

function requestAttributes(request: WriteRequest): AttributeMap | undefined {
  return request.PutRequest?.Item ?? request.DeleteRequest?.Key;
}

function strayWrite(table: string, request: WriteRequest, attributes: AttributeMap, id: string): WriteOp {
  const kind = request.PutRequest ? 'put' : 'delete';
  return {
    index: -1,
    kind,
    table,
    request,
    key: kind === 'delete' ? attributes : undefined,
    item: request.PutRequest?.Item,
    id,
  };
}

/**
 * One BatchWriteItem of `pending` (at most 25 writes). UnprocessedItems are
 * matched back to the pending writes by table and key; returns the writes
 * that did not land (in doubt when an attempt of the SDK's lost its answer
 * first). Everything else in the request landed.
 */
export async function writeChunk(session: WriteSession, pending: readonly WriteOp[]): Promise<SendResult<WriteOp>> {
  const requestItems: Record<string, WriteRequest[]> = {};
  const byId = new Map<string, WriteOp>();
  for (const op of pending) {
    const list = requestItems[op.table] ?? [];
    list.push(op.request);
    requestItems[op.table] = list;
    byId.set(op.id, op);
  }
  const tables = Object.keys(requestItems);
  const command = new BatchWriteItemCommand({
    RequestItems: requestItems,
    ...(session.consumedCapacity ? { ReturnConsumedCapacity: session.consumedCapacity } : {}),
    ...(session.itemCollectionMetrics ? { ReturnItemCollectionMetrics: 'SIZE' } : {}),
  });
  const attempts = recordAttempts(command);
  const output = await session.operation.send<BatchWriteItemCommandOutput>(command, {
    table: tables.join(', '),
    // What the attempts showed replaces the guess from the last error alone.
    outcomeUnknown: () => attempts.lostAnswer,
  });
  if (output.ConsumedCapacity) session.consumed.push(...output.ConsumedCapacity);
  for (const [table, metrics] of Object.entries(output.ItemCollectionMetrics ?? {})) {
    session.metrics[table] = [...(session.metrics[table] ?? []), ...metrics];
  }
  const unprocessed = new Set<WriteOp>();
  for (const [table, requests] of Object.entries(output.UnprocessedItems ?? {})) {
    for (const request of requests) {
      const attributes = requestAttributes(request);
      if (!attributes) continue;
      const id = writeIdentity(table, attributes, session.keyNames.get(table));
      // A write DynamoDB hands back in a form that matches none sent is still retried and reported, never dropped.
      unprocessed.add(byId.get(id) ?? strayWrite(table, request, attributes, id));
    }
  }
  session.landed(pending.length - [...unprocessed].filter((op) => byId.has(op.id)).length);
  return { unprocessed: [...unprocessed], answerLost: attempts.lostAnswer };
}
