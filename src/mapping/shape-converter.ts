import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MappingError } from '../errors/errors.js';
import { instantiate, readAttributes, writeAttributes } from './attribute-loop.js';
import type { MappedShape } from './mapped-shape.js';
import type { AttributeConverter } from './types.js';

/** A nested decorated class stored as a map, read back as an instance of the class. */
export function shapeConverter(shape: MappedShape): AttributeConverter {
  return {
    toDynamo(value) {
      if (
        typeof value !== 'object' ||
        value === null ||
        Array.isArray(value) ||
        value instanceof Date ||
        value instanceof Map ||
        value instanceof Set ||
        ArrayBuffer.isView(value)
      ) {
        throw new MappingError(`expected a ${shape.name} object, got ${typeof value}`);
      }
      const M: Record<string, AttributeValue> = {};
      writeAttributes(shape, value, M);
      return { M };
    },
    fromDynamo(av) {
      if (av.M === undefined) throw new MappingError(`expected a stored map (M) for ${shape.name}`);
      const target = instantiate(shape.ctor);
      readAttributes(shape, av.M, target as Record<string, unknown>);
      return target;
    },
  };
}
