import { MetadataError } from '../../errors/errors.js';
import { classRecord, propertyRecord } from '../store.js';
import type { ClassRecord, PropertyRecord } from '../types.js';

/** The shape TypeScript's `experimentalDecorators` gives property decorators. */
export type FieldDecorator = (target: object, propertyKey: string | symbol) => void;
/** Usable on a class (composite keys) or on a property. */
export type ClassOrFieldDecorator = (target: object, propertyKey?: string | symbol) => void;

function rejectStandardDecorators(decorator: string, propertyKey: unknown): void {
  // TC39 decorators pass a context object as second argument; its metadata
  // cannot reach the class before the first instance exists.
  if (typeof propertyKey === 'object' && propertyKey !== null) {
    throw new MetadataError(
      `@${decorator} needs TypeScript's "experimentalDecorators": true (TC39 decorators are not supported yet)`,
    );
  }
}

/** Records something about one property, with the class and property named in errors. */
export function recordProperty(
  decorator: string,
  target: object,
  propertyKey: string | symbol | undefined,
  apply: (record: PropertyRecord, ctor: { name: string }) => void,
): void {
  rejectStandardDecorators(decorator, propertyKey);
  if (typeof target === 'function') {
    throw new MetadataError(
      `@${decorator} on static member ${String(propertyKey)} of ${target.name}: decorate instance properties`,
      target.name,
      String(propertyKey),
    );
  }
  if (typeof propertyKey !== 'string') {
    throw new MetadataError(`@${decorator} needs a string property name, got ${String(propertyKey)}`);
  }
  const ctor = (target as { constructor: { name: string } }).constructor;
  const record = propertyRecord(ctor, propertyKey);
  const reflect = Reflect as unknown as { getMetadata?: (key: string, target: object, property: string) => unknown };
  if (record.designType === undefined && typeof reflect.getMetadata === 'function') {
    record.designType = reflect.getMetadata('design:type', target, propertyKey);
  }
  apply(record, ctor);
}

/** Records something about a class. */
export function recordClass(
  decorator: string,
  target: object,
  apply: (record: ClassRecord, name: string) => void,
): void {
  if (typeof target !== 'function') {
    throw new MetadataError(`@${decorator} used on something that is not a class`);
  }
  apply(classRecord(target), target.name);
}

/** Notes a problem to report when the class is compiled (at repository construction). */
export function problem(record: ClassRecord, message: string): void {
  record.problems.push(message);
}
