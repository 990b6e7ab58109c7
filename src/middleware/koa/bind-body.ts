import { Readable, Stream } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context } from 'koa';
import { bindStreamContext } from '../../context/bind-stream.js';

/** The readable stream of another library (readable-stream, streamx, an archiver...) as Koa recognises one. */
interface StreamLike {
  readonly readable: boolean;
  readonly readableObjectMode: boolean;
  readonly destroyed: boolean;
  pipe(destination: NodeJS.WritableStream): unknown;
  read(size?: number): unknown;
  destroy(error?: Error): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * What Koa 3 pipes to the response as a stream besides a Node `Stream`: the
 * duck typing of its `lib/is-stream.js` (the same from 3.0 to 3.3). Repeated
 * rather than imported: that file is not part of Koa's documented exports.
 * Whatever Koa would pipe must be bound, or its reads run outside the tenant.
 */
export function isStreamLike(body: unknown): body is StreamLike {
  if (body === null || typeof body !== 'object') return false;
  const stream = body as Record<string, unknown>;
  return (
    !!stream.readable &&
    typeof stream.pipe === 'function' &&
    typeof stream.read === 'function' &&
    typeof stream.readable === 'boolean' &&
    typeof stream.readableObjectMode === 'boolean' &&
    typeof stream.destroy === 'function' &&
    typeof stream.destroyed === 'boolean'
  );
}

/**
 * A Node Readable reading `body`, so that bindStreamContext can bind its
 * reads. Pulled through its async iterator when it has one (each read Koa's
 * pipe makes calls `next()` in the bound `_read`); otherwise through its
 * events (`Readable.wrap`, which Koa's duck typing lets it rely on: `on`).
 */
function readerOf(body: StreamLike): Readable {
  const options = { objectMode: body.readableObjectMode };
  if (typeof (body as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') {
    return Readable.from(body as unknown as AsyncIterable<unknown>, options);
  }
  return new Readable(options).wrap(body as unknown as NodeJS.ReadableStream);
}

/** Sets a replacement body, keeping a Content-Length the handler set (Koa drops it when one stream replaces another). */
function replaceBody(ctx: Context, stream: Readable): void {
  const length = ctx.response.get('Content-Length');
  ctx.body = stream;
  if (length) ctx.set('Content-Length', length);
}

/**
 * Binds a lazy response body to the context in force now (the request's):
 * Koa reads `ctx.body` after the middleware chain returned, in its own
 * context, so a stream that queries as it is read would otherwise run with no
 * client and no tenant scope. A Node stream is bound in place (same object:
 * Koa's listeners on it stay); a web ReadableStream (or a Response's), and a
 * stream of another library that Koa pipes as it pipes Node's, are replaced
 * by a bound Node stream reading them.
 */
export function bindResponseBody(ctx: Context): void {
  const body: unknown = ctx.body;
  if (body instanceof Stream) {
    bindStreamContext(body);
  } else if (body instanceof ReadableStream) {
    replaceBody(ctx, bindStreamContext(Readable.fromWeb(body as WebReadableStream)));
  } else if (body instanceof Response && body.body !== null) {
    replaceBody(ctx, bindStreamContext(Readable.fromWeb(body.body as WebReadableStream)));
  } else if (isStreamLike(body)) {
    replaceBody(ctx, bindStreamContext(readerOf(body)));
  }
}
