import { InvalidRequestError } from '../errors/errors.js';
import { addKeyedListener, addObserver, type OperationListener } from './observers.js';
import type { OperationEvent } from './operation-event.js';

/**
 * Calls `listener` with one event per logical operation, for every operation of the process (a get, a
 * query over all its pages, a batch with its chunks and retries, a transaction); returns the function that
 * unsubscribes. A listener that throws is ignored. With no listener, operations are not followed at all.
 */
export function onOperation(listener: (event: OperationEvent) => void): () => void {
  if (typeof listener !== 'function') throw new InvalidRequestError('onOperation needs a function');
  const end: OperationListener = (event) => listener(event);
  return addObserver({ start: () => ({ end }) });
}

/** Calls `listener` with the report of every operation that involves `key` (a repository's table). */
export function onOperationOf(key: object, listener: (event: OperationEvent) => void): () => void {
  if (typeof listener !== 'function') throw new InvalidRequestError('onOperation needs a function');
  return addKeyedListener(key, (event) => listener(event));
}
