import { ttlNumberConverter } from '../mapping/ttl-seconds.js';
import {
  arrayConverter,
  bigintConverter,
  binaryConverter,
  booleanConverter,
  dateConverter,
  dynamicConverter,
  listOf,
  mapConverter,
  numberConverter,
  setConverter,
  stringConverter,
} from '../mapping/typed-converters.js';
import type { AttributeConverter } from '../mapping/types.js';
import type { KeyScalar } from './key-format.js';
import type { PropertyRecord } from './types.js';

/** What a property's type compiles to: how to convert it, and its DynamoDB scalar type if it has one. */
export interface ResolvedType {
  readonly converter: AttributeConverter;
  readonly scalar: KeyScalar | undefined;
  readonly typeName: string;
  /** A nested decorated class: the class itself, or the element class of an array of them. */
  readonly nested?: { readonly ctor: object; readonly list: boolean };
}

/** Looks up (and compiles on first use) the converter of a nested decorated class. */
export type NestedConverterFor = (ctor: object) => AttributeConverter | undefined;

/**
 * Chooses the converter of a property once, at compile time: custom converter,
 * else explicit `type`, else the emitted design type, else a dynamic one.
 * Returns a string describing the problem when the type is not supported.
 */
export function resolveType(record: PropertyRecord, nested: NestedConverterFor): ResolvedType | string {
  const options = record.attribute ?? {};
  if (options.converter) {
    if (typeof options.converter.toDynamo !== 'function' || typeof options.converter.fromDynamo !== 'function') {
      return 'converter needs toDynamo(value) and fromDynamo(attributeValue)';
    }
    return { converter: options.converter, scalar: undefined, typeName: 'custom' };
  }
  const explicit = options.type;
  const type = explicit ?? record.designType;
  const lifecycleDefault = record.lifecycle === 'version' ? Number : record.lifecycle ? Date : undefined;
  if (type === undefined && lifecycleDefault === undefined) {
    // esbuild, tsx and swc emit no `design:type`: guessing Object would accept values of any type and
    // read a Date back as a string typed as Date.
    return (
      'has no type: the compiler emitted no decorator metadata (esbuild, tsx and swc emit none), so give it: ' +
      "@Attribute({ type: String }) (or Number, Boolean, Date, ...; { type: Object } keeps it open to any value), or compile with tsc's emitDecoratorMetadata and import 'reflect-metadata'"
    );
  }
  const effective =
    type === undefined || (type === Object && explicit === undefined && lifecycleDefault) ? lifecycleDefault : type;

  switch (effective) {
    case undefined:
    case Object:
      return { converter: dynamicConverter, scalar: undefined, typeName: 'Object' };
    case String:
      return { converter: stringConverter, scalar: 'S', typeName: 'String' };
    case Number: {
      // A number TTL is epoch seconds: milliseconds would store an item that never expires.
      const converter = record.lifecycle === 'ttl' ? ttlNumberConverter : numberConverter;
      return { converter, scalar: 'N', typeName: 'Number' };
    }
    case BigInt:
      return { converter: bigintConverter, scalar: 'N', typeName: 'BigInt' };
    case Boolean:
      return { converter: booleanConverter, scalar: undefined, typeName: 'Boolean' };
    case Date: {
      const format = record.lifecycle === 'ttl' ? 'epochSeconds' : (options.dateFormat ?? 'iso');
      return { converter: dateConverter(format), scalar: format === 'iso' ? 'S' : 'N', typeName: 'Date' };
    }
    case Set:
      return { converter: setConverter, scalar: undefined, typeName: 'Set' };
    case Map:
      return { converter: mapConverter, scalar: undefined, typeName: 'Map' };
    case Uint8Array:
      return { converter: binaryConverter, scalar: 'B', typeName: 'Uint8Array' };
    case Array: {
      if (options.items === undefined) return { converter: arrayConverter, scalar: undefined, typeName: 'Array' };
      const element = typeof options.items === 'function' ? nested(options.items) : undefined;
      if (!element) return `items: ${describe(options.items)} is not a class with decorated attributes`;
      return {
        converter: listOf(element),
        scalar: undefined,
        typeName: `Array<${(options.items as { name: string }).name}>`,
        nested: { ctor: options.items as object, list: true },
      };
    }
    default: {
      const converter = typeof effective === 'function' ? nested(effective) : undefined;
      if (converter) {
        return {
          converter,
          scalar: undefined,
          typeName: (effective as { name: string }).name,
          nested: { ctor: effective as object, list: false },
        };
      }
      return `type ${describe(effective)} is not supported: use String, Number, BigInt, Boolean, Date, Set, Map, Array, Uint8Array, Object, a class with @Attribute properties, or a converter`;
    }
  }
}

function describe(type: unknown): string {
  return typeof type === 'function' ? type.name || 'anonymous class' : String(type);
}
