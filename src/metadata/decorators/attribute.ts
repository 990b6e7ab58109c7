import { classRecord } from '../store.js';
import type { AttributeOptions, ClassRecord, IndexOptions, LifecycleRole } from '../types.js';
import {
  type ClassOrFieldDecorator,
  type FieldDecorator,
  problem,
  recordClass,
  recordProperty,
} from './decorator-target.js';

/** A stored attribute of the entity. */
export function Attribute(options: AttributeOptions = {}): FieldDecorator {
  return (target, propertyKey) => {
    recordProperty('Attribute', target, propertyKey, (property) => {
      property.attribute = { ...property.attribute, ...options };
    });
  };
}

/**
 * Makes the property a key of a global (default) or local secondary index; on the class, with a
 * `template` and an `attribute`, a composite index key made of several properties:
 *
 * ```ts
 * @Index('ByAssignee', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#ASSIGNEE#{assignee}' })
 * class Task { ... }
 * ```
 */
export function Index(indexName: string, options: IndexOptions): ClassOrFieldDecorator {
  return (target, propertyKey) => {
    const roleProblem = (record: ClassRecord, where: string) => {
      if (options?.role === 'partition' || options?.role === 'sort') return false;
      problem(record, `@Index('${indexName}') on ${where} needs role 'partition' or 'sort'`);
      return true;
    };
    if (propertyKey === undefined) {
      recordClass('Index', target, (record, className) => {
        if (roleProblem(record, className)) return;
        if (!options.template || !options.attribute) {
          problem(
            record,
            `@Index('${indexName}') on class ${className} needs a template and an attribute, e.g. { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#STATUS#{status}' }`,
          );
          return;
        }
        record.indexKeys = [...(record.indexKeys ?? []), { name: indexName, ...options }];
      });
      return;
    }
    recordProperty('Index', target, propertyKey, (property, ctor) => {
      const record = classRecord(ctor);
      if (roleProblem(record, `${ctor.name}.${property.property}`)) return;
      if (options.template) {
        problem(
          record,
          `@Index('${indexName}') with a template on ${ctor.name}.${property.property}: put composite index keys on the class`,
        );
        return;
      }
      property.indexes.push({ name: indexName, ...options });
    });
  };
}

function lifecycle(role: LifecycleRole, decorator: string, options: AttributeOptions): FieldDecorator {
  return (target, propertyKey) => {
    recordProperty(decorator, target, propertyKey, (property, ctor) => {
      if (property.lifecycle) {
        problem(
          classRecord(ctor),
          `${ctor.name}.${property.property} has both @${decorator} and another lifecycle decorator`,
        );
      }
      property.lifecycle = role;
      property.attribute = { ...property.attribute, ...options };
    });
  };
}

/** Optimistic locking: every put/update checks and increments this number. One per class. */
export function Version(options: AttributeOptions = {}): FieldDecorator {
  return lifecycle('version', 'Version', options);
}

/** Set to the current time when the item is first written. */
export function CreatedAt(options: AttributeOptions = {}): FieldDecorator {
  return lifecycle('createdAt', 'CreatedAt', options);
}

/** Set to the current time on every put and update. */
export function UpdatedAt(options: AttributeOptions = {}): FieldDecorator {
  return lifecycle('updatedAt', 'UpdatedAt', options);
}

/**
 * DynamoDB's time to live: a Date stored as epoch seconds, or a number of epoch seconds (a number above
 * 1e11, in milliseconds, is refused: DynamoDB would never expire the item). One per class.
 */
export function TimeToLive(options: AttributeOptions = {}): FieldDecorator {
  return lifecycle('ttl', 'TimeToLive', options);
}
