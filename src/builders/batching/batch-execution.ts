/**
 * What batches and transactions run once their requests are checked: the chunked, retried sending of batch gets
 * and writes, and the reading of a cancelled transaction's reasons. Loaded with the first batch or failed
 * transaction: an app that never sends one never runs it.
 */
export { readAll } from '../batch-get/read-all.js';
export { writeAll } from '../batch-write/write-all.js';
export { transactionError } from './transaction-cancellation.js';
