import type { ErrorRequestHandler } from 'express';
import {
  InvalidCursorError,
  ItemExistsError,
  MappingError,
  TenantIsolationError,
  VersionConflictError,
} from '../../../src/index.js';

/**
 * Last in the chain: the errors the routes let through, answered by kind.
 * The tenant middleware answers its own refusals (401, 403, 503) itself.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof ItemExistsError) return void res.status(409).json({ error: 'already_exists' });
  if (error instanceof VersionConflictError) return void res.status(409).json({ error: 'changed_meanwhile' });
  if (error instanceof InvalidCursorError) return void res.status(400).json({ error: 'invalid_cursor' });
  // A value that cannot be part of a key, such as an id holding '#'.
  if (error instanceof MappingError) return void res.status(400).json({ error: 'invalid_value' });
  // A request that reached for another tenant's items: refused before it was sent.
  if (error instanceof TenantIsolationError) return void res.status(403).json({ error: 'forbidden' });
  // express.json()'s errors (malformed JSON, too large) carry their 4xx status.
  if (error instanceof Error && 'status' in error && typeof error.status === 'number' && error.status < 500) {
    return void res.status(error.status).json({ error: 'bad_request' });
  }
  console.error(error);
  res.status(500).json({ error: 'internal' });
};
