import { Readable, Stream } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context } from 'koa';
import { bindStreamContext } from '../../context/bind-stream.js';

/**
 * Binds a lazy response body to the context in force now (the request's):
 * Koa reads `ctx.body` after the middleware chain returned, in its own
 * context, so a stream that queries as it is read would otherwise run with no
 * client and no tenant scope. A Node stream is bound in place (same object:
 * Koa's listeners on it stay); a web ReadableStream (or a Response's) is
 * replaced by a bound Node stream reading it.
 */
export function bindResponseBody(ctx: Context): void {
  const body: unknown = ctx.body;
  if (body instanceof Stream) {
    bindStreamContext(body);
  } else if (body instanceof ReadableStream) {
    ctx.body = bindStreamContext(Readable.fromWeb(body as WebReadableStream));
  } else if (body instanceof Response && body.body !== null) {
    ctx.body = bindStreamContext(Readable.fromWeb(body.body as WebReadableStream));
  }
}
