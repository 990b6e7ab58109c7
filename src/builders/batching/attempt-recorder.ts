import type { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { attemptNotApplied } from '../../errors/outcome.js';

/** Whether any attempt of one request ended without saying it was not applied. */
export interface AttemptRecord {
  lostAnswer: boolean;
}

/**
 * Watches each attempt of a BatchWriteItem inside the SDK's own retries (the
 * retry middleware is high in finalizeRequest; this sits below it, so it sees
 * every attempt). The SDK reports only the last attempt's error: a request
 * whose first answer was lost and whose retry was throttled would otherwise
 * look as if nothing had been written.
 */
export function recordAttempts(command: BatchWriteItemCommand): AttemptRecord {
  const record: AttemptRecord = { lostAnswer: false };
  command.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (!attemptNotApplied(error)) record.lostAnswer = true;
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'fluentDynamoAttemptRecorder' },
  );
  return record;
}
