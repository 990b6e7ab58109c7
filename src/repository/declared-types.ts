import type { PathElement } from '../expressions/ast.js';
import type { DeclaredType } from '../expressions/types.js';
import type { KeyScalar } from '../metadata/key-format.js';
import { attributeType, declared } from './attribute-type.js';
import type { Declared } from './declared-attributes.js';
import { attributeAt } from './template-paths.js';

const SCALAR_TYPES: Readonly<Record<KeyScalar, string>> = { S: 'String', N: 'Number', B: 'Uint8Array' };

/**
 * What DynamoDB stores at a bound path, as the entity declares it; undefined where any type may be
 * stored (Object, custom converters, paths below open attributes), which the operand checks never refuse.
 */
export function declaredType(top: Declared, path: readonly PathElement[]): DeclaredType | undefined {
  if (top.kind === 'discriminator') return path.length === 1 ? declared('S', 'String') : undefined;
  if (top.kind === 'key') {
    return path.length === 1 ? declared(top.key.scalar, SCALAR_TYPES[top.key.scalar]) : undefined;
  }
  const attribute = attributeAt(top, path);
  if (attribute === undefined) return undefined;
  return attributeType(attribute);
}
