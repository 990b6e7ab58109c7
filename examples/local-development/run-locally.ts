import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../src/testing/index.js';
import type { Print } from './http-call.js';

/** What an example's main sets up on DynamoDB Local. */
export interface LocalApp {
  /** The app: an Express app, `koaApp.callback()`, or any request listener. */
  readonly listener: RequestListener;
  /** Requests that show the example working; throws when an answer is not the expected one. */
  tour(baseUrl: string, print: Print): Promise<void>;
  /** Releases what setup created (clients, pools). */
  close?(): void | Promise<void>;
}

/** Starts `listener` on `port` (0: any free port); resolves once it listens. */
export async function listen(listener: RequestListener, port = 0): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer(listener);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: actual } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${actual}` };
}

/** Stops accepting, drops idle keep-alive connections, waits for the rest. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
}

async function untilSignal(): Promise<void> {
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/**
 * The one command behind `npm run example:*`: starts DynamoDB Local (or uses
 * DYNAMODB_ENDPOINT), lets the example create its tables and data, serves
 * the app, runs its tour, and stops everything. With `--serve` (npm run
 * example:express -- --serve) it keeps serving on PORT (default 3000) until
 * Ctrl-C, for your own curl requests.
 */
export async function runLocally(name: string, setup: (dynamo: LocalDynamoDb, print: Print) => Promise<LocalApp>) {
  const print: Print = (line) => console.log(line);
  const serve = process.argv.includes('--serve');
  const dynamo = await startLocalDynamoDb();
  let app: LocalApp | undefined;
  let server: Server | undefined;
  try {
    print(`[${name}] DynamoDB Local at ${dynamo.endpoint} (${dynamo.source})`);
    app = await setup(dynamo, print);
    const port = serve ? Number(process.env.PORT ?? 3000) : 0;
    const started = await listen(app.listener, port);
    server = started.server;
    print(`[${name}] listening on ${started.baseUrl}\n`);
    await app.tour(started.baseUrl, print);
    if (serve) {
      print(`\n[${name}] serving on ${started.baseUrl}; Ctrl-C stops the app and DynamoDB Local`);
      await untilSignal();
    }
    print(`\n[${name}] done: every answer was the expected one.`);
  } catch (error) {
    console.error(`\n[${name}] failed:`, error);
    process.exitCode = 1;
  } finally {
    if (server) await closeServer(server);
    await app?.close?.();
    await dynamo.stop();
  }
}
