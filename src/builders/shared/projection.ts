import { escapeName, projectionOf } from '../../expressions/index.js';
import type { CompiledExpression } from '../../expressions/types.js';
import type { TableTarget } from './table-target.js';

/**
 * withProjection takes fields as fieldsOf gives them, property names, or
 * document paths (`address.city`). Fields that name an attribute are written
 * as one template segment; anything else is parsed as a path. A typed entity
 * checks every name (see TableTarget.bindExpression).
 */
export function projectionOfFields<T>(target: TableTarget<T>, fields: readonly string[]): CompiledExpression {
  return target.bindExpression(
    projectionOf(
      fields.map((field) => {
        const name = target.attributeName(field);
        return name === field ? field : escapeName(name);
      }),
    ),
  );
}
