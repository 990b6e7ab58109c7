/**
 * What a BatchGetItemRequestBuilder's execute() runs once the tenant guard has passed every key: the distinct
 * keys read in requests of at most 100, a few at a time, unprocessed keys and throttling retried, the items mapped
 * back to each get() call. Loaded with the first batch (see batch-execution.ts).
 */
import type { ConsumedCapacity, DynamoDBClient, GetItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { UnprocessedOperation } from '../../errors/batch-errors.js';
import { MAX_BATCH_GET_KEYS } from '../../mapping/dynamodb-limits.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { BatchSettings } from '../batching/batch-builder-base.js';
import { type BatchFailure, failureAfter, NO_FAILURE } from '../batching/batch-failure.js';
import { runBounded } from '../batching/bounded-pool.js';
import { batchIncomplete } from '../batching/incomplete.js';
import { sendUntilProcessed } from '../batching/retry-loop.js';
import type { Operation } from '../shared/operation.js';
import type { TableTarget } from '../shared/table-target.js';
import { BatchGetResult } from './batch-get-result.js';
import { readChunk } from './read-chunk.js';
import { type KeyRead, packReads, planReads } from './read-plan.js';

/** One get() call of a batch. */
export interface GetOperation {
  readonly index: number;
  readonly target: TableTarget<unknown>;
  readonly input: GetItemCommandInput;
  readonly client: DynamoDBClient | undefined;
}

/** Reads every key of `operations` within `operation`, or throws BatchIncompleteError. */
export async function readAll(
  operation: Operation,
  operations: readonly GetOperation[],
  settings: BatchSettings,
): Promise<BatchGetResult> {
  const session = {
    operation,
    consumedCapacity: settings.consumedCapacity,
    found: new Map<string, AttributeMap>(),
    consumed: [] as ConsumedCapacity[],
  };
  const reads = planReads(operations);
  const left: KeyRead[] = [];
  let failure: BatchFailure = NO_FAILURE;
  const notStarted = await runBounded(
    packReads(reads, MAX_BATCH_GET_KEYS),
    settings.concurrency,
    async (chunk) => {
      const send = operation.chunkSender((pending: readonly KeyRead[]) => readChunk(session, pending));
      const outcome = await sendUntilProcessed(chunk, send, settings.retry);
      left.push(...outcome.pending);
      failure = failureAfter(failure, outcome);
    },
    () => failure.fatal,
  );
  for (const chunk of notStarted) left.push(...chunk);
  const unprocessed = unprocessedOf(left, operations);
  if (failure.fatal || (unprocessed.length > 0 && !settings.returnUnprocessed)) {
    throw batchIncomplete('BatchGetItem', unprocessed, operations.length, failure);
  }
  operation.items(session.found.size);
  const byRead = new Map(reads.flatMap((read) => read.operations.map((index) => [index, read.id] as const)));
  const items = operations.map((op) => {
    const item = session.found.get(byRead.get(op.index) as string);
    return item ? op.target.fromItem(item) : undefined;
  });
  return new BatchGetResult(
    operations.map((o) => o.target),
    items,
    unprocessed,
    settings.consumedCapacity ? session.consumed : undefined,
  );
}

/** Every get() call behind the reads that were not processed, in call order. */
function unprocessedOf(left: readonly KeyRead[], operations: readonly GetOperation[]): UnprocessedOperation[] {
  const out: UnprocessedOperation[] = [];
  for (const read of left) {
    for (const index of read.operations) {
      out.push({ index, kind: 'get', table: operations[index]?.input.TableName ?? read.lane.table, key: read.key });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}
