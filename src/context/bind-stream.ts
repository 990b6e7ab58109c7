import type { Stream } from 'node:stream';
import { clientContextSnapshot } from './bind.js';

/** The methods Node's stream machinery calls on a stream's implementation: where a lazy stream does its work. */
const IMPLEMENTATION = ['_read', '_write', '_writev', '_final', '_transform', '_flush', '_destroy'] as const;

const BOUND = Symbol.for('fluent-dynamo.stream-context-bound');

type Implementation = Partial<Record<(typeof IMPLEMENTATION)[number], (...args: unknown[]) => unknown>>;

/**
 * Binds a stream's work to the context in force now (client and tenant
 * scope): every call Node makes into its implementation (`_read`, `_write`,
 * `_transform`, `_flush`, `_final`, `_destroy`) runs in it, whoever reads or
 * writes the stream and whenever. Returns the same stream.
 *
 * A lazily generated body is read by whoever consumes it: Koa pipes
 * `ctx.body` to the response after the middleware returned, Nest pipes a
 * `StreamableFile` from its own code, a socket's 'drain' resumes a pipe. The
 * generator then runs in their context, not the request's. The Koa
 * middleware and `@TenantScoped()` bind response bodies themselves; bind a
 * stream yourself when something else consumes it:
 *
 * ```ts
 * pipeline(bindStreamContext(Readable.from(exportRows())), res);
 * ```
 *
 * Binding twice keeps the first binding.
 */
export function bindStreamContext<S extends Stream>(stream: S, run = clientContextSnapshot()): S {
  const target = stream as unknown as Implementation & Record<symbol, boolean>;
  if (target[BOUND]) return stream;
  for (const name of IMPLEMENTATION) {
    const method = target[name];
    if (typeof method !== 'function') continue;
    target[name] = function (this: unknown, ...args: unknown[]) {
      return run(() => method.apply(this, args));
    };
  }
  Object.defineProperty(target, BOUND, { value: true });
  return stream;
}
