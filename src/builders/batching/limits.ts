/** DynamoDB's limits per request (and per transaction, which is never split). */
export const MAX_BATCH_GET_KEYS = 100;
export const MAX_BATCH_WRITE_ITEMS = 25;
export const MAX_TRANSACTION_OPERATIONS = 100;

/** Chunks run at once by a batch builder, unless concurrency(n) says otherwise. */
export const DEFAULT_CONCURRENCY = 4;
