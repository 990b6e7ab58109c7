import type { PathElement } from '../expressions/ast.js';
import type { DeclaredType } from '../expressions/types.js';
import type { KeyScalar } from '../metadata/key-format.js';
import type { Declared } from './declared-attributes.js';
import { attributeAt } from './template-paths.js';

const SCALAR_TYPES: Readonly<Record<KeyScalar, string>> = { S: 'String', N: 'Number', B: 'Uint8Array' };

function declared(dynamo: DeclaredType['dynamo'], typeName: string): DeclaredType {
  return { dynamo, typeName, described: `a ${typeName} attribute` };
}

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
  switch (attribute.typeName) {
    case 'String':
    case 'Number':
    case 'Uint8Array':
    case 'Date':
      return attribute.scalar && declared(attribute.scalar, attribute.typeName);
    case 'Boolean':
      return declared('BOOL', 'Boolean');
    case 'Set':
      return declared('SET', 'Set');
    case 'Map':
      return declared('M', 'Map');
    case 'Object':
    case 'custom':
      return undefined;
    default:
      if (attribute.typeName.startsWith('Array')) return declared('L', attribute.typeName);
      return attribute.nested ? declared('M', attribute.typeName) : undefined;
  }
}
