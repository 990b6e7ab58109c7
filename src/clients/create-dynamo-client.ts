import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { ConfigurationError } from './configuration-error.js';
import { createHttpHandler, type HttpPoolOptions, type SharedHttpHandler } from './http-pool.js';
import { assertRegion } from './region.js';

/** Connection and request timeouts, in milliseconds. */
export interface ClientTimeouts {
  /** To establish a connection, waiting for a free socket included. Default 5 000. */
  connectionMs?: number;
  /** To wait for a response (socket inactivity). Default 10 000. */
  requestMs?: number;
}

/** The options the "custom configuration", "multi-region" and "local endpoint" cases need. */
export interface CreateDynamoClientOptions {
  /** The AWS region. Default: the SDK's (AWS_REGION, the profile). */
  region?: string;
  /** e.g. `http://localhost:8000` for DynamoDB Local or LocalStack. */
  endpoint?: string;
  /** Credentials or a credentials provider. Default: the SDK's default provider chain. */
  credentials?: DynamoDBClientConfig['credentials'];
  /** Connection and response timeouts of the client's own pool. */
  timeouts?: ClientTimeouts;
  /** Attempts per request, the first included. SDK default 3. */
  maxAttempts?: number;
  /** 'adaptive' adds client-side rate limiting on throttling. SDK default 'standard'. */
  retryMode?: 'standard' | 'adaptive' | 'legacy';
  /** Sockets per host. Default 128. */
  maxSockets?: number;
  /** HTTP proxy URL; requests tunnel through it with CONNECT. */
  proxy?: string | URL;
  /**
   * A pool shared with other clients (see RegionalClients and the tenant
   * provider). The pool options above then belong to that pool and must not be
   * given here; the client's `destroy()` leaves the pool open.
   */
  httpHandler?: SharedHttpHandler;
  /** Any other DynamoDBClient setting. */
  config?: Omit<
    DynamoDBClientConfig,
    'region' | 'endpoint' | 'credentials' | 'requestHandler' | 'maxAttempts' | 'retryMode'
  >;
}

const RETRY_MODES = new Set(['standard', 'adaptive', 'legacy']);

/** The pool options of `options`, or undefined when none was given. */
export function poolOptionsOf(options: CreateDynamoClientOptions): HttpPoolOptions | undefined {
  const pool: HttpPoolOptions = {
    connectionTimeoutMs: options.timeouts?.connectionMs,
    requestTimeoutMs: options.timeouts?.requestMs,
    maxSockets: options.maxSockets,
    proxy: options.proxy,
  };
  return Object.values(pool).some((value) => value !== undefined) ? pool : undefined;
}

/** The DynamoDBClientConfig for `options`; `requestHandler` is the shared pool or a new pool of this client's own. */
export function dynamoClientConfig(options: CreateDynamoClientOptions): DynamoDBClientConfig {
  if (options.region !== undefined) assertRegion(options.region);
  if (options.maxAttempts !== undefined && !(Number.isInteger(options.maxAttempts) && options.maxAttempts >= 1)) {
    throw new ConfigurationError(
      `maxAttempts must be an integer >= 1, got ${String(options.maxAttempts)}`,
      'maxAttempts',
    );
  }
  if (options.retryMode !== undefined && !RETRY_MODES.has(options.retryMode)) {
    throw new ConfigurationError(
      `retryMode must be 'standard', 'adaptive' or 'legacy', got ${JSON.stringify(options.retryMode)}`,
      'retryMode',
    );
  }
  if (options.endpoint !== undefined) {
    try {
      new URL(options.endpoint);
    } catch {
      throw new ConfigurationError(
        `endpoint must be a URL such as http://localhost:8000, got ${JSON.stringify(options.endpoint)}`,
        'endpoint',
      );
    }
  }
  const pool = poolOptionsOf(options);
  if (options.httpHandler && pool) {
    throw new ConfigurationError(
      'timeouts, maxSockets and proxy belong to the shared httpHandler: set them where that pool is created',
      'httpHandler',
    );
  }
  const config: DynamoDBClientConfig = {
    ...options.config,
    requestHandler: options.httpHandler ?? createHttpHandler(pool),
  };
  if (options.region !== undefined) config.region = options.region;
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.credentials !== undefined) config.credentials = options.credentials;
  if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
  if (options.retryMode !== undefined) config.retryMode = options.retryMode;
  return config;
}

/**
 * A DynamoDBClient with explicit timeouts, socket limits, retries and,
 * optionally, a proxy or a shared connection pool.
 *
 * ```ts
 * const client = createDynamoClient({ region: 'eu-west-1', timeouts: { requestMs: 30_000 },
 *                                     maxAttempts: 5, retryMode: 'adaptive' });
 * const local = createDynamoClient({ endpoint: 'http://localhost:8000', region: 'us-east-1',
 *                                    credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 * ```
 */
export function createDynamoClient(options: CreateDynamoClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(dynamoClientConfig(options));
}
