import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';

export interface RunningApp {
  readonly app: INestApplication;
  url(path: string): string;
  /** app.close(): Nest's shutdown hooks (onModuleDestroy) run, the server stops. */
  close(): Promise<void>;
}

/**
 * A Nest application of `imports` (plus `controllers` / `providers`), listening
 * on a free port of 127.0.0.1, as the tests talk to it: over HTTP with fetch.
 */
export async function startApp(metadata: {
  imports?: Array<Type | DynamicModule>;
  controllers?: Type[];
  providers?: Type[];
}): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: (path) => `http://127.0.0.1:${port}${path}`, close: () => app.close() };
}
