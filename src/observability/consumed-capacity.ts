import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { ConsumedUnits, OperationName } from './operation-event.js';

/** Units consumed on one table or one of its indexes (index undefined: the table itself). */
export interface CapacityPart {
  readonly table: string;
  readonly index: string | undefined;
  readonly read: number;
  readonly write: number;
}

const READS: ReadonlySet<OperationName> = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

interface Units {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

/** Reads and writes of one entry: DynamoDB's split when it gives one, else the operation's kind decides. */
function split(units: Units, reads: boolean): ConsumedUnits {
  if (units.ReadCapacityUnits !== undefined || units.WriteCapacityUnits !== undefined) {
    return { read: units.ReadCapacityUnits ?? 0, write: units.WriteCapacityUnits ?? 0 };
  }
  const total = units.CapacityUnits ?? 0;
  return reads ? { read: total, write: 0 } : { read: 0, write: total };
}

/**
 * The parts of a response's ConsumedCapacity (one entry, or one per table for batches and transactions):
 * with ReturnConsumedCapacity INDEXES, the table's own units and each index's; with TOTAL, the table's total.
 * The parts add up to the total DynamoDB reported.
 */
export function capacityParts(
  operation: OperationName,
  consumed: ConsumedCapacity | readonly ConsumedCapacity[] | undefined,
): CapacityPart[] {
  if (consumed === undefined) return [];
  const entries = Array.isArray(consumed) ? consumed : [consumed as ConsumedCapacity];
  const reads = READS.has(operation);
  const parts: CapacityPart[] = [];
  for (const entry of entries) {
    const table = entry.TableName ?? '(unknown table)';
    const indexes: Record<string, Units> = { ...entry.LocalSecondaryIndexes, ...entry.GlobalSecondaryIndexes };
    const detailed = entry.Table !== undefined || Object.keys(indexes).length > 0;
    parts.push({ table, index: undefined, ...split(detailed ? (entry.Table ?? {}) : entry, reads) });
    for (const [index, units] of Object.entries(indexes)) parts.push({ table, index, ...split(units, reads) });
  }
  return parts;
}

/** The sum of some parts. */
export function totalOf(parts: readonly CapacityPart[]): ConsumedUnits {
  let read = 0;
  let write = 0;
  for (const part of parts) {
    read += part.read;
    write += part.write;
  }
  return { read, write };
}
