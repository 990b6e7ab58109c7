import type { AttributeMap } from '../../mapping/types.js';

/**
 * What a batch or a transaction needs to know of an operation when it is added, read from the builder's
 * state without rendering it: the operation is rendered once, when the batch or transaction executes.
 * Getting it throws what execute() would throw for a missing key or item, so such a mistake fails at
 * the line that added the operation.
 */
export interface OperationPlan {
  readonly table: string;
  /** The item's key (a put's: taken from its item; undefined when the table's key attributes are unknown). */
  readonly key: AttributeMap | undefined;
  readonly returnValues: string | undefined;
  /** The operation has conditions of its own (where()). */
  readonly conditioned: boolean;
  /** The operation carries its entity's `@Version` check. */
  readonly versionChecked: boolean;
}
