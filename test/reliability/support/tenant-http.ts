import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ExecutionContext } from 'ava';
import { runWithoutClient } from '../../../src/context/without-client.js';
import { createTable, Repository, StsTenantClientProvider } from '../../../src/index.js';
import type { TenantIsolationOptions } from '../../../src/isolation/isolation-option.js';
import { startLocalSts } from '../../../src/testing/index.js';
import { randomAlphanumeric, testEndpoint, uniqueTableName } from '../../support/dynamo.js';
import { type ChaosProxy, startChaosProxy } from './chaos-proxy.js';
import { ItemKeys, TenantItem, tenantItem } from './entities.js';

const roleOf = (tenantId: string) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`;

/**
 * Tenants on the local STS and DynamoDB Local, as an attacker meets them:
 * an StsTenantClientProvider with isolation, whose scoped clients (and the
 * application's own client) reach DynamoDB Local through a proxy that records
 * which access key signed each request and lets them all share one database.
 * `items` is a repository on the application's own client.
 */
export interface TenantStack {
  readonly provider: StsTenantClientProvider;
  readonly items: Repository<TenantItem>;
  /** The application's own client (the repository's default). */
  readonly appClient: DynamoDBClient;
  readonly appKey: string;
  readonly proxy: ChaosProxy;
  /** Who signed each DynamoDB request so far: 'app', the tenant whose STS session it was, or 'unknown'. */
  signers(): string[];
  /** The signers of requests since `mark()`. */
  mark(): () => string[];
}

export async function tenantStack(
  t: ExecutionContext,
  options: { isolation?: TenantIsolationOptions; tenants: Record<string, number> },
): Promise<TenantStack> {
  const sts = await startLocalSts();
  t.teardown(() => sts.stop());
  const dbKey = `mb${randomAlphanumeric(12)}`;
  const proxy = await startChaosProxy(testEndpoint(), { rewriteAccessKeyId: dbKey });
  t.teardown(() => proxy.close());
  const appKey = `app${randomAlphanumeric(10)}`;
  const appClient = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: proxy.endpoint,
    credentials: { accessKeyId: appKey, secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  t.teardown(() => appClient.destroy());
  const provider = new StsTenantClientProvider({
    roleArn: roleOf,
    sts: { ...sts.clientConfig('appcaller'), maxAttempts: 1 },
    dynamo: { region: 'us-east-1', endpoint: proxy.endpoint, maxAttempts: 1 },
    pruneIntervalSeconds: 0,
    isolation: options.isolation ?? {},
  });
  t.teardown(() => provider.close());
  const tableName = uniqueTableName('boundary');
  const items = new Repository(TenantItem, { client: appClient, tableName });
  // Application work: explicitly outside any tenant context.
  await runWithoutClient(async () => {
    await createTable(appClient, TenantItem, { tableName });
    for (const [tenantId, count] of Object.entries(options.tenants)) {
      for (let i = 0; i < count; i++) await items.put.withItem(tenantItem(tenantId, `i${i}`, i, [tenantId])).execute();
    }
  });
  const signerOf = (accessKeyId: string) => {
    if (accessKeyId === appKey) return 'app';
    const role = sts.session(accessKeyId)?.roleArn;
    return role ? role.slice(role.indexOf('TenantRole-') + 'TenantRole-'.length) : 'unknown';
  };
  const signers = () => proxy.calls.map((call) => signerOf(call.accessKeyId));
  return {
    provider,
    items,
    appClient,
    appKey,
    proxy,
    signers,
    mark: () => {
      const from = proxy.calls.length;
      return () => signers().slice(from);
    },
  };
}

/** The items of `tenantId`'s partition, queried with whatever client the context gives. */
export function itemsOf(items: Repository<TenantItem>, tenantId: string): Promise<TenantItem[]> {
  return items.query.where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId })).consistentRead().all();
}
