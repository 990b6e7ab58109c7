import type { GetItemCommandInput, KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import type { AttributeMap } from '../../mapping/types.js';
import { identityOf } from '../batching/item-identity.js';
import { projectionWithKeys } from './projection-keys.js';

/**
 * Keys of one table read the same way (projection, consistent read). One
 * BatchGetItem request holds one KeysAndAttributes per table, so two lanes of
 * one table never share a request.
 */
export interface ReadLane {
  readonly id: string;
  readonly table: string;
  readonly keyNames: readonly string[];
  readonly settings: Omit<KeysAndAttributes, 'Keys'>;
}

/** One key to read; several get() calls of the same key and lane share it (DynamoDB refuses duplicate keys). */
export interface KeyRead {
  readonly id: string;
  /** identityOf(lane.table, key), computed once: responses are matched back by it. */
  readonly identity: string;
  readonly lane: ReadLane;
  readonly key: AttributeMap;
  /** The batch operations (get() calls, by index) that asked for this key. */
  readonly operations: number[];
}

function laneOf(input: GetItemCommandInput, key: AttributeMap, lanes: Map<string, ReadLane>): ReadLane {
  const table = input.TableName as string;
  const keyNames = Object.keys(key).sort();
  const consistent = input.ConsistentRead === true;
  const id = JSON.stringify([
    table,
    consistent,
    input.ProjectionExpression ?? null,
    input.ExpressionAttributeNames ?? null,
  ]);
  let lane = lanes.get(id);
  if (!lane) {
    const projection = projectionWithKeys(input.ProjectionExpression, input.ExpressionAttributeNames, keyNames);
    const settings: Omit<KeysAndAttributes, 'Keys'> = {};
    if (consistent) settings.ConsistentRead = true;
    if (projection.expression) settings.ProjectionExpression = projection.expression;
    if (projection.names) settings.ExpressionAttributeNames = projection.names;
    lane = { id, table, keyNames, settings };
    lanes.set(id, lane);
  }
  return lane;
}

/** The distinct keys to read, in the order they were first asked for. */
export function planReads(
  operations: ReadonlyArray<{ readonly index: number; readonly input: GetItemCommandInput }>,
): KeyRead[] {
  const lanes = new Map<string, ReadLane>();
  const reads = new Map<string, KeyRead>();
  for (const { index, input } of operations) {
    const key = input.Key as AttributeMap;
    const lane = laneOf(input, key, lanes);
    const identity = identityOf(lane.table, key);
    const id = `${lane.id}\u0001${identity}`;
    const existing = reads.get(id);
    if (existing) existing.operations.push(index);
    else reads.set(id, { id, identity, lane, key, operations: [index] });
  }
  return [...reads.values()];
}

/**
 * Requests of at most `max` keys, with one lane per table in each: first fit,
 * so the usual case (one lane per table) fills requests in order.
 */
export function packReads(reads: readonly KeyRead[], max: number): KeyRead[][] {
  const chunks: Array<{ reads: KeyRead[]; lanes: Map<string, string> }> = [];
  let firstOpen = 0;
  for (const read of reads) {
    let target: (typeof chunks)[number] | undefined;
    for (let i = firstOpen; i < chunks.length && !target; i++) {
      const chunk = chunks[i] as (typeof chunks)[number];
      const lane = chunk.lanes.get(read.lane.table);
      if (chunk.reads.length < max && (lane === undefined || lane === read.lane.id)) target = chunk;
    }
    if (!target) {
      target = { reads: [], lanes: new Map() };
      chunks.push(target);
    }
    target.reads.push(read);
    target.lanes.set(read.lane.table, read.lane.id);
    while (firstOpen < chunks.length && (chunks[firstOpen] as (typeof chunks)[number]).reads.length >= max) firstOpen++;
  }
  return chunks.map((c) => c.reads);
}
