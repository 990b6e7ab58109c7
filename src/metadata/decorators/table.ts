import { MetadataError } from '../../errors/errors.js';
import type { TableOptions } from '../types.js';
import { recordClass } from './decorator-target.js';

/** Names the DynamoDB table an entity lives in (and, for shared tables, how its items are marked). */
export function Table(name: string, options: TableOptions = {}): ClassDecorator {
  return (target) => {
    recordClass('Table', target, (record, className) => {
      if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{3,255}$/.test(name)) {
        throw new MetadataError(
          `@Table(${JSON.stringify(name)}) on ${className}: a table name is 3-255 characters of letters, digits, '_', '-' and '.'`,
          className,
        );
      }
      record.table = name;
      record.tableOptions = options;
    });
  };
}
