import { type Request, type Response, Router } from 'express';
import { ConditionalCheckFailedError, type Repository } from '../../src/index.js';
import { parseLimit, parseNewUser, USER_ID } from '../shared/new-user.js';
import { type User, UserFields, UserIndexes, UserKeys } from '../shared/user.js';

/**
 * The UsersController, on Express 5 (async handlers: a rejection
 * goes to the error handler). No client anywhere: the tenant middleware runs
 * each request inside runWithClient(tenantClient), so `users` reaches the
 * tenant's database. mergeParams: the tenantId of the mount path is visible.
 */
export function usersRouter(users: Repository<User>): Router {
  const router = Router({ mergeParams: true });

  // GET /api/tenants/:tenantId/users/:userId
  router.get('/users/:userId', async (req: Request<{ userId: string }>, res: Response) => {
    const { userId } = req.params;
    if (!USER_ID.test(userId)) return void res.status(404).json({ error: 'not_found' });
    const { item } = await users.get.withKey(UserFields.userId, UserKeys.pk(userId)).execute();
    if (!item) return void res.status(404).json({ error: 'not_found' });
    res.json(item);
  });

  // GET /api/tenants/:tenantId/users?limit=25&cursor=...: active users, newest first, page by page.
  router.get('/users', async (req: Request, res: Response) => {
    const limit = parseLimit(req.query.limit);
    if (limit === undefined) return void res.status(400).json({ error: 'invalid_limit' });
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const page = await users.query
      .withIndex(UserIndexes.StatusIndex)
      .where('status = {0}', 'active')
      .scanForward(false)
      .limit(limit)
      .startAt(cursor) // a tampered or foreign cursor is an InvalidCursorError: 400 in the error handler
      .execute();
    res.json({ items: page.items, cursor: page.cursor });
  });

  // POST /api/tenants/:tenantId/users: create only if the id is new.
  router.post('/users', async (req: Request, res: Response) => {
    const input = parseNewUser(req.body);
    if (!input.ok) return void res.status(400).json({ error: 'invalid_user', problems: input.problems });
    try {
      const { item } = await users.put.withItem(input.user).where('attribute_not_exists(userId)').execute();
      res
        .status(201)
        .location(`/api/tenants/${encodeURIComponent(String(res.locals.tenantId))}/users/${item.userId}`)
        .json(item);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedError)) throw error;
      res.status(409).json({ error: 'user_exists', userId: input.user.userId });
    }
  });

  return router;
}
