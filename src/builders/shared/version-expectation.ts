import { InvalidRequestError } from '../../errors/errors.js';
import type { TableTarget } from './table-target.js';

/** Checks an `expectVersion(n)` argument against the entity's @Version. */
export function checkedVersion<T>(target: TableTarget<T>, version: number): number {
  if (!target.version)
    throw new InvalidRequestError(`${target.label} has no @Version property; expectVersion() needs one`);
  if (!Number.isInteger(version) || version < 0) {
    throw new InvalidRequestError(`${target.label}: expectVersion needs a non-negative integer, got ${version}`);
  }
  return version;
}
