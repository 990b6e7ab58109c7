import type { AttributeMap } from '../../mapping/types.js';

/** What a transaction knows about each of its operations, to say which one failed. */
export interface TransactionOperationInfo {
  readonly kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck' | 'Get';
  readonly table: string;
  readonly label: string;
  readonly key: AttributeMap | undefined;
  /** The operation carries the `@Version` check of its entity. */
  readonly versionChecked: boolean;
  /** A put of a new item (its `@Version` unset): a failed check means an item with its key exists. */
  readonly createsNew?: boolean;
}
