import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { StsTenantClientProvider, type StsTenantClientProviderOptions } from '../../src/index.js';
import { type LocalSts, startLocalSts } from '../../src/testing/local-sts/index.js';
import type { NamedPair } from './single-item-cases.js';

export const ACCOUNT = '123456789012';
export const roleArnOf = (tenantId: string): string => `arn:aws:iam::${ACCOUNT}:role/TenantRole-${tenantId}`;
export const EXTERNAL_ID = 'unique-external-id-12345';

interface User {
  readonly userId: string;
  readonly tenants: readonly string[];
}

/** The README's configuration: per-tenant role, per-user session name, external id and session tags. */
export function readmeOptions(sts: LocalSts, dynamoEndpoint: string): StsTenantClientProviderOptions<User> {
  return {
    roleArn: roleArnOf,
    sessionName: (tenantId, principal) => `tenant-${tenantId}-user-${principal?.userId ?? 'system'}`,
    durationSeconds: 3600,
    externalId: EXTERNAL_ID,
    tags: (tenantId, principal) => ({ TenantId: tenantId, UserId: principal?.userId ?? 'unknown' }),
    refreshBeforeExpirySeconds: 300,
    sts: { ...sts.clientConfig('app'), maxAttempts: 1 },
    dynamo: { region: 'us-east-1', endpoint: dynamoEndpoint },
    pruneIntervalSeconds: 0,
  };
}

/** A local STS (real clock) for the tenancy benchmarks; every role exists and trusts everyone. */
export function tenancySts(): Promise<LocalSts> {
  return startLocalSts();
}

/**
 * clientFor() on a warm cache, against the cheapest hand-written cache (an
 * async Map lookup), so the table shows what the provider's checks add.
 * Two configurations: the minimal one (roleArn only, a system call without
 * principal) and the README's (principal checked, session name, external id
 * and tags computed per call, as they are part of the cache key).
 */
export async function cacheHitCases(sts: LocalSts): Promise<{ pairs: NamedPair[]; close: () => Promise<void> }> {
  const endpoint = 'http://127.0.0.1:9';
  const minimal = new StsTenantClientProvider<User>({
    roleArn: roleArnOf,
    sts: { ...sts.clientConfig('app'), maxAttempts: 1 },
    dynamo: { region: 'us-east-1', endpoint },
    pruneIntervalSeconds: 0,
  });
  const readme = new StsTenantClientProvider<User>(readmeOptions(sts, endpoint));
  const user: User = { userId: 'u1', tenants: ['acme'] };
  const minimalClient = await minimal.clientFor('acme');
  const readmeClient = await readme.clientFor('acme', user);
  const naive = new Map([['acme', minimalClient]]);
  const naiveReadme = new Map([['acme', readmeClient]]);
  return {
    pairs: [
      {
        name: 'tenant cache hit',
        raw: async () => naive.get('acme'),
        fluent: () => minimal.clientFor('acme'),
      },
      {
        name: 'tenant cache hit, README options + principal',
        raw: async () => naiveReadme.get('acme'),
        fluent: () => readme.clientFor('acme', user),
      },
    ],
    close: async () => {
      await minimal.close();
      await readme.close();
    },
  };
}

/**
 * The first request of a new tenant: AssumeRole on the local STS and a
 * client with the credentials. Raw: an STSClient.send(AssumeRole) and a new
 * DynamoDBClient, as a hand-written per-tenant factory does; fluent:
 * clientFor() of a tenant not yet cached (checks, AssumeRole, cache entry,
 * scoped client). Every call is a new tenant.
 */
export function firstAssumeRoleCase(sts: LocalSts): { pair: NamedPair; close: () => Promise<void> } {
  const endpoint = 'http://127.0.0.1:9';
  const provider = new StsTenantClientProvider<User>({
    ...readmeOptions(sts, endpoint),
    maxCachedClients: 1_000_000,
  });
  const stsClient = new STSClient({ ...sts.clientConfig('app'), maxAttempts: 1 });
  let rawCount = 0;
  let fluentCount = 0;
  const clients: DynamoDBClient[] = [];
  return {
    pair: {
      name: 'first AssumeRole of a new tenant (local STS)',
      raw: async () => {
        const tenantId = `raw${rawCount++}`;
        const out = await stsClient.send(
          new AssumeRoleCommand({
            RoleArn: roleArnOf(tenantId),
            RoleSessionName: `tenant-${tenantId}-user-system`,
            DurationSeconds: 3600,
            ExternalId: EXTERNAL_ID,
            Tags: [
              { Key: 'TenantId', Value: tenantId },
              { Key: 'UserId', Value: 'unknown' },
            ],
          }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('no credentials');
        const client = new DynamoDBClient({
          region: 'us-east-1',
          endpoint,
          credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
        });
        // Kept, like the provider's cache keeps its clients, so neither side gets its garbage collected for free.
        clients.push(client);
        if (clients.length % 500 === 0) sts.reset();
        return client;
      },
      fluent: () => provider.clientFor(`fluent${fluentCount++}`),
    },
    close: async () => {
      for (const client of clients) client.destroy();
      stsClient.destroy();
      await provider.close();
    },
  };
}
