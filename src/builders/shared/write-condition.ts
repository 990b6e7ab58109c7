import type { ExpressionAttributesSink } from '../../expressions/types.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { RequestFailure } from './operation.js';
import type { TableTarget } from './table-target.js';
import { renderConditions, type TemplateUse } from './template-use.js';
import { type VersionCheck, versionCondition, versionFailure } from './versioning.js';

/** The user's conditions AND the `@Version` check, rendered into `ctx`; undefined when there is none. */
export function writeCondition<T>(
  target: TableTarget<T>,
  ctx: ExpressionAttributesSink,
  conditions: readonly TemplateUse[],
  check: VersionCheck | undefined,
): string | undefined {
  const extra = target.version && check ? [versionCondition(ctx, target, check.expected)] : [];
  return renderConditions(ctx, conditions, extra);
}

/** What a failed write reports beyond its operation: the key and the version it expected. */
export function writeFailure<T>(
  target: TableTarget<T>,
  key: AttributeMap | undefined,
  check: VersionCheck | undefined,
): RequestFailure {
  return { key, version: versionFailure(target, check) };
}
