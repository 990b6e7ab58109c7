import { type AmbientContext, contextStorage } from './context-storage.js';

/** Runs `fn` in a captured context (no store: in no context, as where it was captured). */
function runIn<R>(context: AmbientContext | undefined, fn: () => R): R {
  // run(undefined) is "no store": exactly what getStore() said where the snapshot was taken.
  return contextStorage.run(context as AmbientContext, fn);
}

/**
 * Captures the ambient context now (client and tenant scope, or their
 * absence) and returns a function that runs a callback in it, wherever and
 * whenever that is called.
 *
 * Awaits, timers and promise chains keep the context by themselves; what
 * does not is a callback that someone else calls from another context: an
 * EventEmitter listener runs in the context of whoever calls `emit()` (a
 * socket's 'data', a shared emitter fired by another tenant's request), a
 * hand-written queue runs its jobs in the context of whoever drains it. Like
 * `AsyncLocalStorage.snapshot()` (not in every Node 20), but it restores only
 * fluent-dynamo's context, leaving other stores (tracing, logging) alone.
 */
export function clientContextSnapshot(): <R>(fn: () => R) => R {
  const context = contextStorage.getStore();
  return (fn) => runIn(context, fn);
}

/**
 * `fn`, bound to the context in force now: every call of the returned
 * function runs with that client and tenant scope (or with none, if none was
 * in force), like `AsyncLocalStorage.bind(fn)` for fluent-dynamo's context
 * only. `this` and the arguments are passed through, so it works as an
 * emitter listener:
 *
 * ```ts
 * req.on('end', bindClientContext(() => users.put.withItem(item).execute()));
 * ```
 */
export function bindClientContext<This, A extends unknown[], R>(
  fn: (this: This, ...args: A) => R,
): (this: This, ...args: A) => R {
  const run = clientContextSnapshot();
  return function (this: This, ...args: A): R {
    return run(() => fn.apply(this, args));
  };
}
