/**
 * What a BatchWriteItemRequestBuilder's execute() runs once the tenant guard has passed every write: requests of
 * at most 25 writes, a few at a time, unprocessed items and throttling retried, progress reported, and exactly the
 * writes that did not land (or may not have) listed. Loaded with the first batch (see batch-execution.ts).
 */
import type { ConsumedCapacity, ItemCollectionMetrics } from '@aws-sdk/client-dynamodb';
import type { UnprocessedOperation } from '../../errors/batch-errors.js';
import { MAX_BATCH_WRITE_ITEMS } from '../../mapping/dynamodb-limits.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { BatchSettings } from '../batching/batch-builder-base.js';
import { type BatchFailure, failureAfter, NO_FAILURE } from '../batching/batch-failure.js';
import { runBounded } from '../batching/bounded-pool.js';
import { chunk } from '../batching/chunk.js';
import { batchIncomplete } from '../batching/incomplete.js';
import { sendUntilProcessed } from '../batching/retry-loop.js';
import type { Operation } from '../shared/operation.js';
import { type BatchWriteProgress, BatchWriteResult } from './batch-write-result.js';
import { writeChunk } from './write-chunk.js';
import type { AddedWrite, WriteOp } from './write-operation.js';

/** The settings of a batch write. */
export interface BatchWriteSettings extends BatchSettings {
  readonly skipVersionChecks: boolean;
  readonly itemCollectionMetrics: boolean;
  readonly onProgress: ((progress: BatchWriteProgress) => void) | undefined;
}

/** Sends `ops` (the requests of `writes`, in call order) within `operation`, or throws BatchIncompleteError. */
export async function writeAll(
  operation: Operation,
  writes: readonly AddedWrite[],
  ops: readonly WriteOp[],
  keyNames: Map<string, readonly string[]>,
  settings: BatchWriteSettings,
): Promise<BatchWriteResult> {
  let processed = 0;
  let failure: BatchFailure = NO_FAILURE;
  const session = {
    operation,
    consumedCapacity: settings.consumedCapacity,
    itemCollectionMetrics: settings.itemCollectionMetrics,
    keyNames,
    consumed: [] as ConsumedCapacity[],
    metrics: {} as Record<string, ItemCollectionMetrics[]>,
    landed(count: number) {
      processed += count;
      if (!settings.onProgress || failure.fatal) return;
      try {
        settings.onProgress({ processed, total: ops.length });
      } catch (error) {
        // Not thrown from here: this response's writes did land, and must not be reported otherwise.
        failure = { attempts: 0, cause: error, fatal: true };
      }
    },
  };
  const left: WriteOp[] = [];
  const doubted: WriteOp[] = [];
  const notStarted = await runBounded(
    chunk(ops, MAX_BATCH_WRITE_ITEMS),
    settings.concurrency,
    async (requests) => {
      const send = operation.chunkSender((pending: readonly WriteOp[]) => writeChunk(session, pending));
      const outcome = await sendUntilProcessed(requests, send, settings.retry);
      for (const op of outcome.pending) (outcome.inDoubt.has(op) ? doubted : left).push(op);
      failure = failureAfter(failure, outcome);
    },
    () => failure.fatal,
  );
  for (const requests of notStarted) left.push(...requests);
  const unprocessed = left.map(unprocessedWrite).sort((a, b) => a.index - b.index);
  const uncertain = doubted.map(unprocessedWrite).sort((a, b) => a.index - b.index);
  operation.items(processed);
  if (failure.fatal || (unprocessed.length + uncertain.length > 0 && !settings.returnUnprocessed)) {
    throw batchIncomplete('BatchWriteItem', unprocessed, ops.length, failure, uncertain);
  }
  // Each put that landed, as the entity it stored (timestamps and version included): mapped back only when
  // the result is asked for its items, not for every batch.
  const written = () => {
    const notLanded = new Set([...left, ...doubted]);
    return ops.map((op, i) =>
      op.kind === 'put' && !notLanded.has(op)
        ? (writes[i] as AddedWrite).target.fromItem(op.item as AttributeMap)
        : undefined,
    );
  };
  return new BatchWriteResult(
    writes.map((w) => w.target),
    written,
    {
      processed,
      unprocessed,
      uncertain,
      ...(settings.consumedCapacity ? { consumedCapacity: session.consumed } : {}),
      ...(settings.itemCollectionMetrics ? { itemCollectionMetrics: session.metrics } : {}),
    },
  );
}

function unprocessedWrite(op: WriteOp): UnprocessedOperation {
  return {
    index: op.index,
    kind: op.kind,
    table: op.table,
    ...(op.key ? { key: op.key } : {}),
    ...(op.item ? { item: op.item } : {}),
  };
}
