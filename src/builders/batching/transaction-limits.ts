import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { describeKey } from '../../errors/describe-key.js';
import { InvalidRequestError } from '../../errors/errors.js';
import { MAX_TRANSACTION_BYTES, MAX_TRANSACTION_OPERATIONS } from '../../mapping/dynamodb-limits.js';
import { itemSize } from '../../mapping/item-limits.js';
import type { AttributeMap } from '../../mapping/types.js';
import { identityOf } from './item-identity.js';
import type { TransactionOperationInfo } from './transaction-operation.js';

/** Each operation's item identity, computed once: every add compares the new operation with all before it. */
const identities = new WeakMap<TransactionOperationInfo, string>();

function identityOfOperation(op: TransactionOperationInfo, key: AttributeMap): string {
  let id = identities.get(op);
  if (id === undefined) {
    id = identityOf(op.table, key);
    identities.set(op, id);
  }
  return id;
}

/**
 * Checks an operation before it joins a transaction, so a transaction
 * DynamoDB would refuse is refused before anything is sent: at most 100
 * operations (a transaction is never split: it would stop being all or
 * nothing) and, for writes, one operation per item.
 */
export function checkTransactionAdd(
  owner: string,
  added: readonly TransactionOperationInfo[],
  next: TransactionOperationInfo,
): void {
  if (added.length >= MAX_TRANSACTION_OPERATIONS) {
    throw new InvalidRequestError(
      `${owner}: a transaction takes at most ${MAX_TRANSACTION_OPERATIONS} operations; operation #${added.length} (${next.kind} on ${next.label}) is one too many. ` +
        'A transaction is never split (it would no longer be all or nothing): use several transactions, or a batch',
    );
  }
  if (!next.key) return;
  const id = identityOfOperation(next, next.key);
  const other = added.findIndex(
    (op) => op.key !== undefined && op.table === next.table && identityOfOperation(op, op.key) === id,
  );
  if (other >= 0) {
    throw new InvalidRequestError(
      `${owner}: operations #${other} (${added[other]?.kind}) and #${added.length} (${next.kind}) both address ${next.label} (${describeKey(next.key)}); ` +
        'a transaction may touch each item only once',
    );
  }
}

/**
 * Checks a transaction's aggregate size (DynamoDB takes at most 4 MB): the
 * items it puts, and the keys of the other operations (what an update or a
 * delete adds beyond its key is not known here, so the sum errs low).
 */
export function checkTransactionSize(owner: string, items: readonly TransactWriteItem[]): void {
  const total = (exact: boolean) => {
    let size = 0;
    for (const element of items) {
      const item = element.Put?.Item ?? element.Update?.Key ?? element.Delete?.Key ?? element.ConditionCheck?.Key;
      if (item) size += itemSize(item, owner, exact);
    }
    return size;
  };
  // An upper bound first: only a transaction near the limit is counted exactly.
  if (total(false) <= MAX_TRANSACTION_BYTES) return;
  const size = total(true);
  if (size > MAX_TRANSACTION_BYTES) {
    throw new InvalidRequestError(
      `${owner}: the transaction's items come to ${(size / 1024 / 1024).toFixed(2)} MB; DynamoDB takes at most 4 MB in one transaction. ` +
        'A transaction is never split (it would no longer be all or nothing): use several transactions, or a batch',
    );
  }
}
