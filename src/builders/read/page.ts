import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { AttributeMap } from '../../mapping/types.js';

/** One page of a query or scan. */
export interface Page<R> {
  /** The items of this page, as entity instances (partial after a projection). */
  readonly items: R[];
  /**
   * Where DynamoDB stopped, when it stopped before the end of the results or
   * exactly at it (it stopped at the limit and cannot tell whether more
   * follows): the page after such a page may be empty. Undefined when
   * DynamoDB reached the end: page until there is none.
   */
  readonly lastEvaluatedKey?: AttributeMap;
  /**
   * The same position as an opaque, URL-safe string for APIs that page over
   * HTTP (see `startAt`). As with `lastEvaluatedKey`, a cursor can come with
   * the last items (the next page is then empty, without a cursor): page
   * until there is no cursor.
   */
  readonly cursor?: string;
  /** Items DynamoDB returned (after the filter). */
  readonly count: number;
  /** Items DynamoDB read (before the filter). */
  readonly scannedCount: number;
  /** Items of other entity types in a shared table, left out of `items`. */
  readonly skipped: number;
  /** DynamoDB's report of the capacity this page consumed, when returnConsumedCapacity() asked for it. */
  readonly consumedCapacity?: ConsumedCapacity;
}

/** What one Query or Scan response carries. */
export interface RawPage {
  readonly Items?: AttributeMap[];
  readonly LastEvaluatedKey?: AttributeMap;
  readonly Count?: number;
  readonly ScannedCount?: number;
  readonly ConsumedCapacity?: ConsumedCapacity;
}

/** Adds up the capacity of several requests that together make one result. */
export function addCapacity(
  a: ConsumedCapacity | undefined,
  b: ConsumedCapacity | undefined,
): ConsumedCapacity | undefined {
  if (!a) return b;
  if (!b) return a;
  return {
    ...a,
    CapacityUnits: (a.CapacityUnits ?? 0) + (b.CapacityUnits ?? 0),
    ReadCapacityUnits:
      a.ReadCapacityUnits === undefined ? b.ReadCapacityUnits : a.ReadCapacityUnits + (b.ReadCapacityUnits ?? 0),
  };
}
