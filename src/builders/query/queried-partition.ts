import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { lookupSpec, REJECTED } from '../../expressions/specs.js';
import type { KeySchema, TableTarget } from '../shared/table-target.js';
import type { TemplateUse } from '../shared/template-use.js';

/** The partition a query reads: the key attribute of the table or index, and the value its key condition gives it. */
export interface QueriedPartition {
  readonly attribute: string;
  /** Undefined when the key condition gives none the library can know (a value its spec refuses). */
  readonly value: AttributeValue | undefined;
}

/**
 * Read from the compiled key condition's slot for the partition key, converted as rendering converts it:
 * what the tenant guard and the start-key check compare, without reading the rendered text.
 */
export function queriedPartition<T>(
  target: TableTarget<T>,
  schema: KeySchema | undefined,
  use: TemplateUse | undefined,
): QueriedPartition | undefined {
  const shape = use?.expression.keyCondition;
  if (!use || !shape || !schema?.partition) return undefined;
  // With two equalities the parser takes the first as the partition key; the schema decides.
  const slot = shape.partition.attribute === schema.partition ? shape.partition.slot : shape.sort?.slots[0];
  if (!slot) return { attribute: schema.partition, value: undefined };
  let value = use.values[slot.index];
  if (slot.spec !== undefined) {
    value = lookupSpec(slot.spec)?.format(value) ?? REJECTED;
    if (value === REJECTED) return { attribute: schema.partition, value: undefined };
  }
  return { attribute: schema.partition, value: target.convertValue(value, slot) };
}
