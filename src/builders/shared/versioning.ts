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
  if (!Number.isInteger(version) || version < 0) {
    throw new InvalidRequestError(`${target.label}: expectVersion needs a non-negative integer, got ${version}`);
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

/** `#version = :expected`, or `attribute_not_exists(#version)` for an item written for the first time. */
export function versionCondition(
  ctx: ExpressionAttributesSink,
  version: ManagedAttribute,
  expected: number | undefined,
): string {
  const name = ctx.name(version.name);
  return expected === undefined
    ? `attribute_not_exists(${name})`
    : `${name} = ${ctx.value(expected, slotOf(version.name))}`;
}

/** What a failed write's error needs to tell a version conflict from another failed condition. */
export function versionFailure<T>(
  target: TableTarget<T>,
  check: VersionCheck | undefined,
): { readonly attribute: string; readonly expected: number | undefined } | undefined {
  return target.version && check ? { attribute: target.version.name, expected: check.expected } : undefined;
}
