import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitForPortFree } from '../../../src/testing/free-port.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../../src/testing/index.js';

/**
 * A DynamoDB Local that keeps its data on disk (startLocalDynamoDb's `dbPath`),
 * so it can be killed and started again on the same port with its data: the
 * only way to check acknowledged writes across a crash.
 */
export interface PersistentDynamoDb {
  readonly endpoint: string;
  readonly port: number;
  readonly dbPath: string;
  readonly running: boolean;
  /** Kills the java process: SIGKILL (a crash) or SIGTERM (a stop). Resolves once it is gone and the port is free. */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts it again on the same port and database; resolves once it answers. Returns the milliseconds it took. */
  restart(): Promise<number>;
  /** Stops it for good and deletes the database directory. Idempotent. */
  stop(): Promise<void>;
}

export async function startPersistentDynamoDb(): Promise<PersistentDynamoDb> {
  const dbPath = mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-reliability-'));
  const port = await freePort();
  let instance: LocalDynamoDb | undefined;
  let stopped = false;

  const launch = async (): Promise<number> => {
    const started = Date.now();
    instance = await startLocalDynamoDb({ via: 'java', port, dbPath, sharedDb: true, startTimeoutMs: 60_000 });
    return Date.now() - started;
  };

  const kill = async (signal: 'SIGKILL' | 'SIGTERM') => {
    const current = instance;
    instance = undefined;
    if (!current) return;
    if (signal === 'SIGKILL' && current.pid !== undefined) {
      try {
        process.kill(-current.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // SIGTERM (then SIGKILL after a grace period); after a SIGKILL it only waits for the exit.
    await current.stop();
    await waitForPortFree(port, 5_000);
  };

  await launch();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    dbPath,
    get running() {
      return instance !== undefined;
    },
    kill,
    restart: () => launch(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await kill('SIGTERM');
      rmSync(dbPath, { recursive: true, force: true });
    },
  };
}
