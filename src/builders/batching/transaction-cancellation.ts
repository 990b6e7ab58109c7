import type { CancellationReason as AwsCancellationReason } from '@aws-sdk/client-dynamodb';
import { describeKey } from '../../errors/describe-key.js';
import { type CancellationReason, DynamoRequestError, TransactionCanceledError } from '../../errors/errors.js';
import { type FailureContext, mapAwsError } from '../../errors/map-aws-error.js';
import type { AttributeMap } from '../../mapping/types.js';
import type { TransactionOperationInfo } from './transaction-operation.js';

/** A CancellationReason that also names its operation (the extra fields are plain data on each reason). */
export interface TransactionReason extends CancellationReason {
  /** The kind of the operation. */
  readonly operation: TransactionOperationInfo['kind'];
  /** The table it addressed. */
  readonly table: string;
  /** The key of its item. */
  readonly key?: AttributeMap;
}

interface CanceledShape {
  name?: string;
  message?: string;
  CancellationReasons?: AwsCancellationReason[];
}

/**
 * DynamoDB puts the reasons in CancellationReasons; some implementations
 * (older DynamoDB Local versions) only list the codes in the message:
 * "Transaction cancelled, please refer cancellation reasons for specific
 * reasons [None, ConditionalCheckFailed]".
 */
function awsReasons(error: CanceledShape, count: number): AwsCancellationReason[] {
  if (error.CancellationReasons && error.CancellationReasons.length > 0) return error.CancellationReasons;
  const listed = /\[([^\]]*)\]\s*$/.exec(error.message ?? '');
  const codes = listed ? (listed[1] ?? '').split(',').map((c) => c.trim()) : [];
  return Array.from({ length: count }, (_, i) => ({ Code: codes[i] || 'Unknown' }));
}

function describe(info: TransactionOperationInfo, reason: CancellationReason): string {
  const what = `operation ${reason.index} (${info.kind} on ${info.label}, ${describeKey(info.key)})`;
  const failedCheck = reason.code === 'ConditionalCheckFailed';
  const version =
    info.createsNew && failedCheck && reason.item !== undefined
      ? ' (an item with this key already exists: the put of a new item creates only)'
      : info.versionChecked && failedCheck
        ? ' (its condition or @Version check failed)'
        : '';
  return `${what}: ${reason.code}${version}${reason.message ? `: ${reason.message}` : ''}`;
}

/**
 * Turns a failed TransactWriteItems / TransactGetItems into the package's
 * errors: a cancellation becomes a TransactionCanceledError with one reason
 * per operation, in the order the operations were added, each naming its
 * operation, table and key; anything else goes through mapAwsError.
 */
export function transactionError(
  error: unknown,
  operations: readonly TransactionOperationInfo[],
  context: FailureContext,
): Error {
  const shape = (error ?? {}) as CanceledShape;
  if (shape.name === 'IdempotentParameterMismatchException') {
    return new DynamoRequestError(
      `${context.operation} on ${context.table}: its client request token was used in the last 10 minutes for a different request. ` +
        'A retry must send the very same request: execute the same builder again, or give withClientRequestToken the same `at`',
      shape.name,
      context.operation,
      context.table,
      false,
      { cause: error },
    );
  }
  if (shape.name !== 'TransactionCanceledException') return mapAwsError(error, context);
  const reasons: TransactionReason[] = awsReasons(shape, operations.length).map((r, index) => {
    const info = operations[index];
    const reason: TransactionReason = {
      index,
      code: r.Code ?? 'Unknown',
      operation: info?.kind ?? 'Put',
      table: info?.table ?? '?',
      ...(r.Message ? { message: r.Message } : {}),
      ...(r.Item ? { item: r.Item } : {}),
      ...(info?.key ? { key: info.key } : {}),
    };
    return reason;
  });
  const failed = reasons.filter((r) => r.code !== 'None');
  const details = failed.map((r) =>
    operations[r.index]
      ? describe(operations[r.index] as TransactionOperationInfo, r)
      : `operation ${r.index}: ${r.code}`,
  );
  return new TransactionCanceledError(
    `${context.operation} was cancelled, nothing was ${context.operation === 'TransactGetItems' ? 'read' : 'written'}: ${details.join('; ') || shape.message || 'no reason given'}`,
    reasons,
    { cause: error },
  );
}
