import type { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { attemptNotApplied } from '../../errors/outcome.js';
import { onAttemptError } from '../shared/attempt-errors.js';

/** Whether any attempt of one request ended without saying it was not applied. */
export interface AttemptRecord {
  lostAnswer: boolean;
}

/**
 * Watches each attempt of a BatchWriteItem inside the SDK's own retries. The
 * SDK reports only the last attempt's error: a request whose first answer was
 * lost and whose retry was throttled would otherwise look as if nothing had
 * been written.
 */
export function recordAttempts(command: BatchWriteItemCommand): AttemptRecord {
  const record: AttemptRecord = { lostAnswer: false };
  onAttemptError(command, 'fluentDynamoAttemptRecorder', (error) => {
    if (!attemptNotApplied(error)) record.lostAnswer = true;
  });
  return record;
}
