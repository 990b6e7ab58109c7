import { InvalidRequestError } from '../../errors/errors.js';
import type { ExpressionAttributesSink } from '../../expressions/types.js';
import { slotOf } from './managed-attributes.js';
import type { ManagedAttribute, TableTarget } from './table-target.js';

/**
 * Optimistic locking with `@Version`, in one place: a write names the version it expects, the request
 * carries the condition, and a failed condition is told apart as a version conflict (the stored item
 * comes back with the failure). The increment itself is stamped with the other managed attributes.
 */

/** A `@Version` check to make: the version the write expects (undefined: the item must be new). */
export interface VersionCheck {
  readonly expected: number | undefined;
}

/** Checks an `expectVersion(n)` argument against the entity's `@Version`. */
export function checkedVersion<T>(target: TableTarget<T>, version: number): number {
  if (!target.version)
    throw new InvalidRequestError(`${target.label} has no @Version property; expectVersion() needs one`);
  // Below 2^53 - 1: the version the write stores (one more) must still be exact.
  if (!Number.isInteger(version) || version < 0 || version >= Number.MAX_SAFE_INTEGER) {
    throw new InvalidRequestError(
      `${target.label}: expectVersion needs a non-negative integer below 2^53 - 1, got ${version}`,
    );
  }
  return version;
}

/** The check of an `expectVersion(n)` (update, delete, condition check): none without a `@Version` or an expected version. */
export function expectedVersionCheck<T>(
  target: TableTarget<T>,
  expected: number | undefined,
): VersionCheck | undefined {
  return target.version && expected !== undefined ? { expected } : undefined;
}

/** A put's check: the stored version must be the one the entity was read with (none: the item must be new). */
export function putVersionCheck<T>(target: TableTarget<T>, entity: object, skip: boolean): VersionCheck | undefined {
  const version = target.version;
  if (!version || skip) return undefined;
  return { expected: (entity as Record<string, unknown>)[version.property] as number | undefined };
}

/**
 * `#version = :expected`, or, for an item written for the first time, `attribute_not_exists(#pk)`: no item
 * under its key at all. (Testing the version attribute instead would let a new item replace one stored
 * without a version: written before `@Version` was adopted, or by another tool.)
 */
export function versionCondition<T>(
  ctx: ExpressionAttributesSink,
  target: TableTarget<T>,
  expected: number | undefined,
): string {
  const version = target.version as ManagedAttribute;
  if (expected !== undefined) return `${ctx.name(version.name)} = ${ctx.value(expected, slotOf(version.name))}`;
  const partitionKey = target.keyAttributes[0];
  if (partitionKey === undefined)
    throw new InvalidRequestError(`${target.label}: a new @Version item needs a table key`);
  return `attribute_not_exists(${ctx.name(partitionKey)})`;
}

/** What a failed write's error needs to tell a version conflict from another failed condition. */
export function versionFailure<T>(
  target: TableTarget<T>,
  check: VersionCheck | undefined,
): { readonly attribute: string; readonly expected: number | undefined } | undefined {
  return target.version && check ? { attribute: target.version.name, expected: check.expected } : undefined;
}
