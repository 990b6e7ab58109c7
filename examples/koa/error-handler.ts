import type { Middleware } from 'koa';
import { InvalidCursorError } from '../../src/index.js';
import { BodyError } from './read-json.js';

/**
 * First in the chain, so it sees what every later middleware throws: a bad
 * cursor or body is the caller's mistake (4xx); anything else is logged and
 * answered 500 without details.
 */
export const errorHandler: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_cursor' };
    } else if (error instanceof BodyError) {
      ctx.status = error.status;
      ctx.body = { error: 'bad_request', message: error.message };
    } else {
      console.error(error);
      ctx.status = 500;
      ctx.body = { error: 'internal' };
    }
  }
};
