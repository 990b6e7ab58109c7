import { ExpressionError } from '../../errors/errors.js';
import { compileExpression } from '../../expressions/index.js';
import type { CompiledExpression, ExpressionAttributesSink, ExpressionKind } from '../../expressions/types.js';
import type { TableTarget } from './table-target.js';

/** A compiled template with the values of one call; checked when the builder method is called. */
export interface TemplateUse {
  readonly expression: CompiledExpression;
  readonly values: readonly unknown[];
}

/**
 * Compiles a template (cached) and binds it to the target's attributes (cached per target): names are
 * checked and become stored names, and each value gets the converter of the attribute it stands against.
 */
export function useTemplate<T>(
  target: TableTarget<T>,
  kind: ExpressionKind,
  template: string,
  values: readonly unknown[],
): TemplateUse {
  if (typeof template !== 'string') {
    throw new ExpressionError(`expected a template string, got ${typeof template}`, String(template));
  }
  const expression = target.bindExpression(compileExpression(kind, template));
  if (values.length !== expression.valueCount) {
    throw new ExpressionError(
      `template ${JSON.stringify(template)} uses ${expression.valueCount} value(s), got ${values.length}`,
      template,
    );
  }
  values.forEach((v, i) => {
    if (v === undefined)
      throw new ExpressionError(`value {${i}} of ${JSON.stringify(template)} is undefined`, template);
  });
  return { expression, values };
}

/** Several conditions joined with AND (each in parentheses), or undefined when there are none. */
export function renderConditions(
  ctx: ExpressionAttributesSink,
  uses: readonly TemplateUse[],
  extra: readonly string[] = [],
): string | undefined {
  const parts = uses.map((u) => u.expression.render(ctx, u.values)).concat(extra);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' AND ');
}
