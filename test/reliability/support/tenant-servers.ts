import 'reflect-metadata';
import { Readable } from 'node:stream';
import Router from '@koa/router';
import {
  type ArgumentsHost,
  type CanActivate,
  Catch,
  Controller,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  Inject,
  Injectable,
  Param,
  Query,
  StreamableFile,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { ExecutionContext as AvaContext } from 'ava';
import express, { type NextFunction, type Request, type Response } from 'express';
import Koa, { type Context } from 'koa';
import { TenantIsolationError } from '../../../src/index.js';
import type { TenantIsolationOptions } from '../../../src/isolation/isolation-option.js';
import { expressTenantContext } from '../../../src/middleware/express/index.js';
import { koaTenantContext } from '../../../src/middleware/koa/index.js';
import { FluentDynamoModule, TenantScoped } from '../../../src/nestjs/index.js';
import { type Served, serve } from '../../middleware/support/http.js';
import { startApp } from '../../nestjs/support/nest-app.js';
import { itemsOf, type TenantStack } from './tenant-http.js';

export type Framework = 'express' | 'koa' | 'nestjs';
export const FRAMEWORKS: readonly Framework[] = ['express', 'koa', 'nestjs'];

/** The principal the test's headers describe: x-user-tenants is a comma list of URI-encoded tenant ids. */
export function principalOf(header: (name: string) => string | undefined) {
  const userId = header('x-user-id');
  if (!userId) return undefined;
  const list = header('x-user-tenants') ?? '';
  return { userId, tenants: list.split(',').filter(Boolean).map(decodeURIComponent) };
}

export function signedIn(userId: string, tenants: readonly string[]): Record<string, string> {
  return { 'x-user-id': userId, 'x-user-tenants': tenants.map(encodeURIComponent).join(',') };
}

/** What the handlers saw go wrong (the streams' errors happen after the status line). */
export interface Observed {
  readonly errors: unknown[];
}

/**
 * The handlers every framework serves, with the same bug: `?as=` picks the
 * tenant whose items are read (instead of the route's).
 * - /items: the tenant's items as JSON.
 * - /export: the same as a lazily generated stream (one JSON line per item),
 *   read by the framework after the handler returned.
 */
async function* exportLines(stack: TenantStack, tenantId: string, observed: Observed) {
  try {
    for (const item of await itemsOf(stack.items, tenantId)) {
      // Big lines: the response pauses on the socket (backpressure) and resumes from 'drain'.
      yield `${JSON.stringify({ tenantId: item.tenantId, itemId: item.itemId })}${' '.repeat(64 * 1024)}\n`;
      await stack.items.get.withKey({ tenantId, itemId: item.itemId }).execute();
    }
  } catch (error) {
    observed.errors.push(error);
    throw error;
  }
}

function errorStatus(error: unknown): number {
  return error instanceof TenantIsolationError ? 403 : 500;
}

export function expressServer(stack: TenantStack, observed: Observed, isolation?: TenantIsolationOptions) {
  const app = express();
  const router = express.Router({ mergeParams: true });
  router.get('/items', async (req, res) => {
    const tenantId = typeof req.query.as === 'string' ? req.query.as : (req.params as { tenantId: string }).tenantId;
    res.json(await itemsOf(stack.items, tenantId));
  });
  router.get('/export', (req, res) => {
    const tenantId = typeof req.query.as === 'string' ? req.query.as : (req.params as { tenantId: string }).tenantId;
    const body = Readable.from(exportLines(stack, tenantId, observed));
    body.on('error', () => res.destroy());
    body.pipe(res);
  });
  app.use(
    '/api/tenants/:tenantId',
    expressTenantContext({
      provider: stack.provider,
      principal: (req: Request) => principalOf((name) => req.get(name)),
      ...(isolation ? { isolation } : {}),
    }),
    router,
  );
  app.get('/health', (_req, res) => void res.send('ok'));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    observed.errors.push(error);
    res.status(errorStatus(error)).json({ error: (error as Error).name });
  });
  return app;
}

export function koaServer(stack: TenantStack, observed: Observed, isolation?: TenantIsolationOptions) {
  const app = new Koa();
  app.on('error', (error: unknown) => observed.errors.push(error));
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      observed.errors.push(error);
      ctx.status = errorStatus(error);
      ctx.body = { error: (error as Error).name };
    }
  });
  const router = new Router({ prefix: '/api/tenants/:tenantId' });
  router.use(
    koaTenantContext({
      provider: stack.provider,
      principal: (ctx: Context) => principalOf((name) => ctx.get(name) || undefined),
      ...(isolation ? { isolation } : {}),
    }),
  );
  const tenantOf = (ctx: Context) =>
    typeof ctx.query.as === 'string'
      ? ctx.query.as
      : (ctx as Context & { params: { tenantId: string } }).params.tenantId;
  router.get('/items', async (ctx) => {
    ctx.body = await itemsOf(stack.items, tenantOf(ctx));
  });
  router.get('/export', (ctx) => {
    ctx.type = 'application/x-ndjson';
    ctx.body = Readable.from(exportLines(stack, tenantOf(ctx), observed));
  });
  app.use(router.routes());
  app.use((ctx) => {
    if (ctx.path === '/health') ctx.body = 'ok';
  });
  return app.callback();
}

const STACK = Symbol('tenant-stack');

@Injectable()
class HeaderAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    req.user = principalOf((name) => req.get(name));
    return true;
  }
}

/** The app's answer to a key guard refusal, as the Express and Koa apps give it. */
@Catch(TenantIsolationError)
@Injectable()
class IsolationFilter implements ExceptionFilter {
  constructor(@Inject(STACK) private readonly deps: { observed: Observed }) {}

  catch(error: TenantIsolationError, host: ArgumentsHost): void {
    this.deps.observed.errors.push(error);
    host.switchToHttp().getResponse<Response>().status(403).json({ error: error.name });
  }
}

@Controller('api/tenants/:tenantId')
@UseGuards(HeaderAuthGuard)
@UseFilters(IsolationFilter)
@TenantScoped()
class ItemsController {
  constructor(@Inject(STACK) private readonly deps: { stack: TenantStack; observed: Observed }) {}

  @Get('items')
  items(@Param('tenantId') tenantId: string, @Query('as') as?: string) {
    return itemsOf(this.deps.stack.items, as ?? tenantId);
  }

  @Get('export')
  export(@Param('tenantId') tenantId: string, @Query('as') as?: string) {
    return new StreamableFile(Readable.from(exportLines(this.deps.stack, as ?? tenantId, this.deps.observed)));
  }
}

@Controller('health')
class HealthController {
  @Get()
  health() {
    return 'ok';
  }
}

async function nestServer(stack: TenantStack, observed: Observed, isolation?: TenantIsolationOptions): Promise<Served> {
  const running = await startApp({
    imports: [
      FluentDynamoModule.forRoot({
        client: stack.appClient,
        tenants: stack.provider,
        closeOnDestroy: false,
        ...(isolation ? { tenantContext: { isolation } } : {}),
      }),
    ],
    controllers: [ItemsController, HealthController],
    providers: [{ provide: STACK, useValue: { stack, observed } } as never, IsolationFilter],
  });
  return { url: running.url, close: running.close };
}

/** A server of `framework` on 127.0.0.1 over `stack`, closed at the end of the test. */
export async function startServer(
  t: AvaContext,
  framework: Framework,
  stack: TenantStack,
  isolation?: TenantIsolationOptions,
): Promise<Served & Observed> {
  const observed: Observed = { errors: [] };
  const served =
    framework === 'express'
      ? await serve(expressServer(stack, observed, isolation))
      : framework === 'koa'
        ? await serve(koaServer(stack, observed, isolation))
        : await nestServer(stack, observed, isolation);
  t.teardown(() => served.close());
  return { ...served, errors: observed.errors };
}
