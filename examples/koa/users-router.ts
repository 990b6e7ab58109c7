import Router from '@koa/router';
import { ConditionalCheckFailedError, type Repository } from '../../src/index.js';
import type { KoaTenantContextOptions } from '../../src/middleware/koa/index.js';
import { koaTenantContext } from '../../src/middleware/koa/index.js';
import { parseLimit, parseNewUser, USER_ID } from '../shared/new-user.js';
import { type User, UserFields, UserIndexes, UserKeys } from '../shared/user.js';
import { readJson } from './read-json.js';

/**
 * The UsersController on Koa 3 with @koa/router. The tenant
 * middleware is the router's first middleware: every route below runs inside
 * runWithClient(tenantClient), so `users` reaches the tenant's database.
 */
export function usersRouter(users: Repository<User>, tenantContext: KoaTenantContextOptions): Router {
  const router = new Router({ prefix: '/api/tenants/:tenantId' });
  router.use(koaTenantContext(tenantContext));

  router.get('/users/:userId', async (ctx) => {
    const { userId } = ctx.params as { userId: string };
    const { item } = USER_ID.test(userId)
      ? await users.get.withKey(UserFields.userId, UserKeys.pk(userId)).execute()
      : { item: undefined };
    ctx.status = item ? 200 : 404;
    ctx.body = item ?? { error: 'not_found' };
  });

  // Active users, newest first, through the StatusIndex; `cursor` continues.
  router.get('/users', async (ctx) => {
    const limit = parseLimit(ctx.query.limit);
    if (limit === undefined) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_limit' };
      return;
    }
    const cursor = typeof ctx.query.cursor === 'string' ? ctx.query.cursor : undefined;
    const page = await users.query
      .withIndex(UserIndexes.StatusIndex)
      .where('status = {0}', 'active')
      .scanForward(false)
      .limit(limit)
      .startAt(cursor)
      .execute();
    ctx.body = { items: page.items, cursor: page.cursor };
  });

  // Create only if the id is new.
  router.post('/users', async (ctx) => {
    const input = parseNewUser(await readJson(ctx));
    if (!input.ok) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_user', problems: input.problems };
      return;
    }
    try {
      const { item } = await users.put.withItem(input.user).where('attribute_not_exists(userId)').execute();
      ctx.status = 201;
      ctx.set('Location', `/api/tenants/${encodeURIComponent(String(ctx.state.tenantId))}/users/${item.userId}`);
      ctx.body = item;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedError)) throw error;
      ctx.status = 409;
      ctx.body = { error: 'user_exists', userId: input.user.userId };
    }
  });

  return router;
}
