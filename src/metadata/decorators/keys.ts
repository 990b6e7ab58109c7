import type { DeclaredKeyProperty, DeclaredKeyTemplate } from '../key-parts.js';
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

/**
 * A key decorator as the compiler sees it: on a class (a composite key template) or on a property. On an
 * entity that declares `[KeyParts]`, the property must be one of the declared parts of its role, and a
 * literal template must name exactly them; on any other class it takes what it always took.
 */
export interface KeyDecorator<R extends 'partition' | 'sort', Template> {
  <
    C extends {
      /** The class decorated: its constructor. */
      readonly prototype: unknown;
    },
  >(
    target: C & DeclaredKeyTemplate<C, R, Template>,
  ): void;
  <T extends object, K extends string | symbol>(target: T, propertyKey: DeclaredKeyProperty<T, R, K>): void;
}

/** The `template` of key options `O` as its literal type (`undefined` when the options have none). */
type TemplateOf<O> = O extends { readonly template: infer S } ? S : undefined;

/** The table's partition (hash) key: on a property, or on the class with a `template`. */
export function PartitionKey<const O extends KeyOptions = KeyOptions>(
  options?: O,
): KeyDecorator<'partition', TemplateOf<O>> {
  return keyDecorator('partitionKey', 'PartitionKey', options ?? {});
}

/** The table's sort (range) key: on a property, or on the class with a `template`. */
export function SortKey<const O extends KeyOptions = KeyOptions>(options?: O): KeyDecorator<'sort', TemplateOf<O>> {
  return keyDecorator('sortKey', 'SortKey', options ?? {});
}
