import type { ErrorRequestHandler } from 'express';
import { InvalidCursorError } from '../../src/index.js';

/**
 * Last in the chain: what the handlers did not answer. A bad cursor is the
 * caller's mistake (400); body-parser's errors carry their own 4xx status
 * (malformed JSON, too large); anything else is logged and answered 500
 * without details.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof InvalidCursorError) return void res.status(400).json({ error: 'invalid_cursor' });
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return void res.status(status).json({ error: 'bad_request' });
  }
  console.error(error);
  res.status(500).json({ error: 'internal' });
};
