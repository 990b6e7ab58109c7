import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Repository } from '../../src/index.js';
import { type User, UserFields, UserKeys } from '../shared/user.js';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

const USER_PATH = /^\/users\/([A-Za-z0-9_-]{1,64})$/;

/**
 * The LocalDevelopmentService over HTTP, without any framework:
 * `GET /users/:userId` reads the `users-local` table. No middleware and no
 * runWithClient here, so every request runs on the repository's own client:
 * the one pointed at DynamoDB Local.
 */
export function localDevelopmentApp(users: Repository<User>): RequestListener {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = req.method === 'GET' ? USER_PATH.exec(path) : null;
    if (!match) return sendJson(res, 404, { error: 'not_found' });
    // Get one user, as a local-development service would.
    const { item } = await users.get.withKey(UserFields.userId, UserKeys.pk(match[1] as string)).execute();
    if (!item) return sendJson(res, 404, { error: 'not_found' });
    sendJson(res, 200, item);
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
      else res.end();
    });
  };
}
