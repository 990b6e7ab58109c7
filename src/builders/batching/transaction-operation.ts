import type { AttributeMap } from '../../mapping/types.js';

/** What a transaction knows about each of its operations, to say which one failed. */
export interface TransactionOperationInfo {
  /** The kind of the operation. */
  readonly kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck' | 'Get';
  /** The table it addresses. */
  readonly table: string;
  /** How error messages name it: the entity, or the table of an untyped one. */
  readonly label: string;
  /** The key of its item, when known. */
  readonly key: AttributeMap | undefined;
  /** The operation carries the `@Version` check of its entity. */
  readonly versionChecked: boolean;
  /** A put of a new item (its `@Version` unset): a failed check means an item with its key exists. */
  readonly createsNew?: boolean;
}
