import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ExpressionError } from '../../errors/errors.js';
import type { UpdateAssignment } from '../../expressions/types.js';
import type { IndexKeyWrite } from '../../isolation/accesses.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { CompiledKey } from '../../metadata/key-format.js';
import type { TableTarget } from '../shared/table-target.js';
import type { TemplateUse } from '../shared/template-use.js';

/** What an update does to index keys besides what its template says. */
export interface IndexKeyPlan {
  /** Composite index keys recomputed from the parts the update sets. */
  readonly set: ReadonlyArray<readonly [string, AttributeValue]>;
  /** Composite index keys whose part the update removes or empties: the item leaves the index. */
  readonly remove: readonly string[];
  /** Every value the update writes to an index partition key, for the tenant guard. */
  readonly writes: readonly IndexKeyWrite[];
}

const NOTHING: IndexKeyPlan = { set: [], remove: [], writes: [] };

/** One action of an update and the template (with its values) it belongs to. */
interface Action {
  readonly assignment: UpdateAssignment;
  readonly use: TemplateUse;
}

/** The one plain value an attribute is SET to (`SET a = {0}`, no spec), or undefined. */
function plainValue(actions: readonly Action[] | undefined) {
  const only = actions?.length === 1 ? actions[0] : undefined;
  const a = only?.assignment;
  if (only === undefined || a?.clause !== 'SET' || a.nested || !a.value || a.value.spec !== undefined) return undefined;
  return { slot: a.value, value: only.use.values[a.value.index] };
}

function partError(target: TableTarget<unknown>, update: TemplateUse, key: CompiledKey, what: string): ExpressionError {
  return new ExpressionError(
    `${target.label}: ${what}, and index key ${key.attribute} (${key.template}) is made of ${key.properties.join(', ')}: ` +
      'set its parts with plain values ({n}) in one update, or put the whole item',
    update.expression.template,
  );
}

/** A composite index key after an update of some of its parts: its new value, 'remove', or nothing to do. */
function recompute(
  target: TableTarget<unknown>,
  key: CompiledKey,
  byAttribute: ReadonlyMap<string, readonly Action[]>,
  itemKey: AttributeMap,
): AttributeValue | 'remove' | undefined {
  const touched = key.properties.filter((p) => byAttribute.has(key.partNames.get(p) as string));
  if (touched.length === 0) return undefined;
  const parts = target.keyParts(itemKey);
  for (const property of touched) {
    const actions = byAttribute.get(key.partNames.get(property) as string) as readonly Action[];
    if (actions.some((a) => a.assignment.clause === 'REMOVE')) return 'remove';
    const plain = plainValue(actions);
    if (!plain) throw partError(target, (actions[0] as Action).use, key, `${property} is not set to a plain value`);
    if (plain.value === null || plain.value === '') return 'remove';
    parts[property] = plain.value;
  }
  const missing = key.properties.filter((p) => parts[p] === undefined);
  if (missing.length > 0) {
    const first = byAttribute.get(key.partNames.get(touched[0] as string) as string) as readonly Action[];
    throw partError(
      target,
      (first[0] as Action).use,
      key,
      `the update sets ${touched.join(', ')} but not ${missing.join(', ')}`,
    );
  }
  return key.fromObject(parts);
}

/**
 * Plans an update's index keys: composite index keys are kept in step with their parts (DynamoDB cannot
 * concatenate strings, so the library writes them), and every value written to an index partition key
 * (declared by this target, or made a tenant's by another repository of the table) is listed for the tenant
 * guard. `uses` are the templates the update is made of (the one given to set(), the one setValues() made),
 * which write distinct attributes.
 */
export function planIndexKeys(
  target: TableTarget<unknown>,
  uses: readonly TemplateUse[],
  itemKey: AttributeMap,
): IndexKeyPlan {
  const tenantKeys = target.guarded.tenantIndexKeys;
  if (target.compositeIndexKeys.length === 0 && !target.indexes?.size && tenantKeys.length === 0) return NOTHING;
  const byAttribute = new Map<string, Action[]>();
  for (const use of uses) {
    for (const assignment of use.expression.assignments) {
      const actions = byAttribute.get(assignment.attribute);
      if (actions) actions.push({ assignment, use });
      else byAttribute.set(assignment.attribute, [{ assignment, use }]);
    }
  }
  if (byAttribute.size === 0) return NOTHING;
  const set: Array<readonly [string, AttributeValue]> = [];
  const remove: string[] = [];
  const writes: IndexKeyWrite[] = [];
  for (const key of target.compositeIndexKeys) {
    const next = recompute(target, key, byAttribute, itemKey);
    if (next === 'remove') remove.push(key.attribute);
    else if (next !== undefined) {
      set.push([key.attribute, next]);
      writes.push({ attribute: key.attribute, value: () => next });
    }
  }
  // Index partition keys this target declares, and those another repository of its table made a tenant's.
  const partitions = new Set([...(target.indexes?.values() ?? [])].map((index) => index.partition));
  for (const key of tenantKeys) partitions.add(key.attribute);
  for (const attribute of partitions) {
    for (const action of byAttribute.get(attribute) ?? []) {
      if (action.assignment.clause === 'REMOVE') continue;
      // Converted only when the guard asks (in a tenant scope, for a tenant-prefixed key).
      const plain = plainValue([action]);
      writes.push({ attribute, value: () => plain && target.convertValue(plain.value, plain.slot) });
    }
  }
  return { set, remove, writes };
}
