import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { createUsersApp } from '../../../examples/nestjs/create-app.js';
import type { UsersAppDeps } from '../../examples/support/tenant-fixture.js';

const started: Array<Promise<INestApplication>> = [];

/**
 * The Nest example as the RequestListener the Express and Koa suites take:
 * the app on the suite's default client and tenant clients (which the
 * suite's fixture owns and closes, hence closeOnDestroy: false). Requests
 * wait for the app's initialization. `closeUsersApps()` closes them all.
 */
export function nestUsersListener(deps: UsersAppDeps): RequestListener {
  const app = createUsersApp({ client: deps.users.client, tenants: deps.tenants, closeOnDestroy: false }, false).then(
    async (created) => {
      await created.init();
      return created;
    },
  );
  started.push(app);
  return (req: IncomingMessage, res: ServerResponse) => {
    app.then(
      (ready) => (ready.getHttpAdapter().getInstance() as RequestListener)(req, res),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  };
}

export async function closeUsersApps(): Promise<void> {
  await Promise.all(started.splice(0).map(async (app) => (await app).close()));
}
