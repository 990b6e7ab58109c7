import type { DeclaredType } from '../expressions/types.js';
import type { CompiledAttribute } from '../metadata/compiled-types.js';

/** A declared type, described for messages (`a Boolean attribute`). */
export function declared(dynamo: DeclaredType['dynamo'], typeName: string): DeclaredType {
  return { dynamo, typeName, described: `a ${typeName} attribute` };
}

/**
 * What DynamoDB stores for an attribute, by its declared type; undefined where any type may be stored (Object,
 * custom converters). Paths below it, values placed against it and operations on it are checked by this.
 */
export function attributeType(attribute: CompiledAttribute): DeclaredType | undefined {
  switch (attribute.typeName) {
    case 'String':
    case 'Number':
    case 'BigInt':
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
