// Faults: throttling storms. Many tenants' batches at once against a proxy that throttles most requests and
// answers part of the rest as UnprocessedItems / UnprocessedKeys (never writing or reading them).
//
// - Batch builders retry with backoff until everything landed: every item exactly once (the proxy's log of what
//   it passed on), none lost.
// - When the storm outlasts the attempts, BatchIncompleteError (or returnUnprocessed()) lists exactly the items
//   that did not land, and everything else landed once.
// - Single requests: the SDK's retries, then a retryable DynamoRequestError ProvisionedThroughputExceededException,
//   and nothing written.
// - An item whose request lost its answer on an earlier attempt is reported as uncertain (it may have landed),
//   never as not written: also when the SDK's own retry of that request hands it back as UnprocessedItems.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test, { type ExecutionContext } from 'ava';
import {
  BatchGetItemRequestBuilder,
  BatchIncompleteError,
  BatchWriteItemRequestBuilder,
  createTable,
  DynamoRequestError,
  Repository,
  runWithClient,
} from '../../src/index.js';
import {
  forwardedKeys,
  forwardedWrites,
  pkOf,
  seededRandom,
  THROTTLE,
  withholdKeys,
  withholdWrites,
} from '../fault-proxy/batch-faults.js';
import { type FaultHandler, type FaultProxy, startFaultProxy } from '../fault-proxy/fault-proxy.js';
import { randomAlphanumeric, testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';
import { type Fault, startChaosProxy, THROTTLED } from './support/chaos-proxy.js';
import { faultClientFor } from './support/clients.js';
import { ItemKeys, TenantItem, tenantItem } from './support/entities.js';
import { figuresFor } from './support/figures.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'throttling');
const TENANTS = sized('RELIABILITY_STORM_TENANTS', 8, 4);
const PER_TENANT = 150;

interface Setup {
  readonly proxy: FaultProxy;
  readonly client: DynamoDBClient;
  readonly items: Repository<TenantItem>;
  readonly direct: Repository<TenantItem>;
  /** Throttled answers and withheld items, counted by the handler. */
  readonly injected: { count: number };
}

async function setup(
  t: ExecutionContext,
  handler: (call: Parameters<FaultHandler>[0], injected: { count: number }) => ReturnType<FaultHandler>,
): Promise<Setup> {
  const accessKeyId = `s${randomAlphanumeric(12)}`;
  const directClient = testClient(accessKeyId);
  t.teardown(() => directClient.destroy());
  const tableName = uniqueTableName('storm');
  await createTable(directClient, TenantItem, { tableName });
  const injected = { count: 0 };
  const proxy = await startFaultProxy(testEndpoint(), (call) => handler(call, injected));
  t.teardown(() => proxy.close());
  // No SDK retries: every attempt is the batch builder's own.
  const client = faultClientFor(t, proxy.endpoint, { accessKeyId, maxAttempts: 1, requestTimeoutMs: 5_000 });
  t.teardown(() => figures.add({ faultsInjected: injected.count, operations: proxy.calls.length }));
  return {
    proxy,
    client,
    injected,
    items: new Repository(TenantItem, { client, tableName }),
    direct: new Repository(TenantItem, { client: directClient, tableName }),
  };
}

async function storedKeys(direct: Repository<TenantItem>, tenants: number): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < tenants; i++) {
    const tenantId = `st${i}`;
    const items = await direct.query
      .where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId }))
      .consistentRead()
      .all();
    for (const item of items) out.add(`TENANT#${tenantId}|ITEM#${item.itemId}`);
  }
  return out;
}

function tenantBatch(s: Setup, tenant: number, retry: { maxAttempts: number }): BatchWriteItemRequestBuilder {
  const batch = new BatchWriteItemRequestBuilder(s.client)
    .skipVersionChecks()
    .concurrency(3)
    .withRetry({ baseDelayMs: 1, maxDelayMs: 15, ...retry });
  for (let i = 0; i < PER_TENANT; i++) {
    batch.put(s.items, (b) => b.withItem(tenantItem(`st${tenant}`, `i${i}`, i, [`st${tenant}.${i}`])));
  }
  return batch;
}

test.serial(
  'a storm of throttling and unprocessed items over many tenants: every batch lands every item exactly once',
  async (t) => {
    const random = seededRandom(0x570);
    const s = await setup(t, (call, injected) => {
      if (call.operation !== 'BatchWriteItem') return { kind: 'forward' };
      if (random() < 0.6) {
        injected.count += 1;
        return THROTTLE;
      }
      return withholdWrites(call.body, () => {
        const hold = random() < 0.3;
        if (hold) injected.count += 1;
        return hold;
      });
    });
    let retries = 0;
    const results = await Promise.all(
      Array.from({ length: TENANTS }, (_, i) =>
        tenantBatch(s, i, { maxAttempts: 60 })
          .withRetry({ maxAttempts: 60, baseDelayMs: 1, maxDelayMs: 15, onRetry: () => (retries += 1) })
          .execute(),
      ),
    );
    const total = TENANTS * PER_TENANT;
    t.is(
      results.reduce((n, r) => n + r.processed, 0),
      total,
    );
    const written = forwardedWrites(s.proxy.forwarded);
    t.is(written.length, total, 'no item was passed on twice');
    t.is(new Set(written).size, total, 'no item was lost');
    t.is((await storedKeys(s.direct, TENANTS)).size, total);
    t.log(
      `${s.injected.count} faults (throttled requests and withheld items), ${retries} backoff waits, ${s.proxy.calls.length} requests`,
    );
    figures.add({ writesVerified: total });
  },
);

test.serial('a storm that outlasts the retries: each tenant is told exactly which items did not land', async (t) => {
  const random = seededRandom(0x571);
  // Items i % 11 === 5 never get through; the rest are throttled half of the time.
  const stuck = (pk: string) => Number(/ITEM#i(\d+)/.exec(pk)?.[1]) % 11 === 5;
  const s = await setup(t, (call, injected) => {
    if (call.operation !== 'BatchWriteItem') return { kind: 'forward' };
    if (random() < 0.5) {
      injected.count += 1;
      return THROTTLE;
    }
    return withholdWrites(call.body, (_, request) => {
      const hold = stuck(String(request.PutRequest?.Item?.sk?.S));
      if (hold) injected.count += 1;
      return hold;
    });
  });
  const outcomes = await Promise.all(
    Array.from({ length: TENANTS }, async (_, i) => {
      const batch = tenantBatch(s, i, { maxAttempts: 6 });
      // Half the tenants ask for the result, the other half get the error.
      if (i % 2 === 0) return { tenant: i, unprocessed: (await batch.returnUnprocessed().execute()).unprocessed };
      const error = await t.throwsAsync(batch.execute(), { instanceOf: BatchIncompleteError });
      t.is(error?.operation, 'BatchWriteItem');
      t.is((error?.processed ?? 0) + (error?.unprocessed.length ?? 0), PER_TENANT, 'processed + unprocessed = all');
      return { tenant: i, unprocessed: error?.unprocessed ?? [] };
    }),
  );
  const stored = await storedKeys(s.direct, TENANTS);
  const reported = new Set<string>();
  for (const { tenant, unprocessed } of outcomes) {
    for (const u of unprocessed) {
      t.is(u.kind, 'put');
      t.is(u.item?.tenantId?.S, `st${tenant}`);
      t.is(u.index, Number(u.item?.value?.N), 'index points at the put that did not land');
      reported.add(pkOf(u.item));
    }
  }
  const all = Array.from({ length: TENANTS }, (_, tn) =>
    Array.from({ length: PER_TENANT }, (_, i) => `TENANT#st${tn}|ITEM#i${i}`),
  ).flat();
  const notStored = all.filter((k) => !stored.has(k));
  t.deepEqual([...reported].sort(), notStored.sort(), 'reported as not landed = not stored, exactly');
  t.true(notStored.some(stuck), 'the stuck items are among them');
  const written = forwardedWrites(s.proxy.forwarded);
  t.is(written.length, new Set(written).size, 'nothing passed on twice');
  t.log(
    `${notStored.length} of ${all.length} items reported as not landed (${all.filter(stuck).length} stuck); ${s.injected.count} faults`,
  );
  figures.add({ writesVerified: stored.size, failuresVerifiedAbsent: notStored.length });
});

test.serial('batch get in a storm: every key read exactly once, or reported', async (t) => {
  const random = seededRandom(0x572);
  const s = await setup(t, (call, injected) => {
    if (call.operation !== 'BatchGetItem') return { kind: 'forward' };
    if (random() < 0.5) {
      injected.count += 1;
      return THROTTLE;
    }
    return withholdKeys(call.body, () => {
      const hold = random() < 0.3;
      if (hold) injected.count += 1;
      return hold;
    });
  });
  const seed = new BatchWriteItemRequestBuilder(s.direct.client).skipVersionChecks();
  for (let i = 0; i < 300; i++) seed.put(s.direct, (b) => b.withItem(tenantItem('st0', `g${i}`, i, [`g${i}`])));
  await seed.execute();
  const batch = new BatchGetItemRequestBuilder(s.client).withRetry({ maxAttempts: 60, baseDelayMs: 1, maxDelayMs: 15 });
  for (let i = 0; i < 300; i++) batch.get(s.items, (b) => b.withKey({ tenantId: 'st0', itemId: `g${i}` }));
  const result = await batch.execute();
  const found = result.inRequestOrder(s.items);
  t.true(found.every((item, i) => item?.itemId === `g${i}` && item.value === i));
  const read = forwardedKeys(s.proxy.forwarded);
  t.is(read.length, 300, 'no key read twice');
  t.is(new Set(read).size, 300);
});

test.serial(
  'single requests in a storm: the SDK retries, then a retryable DynamoRequestError; nothing half-done',
  async (t) => {
    const random = seededRandom(0x573);
    const accessKeyId = `s${randomAlphanumeric(12)}`;
    const directClient = testClient(accessKeyId);
    t.teardown(() => directClient.destroy());
    const tableName = uniqueTableName('storm-single');
    await createTable(directClient, TenantItem, { tableName });
    const proxy = await startChaosProxy(testEndpoint(), {
      decide: ({ operation }) => (operation === 'PutItem' && random() < 0.75 ? THROTTLED : { kind: 'forward' }),
    });
    t.teardown(() => proxy.close());
    const client = faultClientFor(t, proxy.endpoint, { accessKeyId, maxAttempts: 3, requestTimeoutMs: 5_000 });
    const items = new Repository(TenantItem, { client, tableName });
    const direct = new Repository(TenantItem, { client: directClient, tableName });
    const acknowledged: string[] = [];
    const refused: string[] = [];
    await runWithClient(client, () =>
      Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          try {
            await items.put.withItem(tenantItem('st0', `p${i}`, i, [`p${i}`])).execute();
            acknowledged.push(`p${i}`);
          } catch (error) {
            t.true(error instanceof DynamoRequestError);
            t.is((error as DynamoRequestError).code, 'ProvisionedThroughputExceededException');
            t.true((error as DynamoRequestError).retryable);
            refused.push(`p${i}`);
          }
        }),
      ),
    );
    const stored = (
      await direct.query
        .where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId: 'st0' }))
        .consistentRead()
        .all()
    ).map((i) => i.itemId);
    t.deepEqual(stored.sort(), [...acknowledged].sort(), 'acknowledged = stored; refused = absent');
    t.true(
      refused.length > 0 && acknowledged.length > 0,
      `${acknowledged.length} acknowledged, ${refused.length} refused`,
    );
    figures.add({
      operations: 60,
      faultsInjected: proxy.faults(),
      writesVerified: acknowledged.length,
      failuresVerifiedAbsent: refused.length,
    });
  },
);

/** How the proxy answers every BatchWriteItem after the first (given the request's body). */
type LaterAnswer = (body: Record<string, unknown>) => Fault;

/** DynamoDB's answer when it processed none of a BatchWriteItem's writes (a hot partition): all handed back. */
const NONE_PROCESSED: LaterAnswer = (body) => ({
  kind: 'reply',
  status: 200,
  body: { UnprocessedItems: body.RequestItems },
});

/**
 * A table behind a proxy that applies the first BatchWriteItem and cuts its answer, and answers every later one
 * as `later` says (throttled unless told otherwise);
 * `sdkAttempts` is the client's own maxAttempts. `stored` reads a tenant's items back past the proxy.
 */
async function lostThenThrottled(
  t: ExecutionContext,
  name: string,
  sdkAttempts: number,
  later: LaterAnswer = () => THROTTLED,
) {
  const accessKeyId = `s${randomAlphanumeric(12)}`;
  const directClient = testClient(accessKeyId);
  t.teardown(() => directClient.destroy());
  const tableName = uniqueTableName(name);
  await createTable(directClient, TenantItem, { tableName });
  let n = 0;
  const proxy = await startChaosProxy(testEndpoint(), {
    decide: ({ operation, body }) => {
      if (operation !== 'BatchWriteItem') return { kind: 'forward' };
      n += 1;
      return n === 1 ? { kind: 'reset-after' } : later(body);
    },
  });
  t.teardown(() => proxy.close());
  const client = faultClientFor(t, proxy.endpoint, { accessKeyId, maxAttempts: sdkAttempts, requestTimeoutMs: 5_000 });
  const direct = new Repository(TenantItem, { client: directClient, tableName });
  const stored = async (tenantId: string) =>
    (await direct.query.where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId })).consistentRead().all()).map(
      (i) => i.itemId,
    );
  return { proxy, client, items: new Repository(TenantItem, { client, tableName }), stored };
}

test.serial(
  "the SDK's own retries are watched too: a lost answer then a throttled retry inside one request is uncertain; throttling alone is not",
  async (t) => {
    // Requests 1-2: one BatchWriteItem with the SDK's two attempts (reset after applying, then throttled).
    // Requests 3-4: the builder's second attempt, throttled twice. Then the other batch: throttled throughout.
    const { proxy, client, items, stored } = await lostThenThrottled(t, 'storm-sdk-retry', 2);
    const batchOf = (prefix: string) => {
      const batch = new BatchWriteItemRequestBuilder(client)
        .skipVersionChecks()
        .withRetry({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 });
      for (let i = 0; i < 5; i++) batch.put(items, (b) => b.withItem(tenantItem('st1', `${prefix}${i}`, i, [])));
      return batch;
    };
    const lost = await t.throwsAsync(batchOf('a').execute(), { instanceOf: BatchIncompleteError });
    const throttled = await t.throwsAsync(batchOf('b').execute(), { instanceOf: BatchIncompleteError });
    await proxy.settled();
    figures.add({ operations: proxy.calls.length, faultsInjected: proxy.faults() });
    t.deepEqual(
      (await stored('st1')).sort(),
      ['a0', 'a1', 'a2', 'a3', 'a4'],
      'the first attempt of the first batch landed',
    );
    t.deepEqual([lost?.unprocessed.length, lost?.uncertain.length], [0, 5]);
    t.deepEqual([throttled?.unprocessed.length, throttled?.uncertain.length], [5, 0], 'throttled only: not written');
    figures.add({ writesVerified: 5, failuresVerifiedAbsent: 5 });
  },
);

test.serial(
  'a write whose answer was lost, then handed back unprocessed by the SDK\'s retry, is uncertain, not "not written"',
  async (t) => {
    // Request 1: the SDK's first attempt is applied and its answer cut; its second attempt is answered with
    // every write as UnprocessedItems. The builder's one attempt ends there.
    const { proxy, client, items, stored } = await lostThenThrottled(t, 'storm-lost-unprocessed', 2, NONE_PROCESSED);
    const batch = new BatchWriteItemRequestBuilder(client).skipVersionChecks().withRetry({ maxAttempts: 1 });
    for (let i = 0; i < 5; i++) batch.put(items, (b) => b.withItem(tenantItem('st2', `u${i}`, i, [])));
    const error = await t.throwsAsync(batch.execute(), { instanceOf: BatchIncompleteError });
    await proxy.settled();
    figures.add({ operations: proxy.calls.length, faultsInjected: proxy.faults() });
    t.deepEqual((await stored('st2')).sort(), ['u0', 'u1', 'u2', 'u3', 'u4'], 'the lost attempt landed');
    t.deepEqual(error?.unprocessed, [], 'writes that landed are not reported as not written');
    t.deepEqual(
      error?.uncertain.map((u) => u.index),
      [0, 1, 2, 3, 4],
    );
    figures.add({ writesVerified: 5 });
  },
);

test.serial(
  'a write whose answer was lost, then throttled, is reported as uncertain, not as "not written" (it had landed)',
  async (t) => {
    const { proxy, client, items, stored: storedOf } = await lostThenThrottled(t, 'storm-lost-answer', 1);
    const batch = new BatchWriteItemRequestBuilder(client)
      .skipVersionChecks()
      .withRetry({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 });
    for (let i = 0; i < 10; i++) batch.put(items, (b) => b.withItem(tenantItem('st0', `l${i}`, i, [`l${i}`])));
    const error = await t.throwsAsync(batch.execute(), { instanceOf: BatchIncompleteError });
    figures.add({ operations: proxy.calls.length, faultsInjected: proxy.faults() });
    await proxy.settled();
    const stored = await storedOf('st0');
    t.log(
      `reported not written: ${error?.unprocessed.length}, uncertain: ${error?.uncertain.length}; actually stored: ${stored.length}`,
    );
    // The documented contract: `unprocessed` lists exactly the operations that did not land, `uncertain` those
    // whose request lost its answer: here the first request was applied, then its answer cut.
    t.is(stored.length, 10);
    t.deepEqual(error?.unprocessed, []);
    t.deepEqual(
      error?.uncertain.map((u) => u.index),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    t.is(error?.processed, 0, 'none is known to have landed');
    t.regex(error?.message ?? '', /10 of 10 may or may not have been written, still unprocessed after 3 attempt/);
  },
);
