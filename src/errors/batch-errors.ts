import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { FluentDynamoError } from './fluent-dynamo-error.js';

/** One operation of a batch that DynamoDB did not process. */
export interface UnprocessedOperation {
  /** Position of the operation in its batch, counting every get()/put()/delete() call from 0. */
  readonly index: number;
  /** Which call of the batch it was. */
  readonly kind: 'get' | 'put' | 'delete';
  /** The table it addressed. */
  readonly table: string;
  /** The key read or deleted; for a put, the key of the item when the table's key attributes are known. */
  readonly key?: Record<string, AttributeValue>;
  /** The item a put would have written (timestamps and `@Version` included). */
  readonly item?: Record<string, AttributeValue>;
}

/**
 * A BatchGetItem or BatchWriteItem did not process everything: the attempts
 * ran out on UnprocessedKeys / UnprocessedItems or throttling, or a request
 * failed outright (then `cause` is that failure). `unprocessed` lists exactly
 * the operations that were not read or did not land; `uncertain` the writes
 * whose outcome is unknown (a request that held them lost its answer, so they
 * may have landed: read them back to know); everything else was processed.
 */
export class BatchIncompleteError extends FluentDynamoError {
  /** Writes that may or may not have landed (always empty for BatchGetItem: a lost read is simply unread). */
  readonly uncertain: readonly UnprocessedOperation[];

  constructor(
    message: string,
    /** The batch operation that did not complete. */
    readonly operation: 'BatchGetItem' | 'BatchWriteItem',
    /** The operations that were certainly not read or not written. */
    readonly unprocessed: readonly UnprocessedOperation[],
    /** How many operations were certainly processed (read, found or not, or written). */
    readonly processed: number,
    options?: { cause?: unknown; uncertain?: readonly UnprocessedOperation[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.uncertain = options?.uncertain ?? [];
  }
}
