import { createServer } from 'node:net';

/**
 * A TCP port that is free right now: listen on port 0 (all interfaces), read the
 * port the OS chose, close. Another process may take it before you bind it, so
 * callers that start a server on it should retry on "address in use".
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => {
        if (port === undefined) reject(new Error('freePort: the OS did not report a port'));
        else resolve(port);
      });
    });
  });
}

/** True when a TCP server can listen on `port` (all interfaces) right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => {
      server.close(() => resolve(true));
    });
  });
}

/** Polls {@link isPortFree} until the port is free or `timeoutMs` passed; resolves to whether it is free. */
export async function waitForPortFree(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isPortFree(port)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
