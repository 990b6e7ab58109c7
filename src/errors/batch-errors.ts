import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { FluentDynamoError } from './fluent-dynamo-error.js';

/** One operation of a batch that DynamoDB did not process. */
export interface UnprocessedOperation {
  /** Position of the operation in its batch, counting every get()/put()/delete() call from 0. */
  readonly index: number;
  readonly kind: 'get' | 'put' | 'delete';
  readonly table: string;
  /** The key read or deleted; for a put, the key of the item when the table's key attributes are known. */
  readonly key?: Record<string, AttributeValue>;
  /** The item a put would have written (timestamps and @Version included). */
  readonly item?: Record<string, AttributeValue>;
}

/**
 * A BatchGetItem or BatchWriteItem did not process everything: the attempts
 * ran out on UnprocessedKeys / UnprocessedItems or throttling, or a request
 * failed outright (then `cause` is that failure). `unprocessed` lists exactly
 * the operations that were not read or did not land; everything else was.
 */
export class BatchIncompleteError extends FluentDynamoError {
  constructor(
    message: string,
    readonly operation: 'BatchGetItem' | 'BatchWriteItem',
    readonly unprocessed: readonly UnprocessedOperation[],
    /** How many operations were processed (read, found or not, or written). */
    readonly processed: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
