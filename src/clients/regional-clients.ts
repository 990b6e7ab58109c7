import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigurationError } from './configuration-error.js';
import { type CreateDynamoClientOptions, createDynamoClient } from './create-dynamo-client.js';
import { type ResolvedHttpPoolOptions, SharedHttpHandler } from './http-pool.js';
import { assertRegion } from './region.js';

/** Options of RegionalClients: the settings of every regional client, their endpoints, and the regions allowed. */
export interface RegionalClientsOptions extends Omit<CreateDynamoClientOptions, 'region' | 'endpoint' | 'httpHandler'> {
  /** Endpoint per region (DynamoDB Local, LocalStack, a VPC endpoint); other regions use AWS's. */
  endpoints?: Readonly<Record<string, string>>;
  /** Only these regions may be asked for (a region from a request or a tenant record cannot go anywhere else). */
  allowedRegions?: readonly string[];
  /** Share this pool instead of creating one; `destroy()` then leaves it open. */
  httpHandler?: SharedHttpHandler;
}

/**
 * One DynamoDBClient per region, created on first use and kept, all on one
 * connection pool: the multi-region case.
 *
 * ```ts
 * const regions = new RegionalClients({ allowedRegions: ['us-east-1', 'eu-west-1'], retryMode: 'adaptive' });
 * await products.get.withKey({ productId }).withClient(regions.clientFor('eu-west-1')).execute();
 * ```
 */
export class RegionalClients {
  /** The connection pool every regional client uses. */
  readonly httpHandler: SharedHttpHandler;
  readonly #ownsHandler: boolean;
  readonly #options: RegionalClientsOptions;
  readonly #allowed: ReadonlySet<string> | undefined;
  readonly #clients = new Map<string, DynamoDBClient>();
  #destroyed = false;

  constructor(options: RegionalClientsOptions = {}) {
    const { maxSockets, proxy, timeouts, httpHandler, ...rest } = options;
    if (httpHandler && (maxSockets !== undefined || proxy !== undefined || timeouts !== undefined)) {
      throw new ConfigurationError('timeouts, maxSockets and proxy belong to the shared httpHandler', 'httpHandler');
    }
    for (const region of options.allowedRegions ?? []) assertRegion(region, 'allowedRegions');
    for (const region of Object.keys(options.endpoints ?? {})) assertRegion(region, 'endpoints');
    this.#ownsHandler = httpHandler === undefined;
    this.httpHandler =
      httpHandler ??
      new SharedHttpHandler({
        maxSockets,
        proxy,
        connectionTimeoutMs: timeouts?.connectionMs,
        requestTimeoutMs: timeouts?.requestMs,
      });
    this.#options = rest;
    this.#allowed = options.allowedRegions ? new Set(options.allowedRegions) : undefined;
  }

  /** The client of `region`, created on first use. */
  clientFor(region: string): DynamoDBClient {
    const existing = this.#clients.get(region);
    if (existing) return existing;
    if (this.#destroyed) throw new ConfigurationError('RegionalClients was destroyed', 'region');
    assertRegion(region);
    if (this.#allowed && !this.#allowed.has(region)) {
      throw new ConfigurationError(
        `region ${region} is not one of allowedRegions (${[...this.#allowed].join(', ')})`,
        'region',
      );
    }
    const { endpoints, allowedRegions: _allowed, ...clientOptions } = this.#options;
    const endpoint = endpoints?.[region];
    const client = createDynamoClient({
      ...clientOptions,
      region,
      ...(endpoint ? { endpoint } : {}),
      httpHandler: this.httpHandler,
    });
    this.#clients.set(region, client);
    return client;
  }

  /** Regions that have a client so far. */
  get regions(): string[] {
    return [...this.#clients.keys()];
  }

  /** The pool's settings. */
  get poolOptions(): ResolvedHttpPoolOptions {
    return this.httpHandler.options;
  }

  /** Destroys every client and, when this instance created it, the pool. Idempotent. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
    if (this.#ownsHandler) this.httpHandler.close();
  }
}
