import { ExpressionError } from '../../errors/errors.js';
import type { CompiledExpression } from '../../expressions/types.js';
import type { TableTarget } from '../shared/table-target.js';

/**
 * The attributes an update may not write, whoever wrote the update (a template given to set(), or the one
 * setValues() makes): keys, the parts of a composite key, composite index keys and `@Version`; nor remove
 * `@CreatedAt` or `@UpdatedAt` (the update would then stamp neither, leaving an item without them).
 */
export function checkAssignedAttributes(target: TableTarget<unknown>, expression: CompiledExpression): void {
  const { template } = expression;
  for (const name of expression.assigned) {
    if (target.keyAttributes.includes(name)) {
      throw new ExpressionError(`${target.label}: '${name}' is a key attribute; DynamoDB cannot update keys`, template);
    }
    if (target.keyPartAttributes.has(name)) {
      throw new ExpressionError(
        `${target.label}: '${name}' is part of the item's key, so changing it would leave the key saying otherwise; ` +
          'to move the item, delete it and put it under its new key (in one transaction)',
        template,
      );
    }
    if (target.compositeIndexKeys.some((k) => k.attribute === name)) {
      throw new ExpressionError(
        `${target.label}: '${name}' is a composite index key, written from its parts; set those instead`,
        template,
      );
    }
    if (name === target.version?.name) {
      throw new ExpressionError(
        `${target.label}: '${name}' is the @Version attribute, which update increments itself; use expectVersion(n) to check it`,
        template,
      );
    }
  }
  for (const { clause, attribute } of expression.assignments) {
    if (clause !== 'REMOVE') continue;
    const managed =
      attribute === target.createdAt?.name
        ? '@CreatedAt'
        : attribute === target.updatedAt?.name
          ? '@UpdatedAt'
          : undefined;
    if (managed) {
      throw new ExpressionError(
        `${target.label}: '${attribute}' is the ${managed} attribute, which every write keeps; an update cannot remove it`,
        template,
      );
    }
  }
}
