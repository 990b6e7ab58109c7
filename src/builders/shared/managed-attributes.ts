import { InvalidRequestError } from '../../errors/errors.js';
import type { ExpressionAttributesSink, ValueSlot } from '../../expressions/types.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { TableTarget } from './table-target.js';

/** A placeholder slot for values the library adds itself, converted with the attribute's converter. */
export function slotOf(attribute: string): ValueSlot {
  return { index: -1, spec: undefined, attribute };
}

/**
 * Put: stamps the discriminator, createdAt (when unset), updatedAt and the next version into the
 * item, and returns the property values to put on the returned entity.
 */
export function stampPut<T>(target: TableTarget<T>, entity: T, item: AttributeMap, at: Date): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const values = entity as Record<string, unknown>;
  const { createdAt, updatedAt, version, discriminator } = target;
  if (discriminator) item[discriminator.name] = { S: discriminator.value };
  if (createdAt && values[createdAt.property] === undefined) {
    item[createdAt.name] = createdAt.stored(at);
    changes[createdAt.property] = createdAt.now(at);
  }
  if (updatedAt) {
    item[updatedAt.name] = updatedAt.stored(at);
    changes[updatedAt.property] = updatedAt.now(at);
  }
  if (version) {
    const next = versionOf(target, values[version.property]) + 1;
    item[version.name] = { N: String(next) };
    changes[version.property] = next;
  }
  return changes;
}

/**
 * The version a put's entity was read with (0 for a new item, its version unset). Anything but a
 * non-negative integer whose successor is still exact is refused: `null` from a JSON body would otherwise
 * be checked as a version, and at 2^53 `version + 1` is the same number, so two writers of one copy would
 * both pass the check.
 */
function versionOf<T>(target: TableTarget<T>, current: unknown): number {
  if (current === undefined) return 0;
  if (typeof current === 'number' && Number.isInteger(current) && current >= 0 && current < Number.MAX_SAFE_INTEGER) {
    return current;
  }
  throw new InvalidRequestError(
    `${target.label}: the @Version property must be unset (a new item) or the non-negative integer the item was ` +
      `read with (below 2^53 - 1), got ${typeof current === 'string' ? JSON.stringify(current) : String(current)}`,
  );
}

/** Update: SET actions for timestamps and the version the user's template does not write itself. */
export function updateActions<T>(
  target: TableTarget<T>,
  ctx: ExpressionAttributesSink,
  assigned: ReadonlySet<string>,
  at: Date,
): string[] {
  const actions: string[] = [];
  // The discriminator is written by put only: an item an update creates is still recognised
  // by its key format, and every update is spared an extra action.
  const { createdAt, updatedAt, version } = target;
  if (updatedAt && !assigned.has(updatedAt.name)) {
    actions.push(`${ctx.name(updatedAt.name)} = ${ctx.value(updatedAt.now(at), slotOf(updatedAt.name))}`);
  }
  if (createdAt && !assigned.has(createdAt.name)) {
    const n = ctx.name(createdAt.name);
    actions.push(`${n} = if_not_exists(${n}, ${ctx.value(createdAt.now(at), slotOf(createdAt.name))})`);
  }
  if (version) {
    const n = ctx.name(version.name);
    actions.push(
      `${n} = if_not_exists(${n}, ${ctx.value(0, slotOf(version.name))}) + ${ctx.value(1, slotOf(version.name))}`,
    );
  }
  return actions;
}
