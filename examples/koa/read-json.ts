import type { Context } from 'koa';

/** Why a body could not be read: the status to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The JSON body of a request, at most `limit` bytes (Koa has no body parser
 * of its own). Read with `for await`, so the code after it keeps the
 * request's context (runWithClient): awaits carry it, where a bare
 * `req.on('end', callback)` would run in the socket's context instead.
 */
export async function readJson(ctx: Context, limit = 16 * 1024): Promise<unknown> {
  if (!ctx.is('application/json')) throw new BodyError(415, 'expected application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, `body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(400, 'malformed JSON');
  }
}
