import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { ConfigurationError } from './configuration-error.js';
import { http, https } from './node-builtins.js';
import { HttpProxyAgent, HttpsProxyAgent, parseProxyUrl } from './proxy-agent.js';

/** One connection pool: the timeouts and socket limits of every client that uses it. */
export interface HttpPoolOptions {
  /**
   * Milliseconds to establish a TCP (and TLS) connection. Default 5 000. The
   * SDK counts the wait for a free socket in it: when maxSockets are all busy,
   * queued requests can time out here.
   */
  connectionTimeoutMs?: number;
  /** Milliseconds a request may take before it fails with a TimeoutError. Default 10 000. */
  requestTimeoutMs?: number;
  /** Sockets per host, for all clients of the pool together. Default 128. */
  maxSockets?: number;
  /** Idle sockets kept open per host. Default 32. */
  maxFreeSockets?: number;
  /** HTTP proxy, e.g. `http://user:pass@proxy.internal:3128`; requests tunnel through it with CONNECT. */
  proxy?: string | URL;
}

/** The pool settings used where HttpPoolOptions leaves one out. */
export const DEFAULT_HTTP_POOL = {
  /** To establish a connection, in ms. */
  connectionTimeoutMs: 5_000,
  /** To wait for a response (socket inactivity), in ms. */
  requestTimeoutMs: 10_000,
  /** Sockets per host. */
  maxSockets: 128,
  /** Idle sockets kept open per host. */
  maxFreeSockets: 32,
} as const;

/** The resolved options of a pool; the proxy without its password. */
export type ResolvedHttpPoolOptions = Readonly<Required<Omit<HttpPoolOptions, 'proxy'>>> & {
  /** The proxy URL, its password replaced: safe to log. */
  readonly proxy?: string;
};

interface PoolParts {
  readonly resolved: ResolvedHttpPoolOptions;
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
  readonly handlerOptions: NodeHttpHandlerOptions;
}

/** Explicit keep-alive agents (one http, one https) and explicit timeouts: nothing left to the SDK's defaults. */
function poolParts(options: HttpPoolOptions): PoolParts {
  const numbers = {
    connectionTimeoutMs: positive(
      options.connectionTimeoutMs,
      DEFAULT_HTTP_POOL.connectionTimeoutMs,
      'connectionTimeoutMs',
    ),
    requestTimeoutMs: positive(options.requestTimeoutMs, DEFAULT_HTTP_POOL.requestTimeoutMs, 'requestTimeoutMs'),
    maxSockets: positive(options.maxSockets, DEFAULT_HTTP_POOL.maxSockets, 'maxSockets'),
    maxFreeSockets: positive(options.maxFreeSockets, DEFAULT_HTTP_POOL.maxFreeSockets, 'maxFreeSockets'),
  };
  const agentOptions = { keepAlive: true, maxSockets: numbers.maxSockets, maxFreeSockets: numbers.maxFreeSockets };
  const proxy = options.proxy === undefined ? undefined : parseProxyUrl(options.proxy);
  const httpAgent = proxy ? new HttpProxyAgent(proxy, agentOptions) : new http.Agent(agentOptions);
  const httpsAgent = proxy ? new HttpsProxyAgent(proxy, agentOptions) : new https.Agent(agentOptions);
  return {
    // The proxy's password must not show up where the options are logged.
    resolved: { ...numbers, ...(proxy ? { proxy: proxy.redacted } : {}) },
    httpAgent,
    httpsAgent,
    handlerOptions: {
      connectionTimeout: numbers.connectionTimeoutMs,
      requestTimeout: numbers.requestTimeoutMs,
      // Without it smithy 4.x only logs a warning when the time is up, and keeps waiting.
      throwOnRequestTimeout: true,
      httpAgent,
      httpsAgent,
    },
  };
}

/** A handler owned by one client: that client's `destroy()` closes it. */
export function createHttpHandler(options: HttpPoolOptions = {}): NodeHttpHandler {
  return new NodeHttpHandler(poolParts(options).handlerOptions);
}

/**
 * A NodeHttpHandler shared by many clients (every tenant's scoped client, the
 * STS client, every region's client): one http agent and one https agent, so
 * 10 000 tenants still mean one socket pool.
 *
 * `destroy()` is what a DynamoDBClient calls from its own `destroy()`; on a
 * shared pool that would cut the connections of every other client, so here it
 * does nothing. The owner releases the pool once, with `close()`.
 */
export class SharedHttpHandler extends NodeHttpHandler {
  /** The keep-alive agent of plain HTTP endpoints (DynamoDB Local); a proxy agent with `proxy`. */
  readonly httpAgent: HttpAgent;
  /** The keep-alive agent of HTTPS endpoints; a proxy agent with `proxy`. */
  readonly httpsAgent: HttpsAgent;
  /** The pool's settings, defaults filled in (the proxy without its password). */
  readonly options: ResolvedHttpPoolOptions;
  #closed = false;

  constructor(options: HttpPoolOptions = {}) {
    const parts = poolParts(options);
    super(parts.handlerOptions);
    this.httpAgent = parts.httpAgent;
    this.httpsAgent = parts.httpsAgent;
    this.options = parts.resolved;
  }

  /** True once `close()` ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** No-op: one client must not close a pool that other clients use. See `close()`. */
  override destroy(): void {}

  /** Closes every socket of the pool. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    super.destroy();
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`${name} must be a positive number, got ${String(value)}`, name);
  }
  return value;
}
