import { classRecord } from '../store.js';
import type { KeyOptions } from '../types.js';
import { type ClassOrFieldDecorator, problem, recordClass, recordProperty } from './decorator-target.js';

function keyDecorator(role: 'partitionKey' | 'sortKey', decorator: string, options: KeyOptions): ClassOrFieldDecorator {
  return (target, propertyKey) => {
    if (propertyKey === undefined) {
      // On the class: a composite key built from a template of properties.
      recordClass(decorator, target, (record, className) => {
        if (!options.template) {
          problem(
            record,
            `@${decorator} on class ${className} needs a template, e.g. { template: 'TENANT#{tenantId}' }`,
          );
        }
        if (record[role]) problem(record, `${className} has two @${decorator} decorators`);
        record[role] = options;
      });
      return;
    }
    recordProperty(decorator, target, propertyKey, (property, ctor) => {
      const record = classRecord(ctor);
      if (options.template) {
        problem(
          record,
          `@${decorator} with a template on ${ctor.name}.${property.property}: put composite key templates on the class`,
        );
      }
      if (property.partitionKey || property.sortKey) {
        problem(record, `${ctor.name}.${property.property} is decorated as a key twice`);
      }
      property[role] = options;
    });
  };
}

/** The table's partition (hash) key: on a property, or on the class with a `template`. */
export function PartitionKey(options: KeyOptions = {}): ClassOrFieldDecorator {
  return keyDecorator('partitionKey', 'PartitionKey', options);
}

/** The table's sort (range) key: on a property, or on the class with a `template`. */
export function SortKey(options: KeyOptions = {}): ClassOrFieldDecorator {
  return keyDecorator('sortKey', 'SortKey', options);
}
