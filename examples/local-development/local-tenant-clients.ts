import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient, SharedHttpHandler } from '../../src/clients/index.js';
import { TenantAccessDeniedError } from '../../src/index.js';
import type { TenantClaims, TenantClientProvider } from '../../src/middleware/express/index.js';

export interface LocalTenantClientsOptions {
  /** DynamoDB Local, e.g. `http://localhost:8000` (LocalDynamoDb.endpoint). */
  endpoint: string;
  region?: string;
  /**
   * The access key id of a tenant's client. DynamoDB Local (without
   * -sharedDb) keeps one database per access key id, so each tenant gets a
   * database of its own. Letters and digits only. Default: `tenant<id>`.
   */
  accessKeyFor?: (tenantId: string) => string;
  /** Sockets to DynamoDB Local, for all tenants together (one pool). Default 64. */
  maxSockets?: number;
}

// Injective: alphanumeric ids keep their name (readable in DynamoDB Local's
// files); others are hex-encoded under another prefix, so no two tenants can
// ever share a database.
function defaultAccessKey(tenantId: string): string {
  if (/^[A-Za-z0-9]+$/.test(tenantId)) return `tenant${tenantId}`;
  return `hex${Buffer.from(tenantId, 'utf8').toString('hex')}`;
}

/**
 * What StsTenantClientProvider is in production, on a laptop: the same
 * `clientFor(tenantId, principal)`, the same refusal of a principal whose
 * `tenants` claim lacks the tenant (TenantAccessDeniedError, before any client
 * is made), one cached client per tenant on one connection pool; but the
 * isolation comes from one DynamoDB Local database per tenant instead of one
 * IAM role per tenant.
 */
export class LocalTenantClients implements TenantClientProvider<TenantClaims> {
  readonly #options: LocalTenantClientsOptions;
  readonly #pool: SharedHttpHandler;
  readonly #clients = new Map<string, DynamoDBClient>();

  constructor(options: LocalTenantClientsOptions) {
    this.#options = options;
    this.#pool = new SharedHttpHandler({ maxSockets: options.maxSockets ?? 64 });
  }

  async clientFor(tenantId: string, principal?: TenantClaims): Promise<DynamoDBClient> {
    if (principal && !principal.tenants?.includes(tenantId)) {
      throw Object.assign(new TenantAccessDeniedError(`not a member of tenant ${tenantId}`), {
        tenantId,
        reason: 'not-a-member',
      });
    }
    return this.client(tenantId);
  }

  /** The tenant's client, without access check: for seeding and for tests looking into a tenant's database. */
  client(tenantId: string): DynamoDBClient {
    let client = this.#clients.get(tenantId);
    if (!client) {
      const accessKeyId = (this.#options.accessKeyFor ?? defaultAccessKey)(tenantId);
      client = createDynamoClient({
        endpoint: this.#options.endpoint,
        region: this.#options.region ?? 'us-east-1',
        credentials: { accessKeyId, secretAccessKey: 'local' },
        httpHandler: this.#pool,
      });
      this.#clients.set(tenantId, client);
    }
    return client;
  }

  /** Closes every client and the pool. */
  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
    this.#pool.close();
  }
}
