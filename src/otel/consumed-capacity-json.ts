import type { Capacity, ConsumedCapacity } from '@aws-sdk/client-dynamodb';

type Units = Pick<Capacity, 'CapacityUnits' | 'ReadCapacityUnits' | 'WriteCapacityUnits'>;

const plus = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);

/** The units of `into` and `from` added, field by field (a field neither has stays absent). */
function addUnits(into: Units, from: Units | undefined): Units {
  if (!from) return into;
  const capacity = plus(into.CapacityUnits, from.CapacityUnits);
  const read = plus(into.ReadCapacityUnits, from.ReadCapacityUnits);
  const write = plus(into.WriteCapacityUnits, from.WriteCapacityUnits);
  return {
    ...(capacity !== undefined ? { CapacityUnits: capacity } : {}),
    ...(read !== undefined ? { ReadCapacityUnits: read } : {}),
    ...(write !== undefined ? { WriteCapacityUnits: write } : {}),
  };
}

function addIndexes(
  into: Record<string, Units> | undefined,
  from: Record<string, Units> | undefined,
): Record<string, Units> | undefined {
  if (!from) return into;
  const out: Record<string, Units> = { ...into };
  for (const [name, units] of Object.entries(from)) out[name] = addUnits(out[name] ?? {}, units);
  return out;
}

/**
 * The `ConsumedCapacity` of every response of one operation, summed per table: the entries of
 * `aws.dynamodb.consumed_capacity` (one JSON text per table, in DynamoDB's own shape) for a span that covers
 * all the pages of a query or all the chunks of a batch.
 */
export class ConsumedCapacitySum {
  readonly #tables = new Map<string, ConsumedCapacity>();

  add(consumed: ConsumedCapacity | readonly ConsumedCapacity[] | undefined): void {
    if (consumed === undefined) return;
    for (const entry of Array.isArray(consumed) ? consumed : [consumed as ConsumedCapacity]) {
      const table = entry.TableName ?? '';
      const sum = this.#tables.get(table);
      if (sum === undefined) {
        // The first response of a table is its sum as it is (most operations have only one): kept, not copied.
        this.#tables.set(table, entry);
        continue;
      }
      const tableUnits = entry.Table ? addUnits(sum.Table ?? {}, entry.Table) : sum.Table;
      const lsi = addIndexes(sum.LocalSecondaryIndexes, entry.LocalSecondaryIndexes);
      const gsi = addIndexes(sum.GlobalSecondaryIndexes, entry.GlobalSecondaryIndexes);
      this.#tables.set(table, {
        ...sum,
        ...addUnits(sum, entry),
        ...(tableUnits ? { Table: tableUnits } : {}),
        ...(lsi ? { LocalSecondaryIndexes: lsi } : {}),
        ...(gsi ? { GlobalSecondaryIndexes: gsi } : {}),
      });
    }
  }

  get empty(): boolean {
    return this.#tables.size === 0;
  }

  /** One JSON text per table. */
  toJson(): string[] {
    return [...this.#tables.values()].map((entry) => JSON.stringify(entry));
  }
}
