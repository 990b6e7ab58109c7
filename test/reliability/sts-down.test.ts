// Faults: STS down. A proxy in front of the local STS resets every connection while "down" and counts every
// request that reaches it; a second proxy in front of DynamoDB Local signs all tenants' requests as one access
// key, so every tenant's STS session writes to the same database.
//
// - Tenants with cached credentials keep working while STS is down: no STS request at all while fresh; past the
//   renewal point, one failed renewal per tenant per retry delay, and the current credentials keep serving;
//   past expiry, a retryable TenantCredentialsError (nothing sent to DynamoDB).
// - New tenants get a retryable TenantCredentialsError; concurrent requests of a tenant share one AssumeRole.
// - A failure a retry may fix is backed off per tenant (retryBackoffSeconds, doubling up to negativeCacheSeconds):
//   waves of requests for a tenant that cannot get credentials cost one STS request per backoff, not one per wave.
// - When STS is back, everybody works again once their backoff has run out, with one AssumeRole per tenant.
import test from 'ava';
import { createTable, Repository, StsTenantClientProvider, TenantCredentialsError } from '../../src/index.js';
import { startLocalSts } from '../../src/testing/index.js';
import { randomAlphanumeric, testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';
import { startChaosProxy } from './support/chaos-proxy.js';
import { ItemKeys, TenantItem, tenantItem } from './support/entities.js';
import { figuresFor } from './support/figures.js';
import { Tally } from './support/outcomes.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'sts-down');
const WAVES = sized('RELIABILITY_STS_WAVES', 6, 3);
const CONCURRENT = 5;
const HOUR = 3_600_000;

async function stack(t: import('ava').ExecutionContext) {
  const sts = await startLocalSts({ clock: { frozen: true } });
  t.teardown(() => sts.stop());
  const state = { down: false };
  const stsProxy = await startChaosProxy(sts.endpoint, {
    decide: () => (state.down ? { kind: 'reset-before' } : { kind: 'forward' }),
  });
  t.teardown(() => stsProxy.close());
  const dbKey = `sd${randomAlphanumeric(12)}`;
  const dynamoProxy = await startChaosProxy(testEndpoint(), { rewriteAccessKeyId: dbKey });
  t.teardown(() => dynamoProxy.close());
  const direct = testClient(dbKey);
  t.teardown(() => direct.destroy());
  const tableName = uniqueTableName('sts-down');
  await createTable(direct, TenantItem, { tableName });
  const provider = new StsTenantClientProvider({
    roleArn: (tenantId) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`,
    // No SDK retries: one AssumeRole is one request, so the proxy's count is the provider's.
    sts: { ...sts.clientConfig('appcaller'), endpoint: stsProxy.endpoint, maxAttempts: 1 },
    dynamo: { region: 'us-east-1', endpoint: dynamoProxy.endpoint, maxAttempts: 1 },
    clock: () => sts.clock.now(),
    durationSeconds: 3600,
    refreshBeforeExpirySeconds: 300,
    pruneIntervalSeconds: 0,
    isolation: {},
  });
  t.teardown(() => provider.close());
  const items = new Repository(TenantItem, { client: direct, tableName });
  /** STS requests that reached the proxy (down or not). */
  const stsRequests = () => stsProxy.calls.filter((c) => c.operation === 'AssumeRole').length;
  return { sts, state, stsProxy, dynamoProxy, provider, items, stsRequests };
}

test.serial(
  'STS down: cached tenants keep working until expiry, new tenants get TenantCredentialsError, STS sees one request per tenant, not per request',
  async (t) => {
    const s = await stack(t);
    const cached = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    const fresh = ['foxtrot', 'golf', 'hotel', 'india', 'juliett'];
    const acknowledged: Array<[string, string]> = [];
    const refused: Array<[string, string]> = [];
    const errors = new Tally();
    let operations = 0;
    let seq = 0;

    /** WAVES waves; in each, CONCURRENT puts per tenant at once. Records what was acknowledged and refused. */
    const waves = async (tenants: readonly string[], expect: 'ok' | 'refused' | 'any', between?: () => void) => {
      for (let wave = 0; wave < WAVES; wave++) {
        await Promise.all(
          tenants.flatMap((tenantId) =>
            Array.from({ length: CONCURRENT }, async () => {
              seq += 1;
              const itemId = `w${seq}`;
              operations += 1;
              try {
                await s.provider.run(tenantId, undefined, () =>
                  s.items.put.withItem(tenantItem(tenantId, itemId, seq, [itemId])).execute(),
                );
                acknowledged.push([tenantId, itemId]);
                if (expect === 'refused') t.fail(`${tenantId}/${itemId} was written while it should have been refused`);
              } catch (error) {
                if (!(error instanceof TenantCredentialsError)) throw error;
                errors.add(`TenantCredentialsError:${error.code}`);
                t.true(error.retryable, 'STS unreachable is retryable');
                refused.push([tenantId, itemId]);
                if (expect === 'ok') t.fail(`${tenantId}/${itemId}: ${error.message}`);
              }
            }),
          ),
        );
        between?.();
      }
    };

    // Up: five tenants get their credentials, once each.
    await waves(cached, 'ok');
    t.is(s.stsRequests(), cached.length, `one AssumeRole per tenant for ${WAVES * CONCURRENT} requests each`);

    // Down.
    s.state.down = true;
    let before = s.stsRequests();
    await waves(cached, 'ok');
    t.is(s.stsRequests() - before, 0, 'cached and fresh: STS not asked at all');

    before = s.stsRequests();
    const dynamoBefore = s.dynamoProxy.calls.length;
    await waves(fresh, 'refused');
    const newTenantRequests = s.stsRequests() - before;
    // Single flight within a wave, and the backoff across waves (the clock does not move): one request per tenant.
    t.is(
      newTenantRequests,
      fresh.length,
      `${newTenantRequests} STS requests for ${WAVES * fresh.length * CONCURRENT} calls of ${fresh.length} tenants`,
    );
    t.is(s.dynamoProxy.calls.length, dynamoBefore, 'nothing was sent to DynamoDB without credentials');

    // Past the renewal point (expiry - 300 s), still valid: renewals fail, the current credentials keep serving.
    s.sts.clock.advance(HOUR - 300_000 + 1_000);
    before = s.stsRequests();
    await waves(cached, 'ok');
    t.is(s.stsRequests() - before, cached.length, 'one failed renewal per tenant, then the current credentials serve');
    s.sts.clock.advance(31_000);
    before = s.stsRequests();
    await waves(cached, 'ok');
    t.is(s.stsRequests() - before, cached.length, 'one more per tenant after the retry delay (negativeCacheSeconds)');

    // Past expiry: refused before sending, retryable.
    s.sts.clock.advance(300_000);
    before = s.stsRequests();
    const dynamoBeforeExpiry = s.dynamoProxy.calls.length;
    await waves(cached, 'refused');
    const expiredRequests = s.stsRequests() - before;
    t.is(
      expiredRequests,
      cached.length,
      `${expiredRequests} STS requests for ${WAVES * cached.length * CONCURRENT} calls`,
    );
    t.is(s.dynamoProxy.calls.length, dynamoBeforeExpiry, 'expired credentials are not used');

    // Up again: the first request of a tenant still within its backoff gets the remembered failure at once; once
    // the backoff (at most negativeCacheSeconds, 30 s) has run out, everybody works, one AssumeRole per tenant.
    s.state.down = false;
    before = s.stsRequests();
    const dynamoBeforeUp = s.dynamoProxy.calls.length;
    await waves(['alpha'], 'refused');
    t.is(s.stsRequests(), before, 'within the backoff: not asked');
    t.is(s.dynamoProxy.calls.length, dynamoBeforeUp);
    s.sts.clock.advance(30_000);
    await waves([...cached, ...fresh], 'ok');
    t.is(s.stsRequests() - before, cached.length + fresh.length);

    // Every acknowledged write is there, every refused one is not: the tenants' partitions hold exactly the former.
    const stored = new Set<string>();
    for (const tenantId of [...cached, ...fresh]) {
      const items = await s.items.query
        .where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId }))
        .consistentRead()
        .all();
      for (const item of items)
        if (item.ops?.length === 1 && item.ops[0] === item.itemId) stored.add(`${tenantId}/${item.itemId}`);
    }
    const verified = acknowledged.filter(([tenantId, itemId]) => stored.has(`${tenantId}/${itemId}`)).length;
    const absent = refused.filter(([tenantId, itemId]) => !stored.has(`${tenantId}/${itemId}`)).length;
    t.is(verified, acknowledged.length);
    t.is(absent, refused.length);
    t.is(stored.size, acknowledged.length);
    t.log(
      `${operations} tenant requests; STS requests ${s.stsRequests()} (refused while down: ${s.stsProxy.faults()}); ` +
        `new tenants while down: ${newTenantRequests} STS requests; expired tenants: ${expiredRequests}; errors: ${errors.toString()}`,
    );
    figures.add({
      operations,
      faultsInjected: s.stsProxy.faults(),
      writesVerified: verified,
      failuresVerifiedAbsent: absent,
    });
  },
);

test.serial(
  'while STS is down, a tenant that cannot get credentials costs at most one STS request per retry delay, not one per wave of requests',
  async (t) => {
    const s = await stack(t);
    s.state.down = true;
    for (let wave = 0; wave < WAVES; wave++) {
      await Promise.all(
        Array.from({ length: CONCURRENT }, () =>
          s.provider
            .run('kilo', undefined, () => undefined)
            .catch((error: unknown) => {
              if (!(error instanceof TenantCredentialsError)) throw error;
            }),
        ),
      );
    }
    figures.add({ operations: WAVES * CONCURRENT, faultsInjected: s.stsProxy.faults() });
    t.log(`${s.stsRequests()} STS requests for ${WAVES} waves of ${CONCURRENT} (the clock did not move)`);
    t.is(s.stsRequests(), 1);
  },
);
