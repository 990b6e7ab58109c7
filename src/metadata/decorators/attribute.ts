import { classRecord } from '../store.js';
import type { AttributeOptions, IndexOptions, LifecycleRole } from '../types.js';
import { type FieldDecorator, problem, recordProperty } from './decorator-target.js';

/** A stored attribute of the entity. */
export function Attribute(options: AttributeOptions = {}): FieldDecorator {
  return (target, propertyKey) => {
    recordProperty('Attribute', target, propertyKey, (property) => {
      property.attribute = { ...property.attribute, ...options };
    });
  };
}

/** Makes the property a key of a global (default) or local secondary index. */
export function Index(indexName: string, options: IndexOptions): FieldDecorator {
  return (target, propertyKey) => {
    recordProperty('Index', target, propertyKey, (property, ctor) => {
      if (options?.role !== 'partition' && options?.role !== 'sort') {
        problem(
          classRecord(ctor),
          `@Index('${indexName}') on ${ctor.name}.${property.property} needs role 'partition' or 'sort'`,
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

/** Optimistic locking: every put/update checks and increments this number. */
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

/** DynamoDB's time to live: a Date stored as epoch seconds. */
export function TimeToLive(options: AttributeOptions = {}): FieldDecorator {
  return lifecycle('ttl', 'TimeToLive', options);
}
