/**
 * The sending of batches and the reading of cancelled transactions (batch-execution.ts). Here it is imported as
 * usual; the build for Node replaces this module with one that loads its file on the first batch or failed
 * transaction, so that importing the package does not parse it.
 */
import * as execution from './batch-execution.js';

export const batchExecution = (): typeof execution => execution;
