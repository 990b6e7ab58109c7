import type { ExpressionAttributesSink } from '../../expressions/types.js';
import type { AttributeMap } from '../../mapping/types.js';
import { versionCondition } from './managed-attributes.js';
import type { RequestFailure } from './operation.js';
import type { TableTarget } from './table-target.js';
import { renderConditions, type TemplateUse } from './template-use.js';

/** A @Version check to make: the version the write expects (undefined: the item must be new). */
export interface VersionCheck {
  readonly expected: number | undefined;
}

/** The check of an `expectVersion(n)` (update, delete): none without a @Version or an expected version. */
export function expectedVersionCheck<T>(
  target: TableTarget<T>,
  expected: number | undefined,
): VersionCheck | undefined {
  return target.version && expected !== undefined ? { expected } : undefined;
}

/** The user's conditions AND the @Version check, rendered into `ctx`; undefined when there is none. */
export function writeCondition<T>(
  target: TableTarget<T>,
  ctx: ExpressionAttributesSink,
  conditions: readonly TemplateUse[],
  check: VersionCheck | undefined,
): string | undefined {
  const version = target.version;
  const extra = version && check ? [versionCondition(ctx, version, check.expected)] : [];
  return renderConditions(ctx, conditions, extra);
}

/** What a failed write reports beyond its operation: the key and the version it expected. */
export function writeFailure<T>(
  target: TableTarget<T>,
  key: AttributeMap | undefined,
  check: VersionCheck | undefined,
): RequestFailure {
  const version = target.version;
  return { key, version: version && check ? { attribute: version.name, expected: check.expected } : undefined };
}
