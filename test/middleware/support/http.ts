import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  url(path: string): string;
  close(): Promise<void>;
}

/** Serves `listener` on a free port of 127.0.0.1. */
export async function serve(listener: RequestListener): Promise<Served> {
  const server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  readonly body: any;
}

/** A request with fetch; the body parsed when it is JSON. */
export async function fetchJson(url: string, init: RequestInit = {}): Promise<JsonAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  const body = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body };
}

/** Headers of a signed-in user (the tests' stand-in for authentication). */
export function as(
  userId: string,
  tenants: readonly string[],
  extra: Record<string, string> = {},
): Record<string, string> {
  return { 'x-user-id': userId, 'x-user-tenants': tenants.join(','), ...extra };
}

/** The principal the `as()` headers describe; undefined without x-user-id. */
export function principalFrom(
  header: (name: string) => string | undefined,
): { userId: string; tenants: string[] } | undefined {
  const userId = header('x-user-id');
  if (!userId) return undefined;
  return { userId, tenants: (header('x-user-tenants') ?? '').split(',').filter(Boolean) };
}
