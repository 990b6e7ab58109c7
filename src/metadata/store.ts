import { globalSingleton } from '../internal/global-singleton.js';
import type { ClassRecord, PropertyRecord } from './types.js';

/**
 * Raw decorator records per class. On globalThis (see global-singleton), so
 * a class decorated through the CommonJS copy of the package is known to the
 * ESM copy and the other way round.
 */
const records = globalSingleton('class-records', () => new WeakMap<object, ClassRecord>());

export function classRecord(ctor: object): ClassRecord {
  let record = records.get(ctor);
  if (!record) {
    record = { properties: new Map(), problems: [] };
    records.set(ctor, record);
  }
  return record;
}

export function existingClassRecord(ctor: object): ClassRecord | undefined {
  return records.get(ctor);
}

export function propertyRecord(ctor: object, property: string): PropertyRecord {
  const record = classRecord(ctor);
  let prop = record.properties.get(property);
  if (!prop) {
    prop = { property, indexes: [] };
    record.properties.set(property, prop);
  }
  return prop;
}
