import type { Exception } from '@opentelemetry/api';

/**
 * What a span records of the error an operation failed with. fluent-dynamo's error messages name the key of
 * the item (`pk=TENANT#acme#USER#u1`): a tenant's data, sent to wherever the traces go. By default the
 * recorded exception keeps the error's name and stack frames, and its message is the name again; with
 * `errorMessages` the message and the full stack are recorded as they are.
 */
export function exceptionOf(error: Error, errorMessages: boolean): Exception {
  if (errorMessages) return error;
  const frames = error.stack?.split('\n').filter((line) => /^\s+at /.test(line)) ?? [];
  return { name: error.name, message: error.name, stack: [error.name, ...frames].join('\n') };
}

/** The span status message: the error's message with `errorMessages`, else its name. */
export function statusMessageOf(error: Error, errorMessages: boolean): string {
  return errorMessages ? error.message : error.name;
}
