// Faults: connection resets and slow responses, injected by an HTTP proxy in front of DynamoDB Local.
//
// - A slow answer: the request timeout fires (DynamoRequestError TimeoutError, retryable), and the write whose
//   answer never came is found applied exactly once.
// - A reset before DynamoDB saw the request: nothing written. A reset after it applied the write: the SDK retries,
//   and a conditional write (@Version put, expectVersion update, attribute_not_exists) detects its own earlier
//   attempt instead of applying twice; an unconditional ADD, as a control, is applied twice.
// - Transactions: the SDK's retry reuses the ClientRequestToken, so a TransactWrite whose answer was lost is
//   applied once; an application retry is applied once with withClientRequestToken (twice without, as documented).
// - Reads: a query interrupted by faults resumes from its cursor with every item exactly once.
// - Batches under resets: every item lands exactly once.
// - createDynamoClient's timeouts.requestMs fires (throwOnRequestTimeout).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test, { type ExecutionContext } from 'ava';
import {
  BatchWriteItemRequestBuilder,
  ConditionalCheckFailedError,
  createDynamoClient,
  createTable,
  DynamoRequestError,
  ItemExistsError,
  Repository,
  TransactWriteItemsRequestBuilder,
  VersionConflictError,
} from '../../src/index.js';
import { randomAlphanumeric, testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';
import { type ChaosProxy, type Fault, startChaosProxy } from './support/chaos-proxy.js';
import { faultClientFor } from './support/clients.js';
import { Counter, CounterFields, ItemFields, ItemKeys, TenantItem, tenantItem } from './support/entities.js';
import { figuresFor } from './support/figures.js';

const figures = figuresFor(test, 'network-faults');
// DynamoDB Local answers in milliseconds, but the first requests of a cold JVM on a busy machine can take hundreds.
const SLOW_MS = 5_000;
const TIMEOUT_MS = 2_000;

interface Setup {
  readonly proxy: ChaosProxy;
  /** Through the proxy. */
  readonly client: DynamoDBClient;
  readonly items: Repository<TenantItem>;
  readonly counters: Repository<Counter>;
  /** Straight to DynamoDB Local. */
  readonly direct: { items: Repository<TenantItem>; counters: Repository<Counter> };
}

/** Faults for the n-th call (0-based) of each operation named, in order; everything else is forwarded. */
function plan(faults: Record<string, ReadonlyArray<Fault | undefined>>): (call: { operation: string }) => Fault {
  const seen = new Map<string, number>();
  return ({ operation }) => {
    const n = seen.get(operation) ?? 0;
    seen.set(operation, n + 1);
    return faults[operation]?.[n] ?? { kind: 'forward' };
  };
}

async function setup(
  t: ExecutionContext,
  maxAttempts: number,
  decide?: (call: { operation: string }) => Fault,
): Promise<Setup> {
  const accessKeyId = `n${randomAlphanumeric(12)}`;
  const directClient = testClient(accessKeyId);
  t.teardown(() => directClient.destroy());
  const itemsTable = uniqueTableName('net-items');
  const countersTable = uniqueTableName('net-counters');
  await createTable(directClient, TenantItem, { tableName: itemsTable });
  await createTable(directClient, Counter, { tableName: countersTable });
  const proxy = await startChaosProxy(testEndpoint(), { decide });
  t.teardown(() => proxy.close());
  const client = faultClientFor(t, proxy.endpoint, { accessKeyId, maxAttempts, requestTimeoutMs: TIMEOUT_MS });
  t.teardown(() => figures.add({ faultsInjected: proxy.faults(), operations: proxy.calls.length }));
  return {
    proxy,
    client,
    items: new Repository(TenantItem, { client, tableName: itemsTable }),
    counters: new Repository(Counter, { client, tableName: countersTable }),
    direct: {
      items: new Repository(TenantItem, { client: directClient, tableName: itemsTable }),
      counters: new Repository(Counter, { client: directClient, tableName: countersTable }),
    },
  };
}

const forwardedCount = (proxy: ChaosProxy, operation: string) =>
  proxy.forwarded.filter((f) => f.operation === operation).length;

async function stored(s: Setup, itemId: string): Promise<TenantItem | undefined> {
  await s.proxy.settled();
  return (await s.direct.items.get.withKey({ tenantId: 'net', itemId }).consistentRead().execute()).item;
}

test('a slow answer: the request timeout fires as a retryable DynamoRequestError, and the unconfirmed write is applied once', async (t) => {
  const s = await setup(t, 1, plan({ PutItem: [{ kind: 'delay-response', ms: SLOW_MS }] }));
  const started = Date.now();
  const error = await t.throwsAsync(s.items.put.withItem(tenantItem('net', 'slow', 1, ['op1'])).execute(), {
    instanceOf: DynamoRequestError,
  });
  const elapsed = Date.now() - started;
  t.is((error as DynamoRequestError).code, 'TimeoutError');
  t.true((error as DynamoRequestError).retryable);
  t.regex(error?.message ?? '', /PutItem on .* \(pk=TENANT#net, sk=ITEM#slow\) failed: TimeoutError/);
  t.true(elapsed < SLOW_MS, `gave up after ${elapsed} ms, before the answer came (${SLOW_MS} ms)`);
  await s.proxy.settled();
  const item = await stored(s, 'slow');
  t.deepEqual(
    [item?.version, item?.ops],
    [1, ['op1']],
    'DynamoDB applied it (once): the outcome was unknown, not failed',
  );
  figures.add({ unknownOutcomes: 1, unknownApplied: 1 });
});

test('createDynamoClient({ timeouts: { requestMs } }) gives up on a slow answer', async (t) => {
  const accessKeyId = `n${randomAlphanumeric(12)}`;
  const proxy = await startChaosProxy(testEndpoint(), {
    decide: plan({ ListTables: [{ kind: 'delay-response', ms: SLOW_MS }] }),
  });
  t.teardown(() => proxy.close());
  const client = createDynamoClient({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'local' },
    maxAttempts: 1,
    timeouts: { requestMs: TIMEOUT_MS },
    config: { logger: { debug() {}, info() {}, warn() {}, error() {} } },
  });
  t.teardown(() => client.destroy());
  const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const started = Date.now();
  figures.add({ operations: 1, faultsInjected: 1 });
  const error = await t.throwsAsync(client.send(new ListTablesCommand({})));
  t.is(error?.name, 'TimeoutError');
  t.true(Date.now() - started < SLOW_MS);
});

test('a reset before DynamoDB saw the request: a named, retryable error, and nothing is written', async (t) => {
  const s = await setup(t, 1, plan({ PutItem: [{ kind: 'reset-before' }] }));
  const error = await t.throwsAsync(s.items.put.withItem(tenantItem('net', 'never', 1, ['op1'])).execute(), {
    instanceOf: DynamoRequestError,
  });
  t.true((error as DynamoRequestError).retryable, (error as DynamoRequestError).code);
  t.is(forwardedCount(s.proxy, 'PutItem'), 0);
  t.is(await stored(s, 'never'), undefined);
  figures.add({ failuresVerifiedAbsent: 1 });
});

test('a reset after DynamoDB applied a @Version put: the SDK retry is refused as an ItemExistsError, and the item is written once', async (t) => {
  const s = await setup(t, 2, plan({ PutItem: [{ kind: 'reset-after' }] }));
  const error = await t.throwsAsync(s.items.put.withItem(tenantItem('net', 'p', 1, ['op1'])).execute(), {
    instanceOf: ItemExistsError,
  });
  t.regex(error?.message ?? '', /an item with this key already exists/);
  t.is(forwardedCount(s.proxy, 'PutItem'), 2, 'DynamoDB saw the write twice');
  const item = await stored(s, 'p');
  t.deepEqual([item?.version, item?.ops], [1, ['op1']], 'and applied it once');
  // The conflict carries the stored item: it is the caller's own write, so it can tell it landed.
  t.deepEqual((error as ItemExistsError).item?.ops, { L: [{ S: 'op1' }] });
  t.true((error as ItemExistsError).afterRetry, 'the error says the SDK retried');
  t.regex(error?.message ?? '', /sent this request 2 times after a lost answer/);
  figures.add({ writesVerified: 1, unknownOutcomes: 1, unknownApplied: 1 });
});

test('a reset after DynamoDB applied an expectVersion update: the retry is a VersionConflictError, the item is updated once', async (t) => {
  const s = await setup(t, 2, plan({ UpdateItem: [{ kind: 'reset-after' }] }));
  await s.direct.items.put.withItem(tenantItem('net', 'u', 1, ['op1'])).execute();
  const error = await t.throwsAsync(
    s.items.update
      .withKey({ tenantId: 'net', itemId: 'u' })
      .set(`SET ${ItemFields.value} = {0}, ${ItemFields.ops} = list_append(${ItemFields.ops}, {1})`, 2, ['op2'])
      .expectVersion(1)
      .execute(),
    { instanceOf: VersionConflictError },
  );
  t.true(error?.afterRetry);
  t.is(forwardedCount(s.proxy, 'UpdateItem'), 2);
  const item = await stored(s, 'u');
  t.deepEqual([item?.version, item?.value, item?.ops], [2, 2, ['op1', 'op2']]);
  figures.add({ writesVerified: 2, unknownOutcomes: 1, unknownApplied: 1 });
});

test('a reset after DynamoDB applied an attribute_not_exists put: the retry is a ConditionalCheckFailedError, written once', async (t) => {
  const s = await setup(t, 2, plan({ PutItem: [{ kind: 'reset-after' }] }));
  const error = await t.throwsAsync(
    s.counters.put
      .withItem(Object.assign(new Counter(), { id: 'c', hits: 1, note: 'first' }))
      .where(`attribute_not_exists(${CounterFields.id})`)
      .execute(),
    { instanceOf: ConditionalCheckFailedError },
  );
  t.true(error?.afterRetry);
  // The same refusal without a lost answer: not flagged.
  const plain = await t.throwsAsync(
    s.direct.counters.put
      .withItem(Object.assign(new Counter(), { id: 'c', hits: 1 }))
      .where(`attribute_not_exists(${CounterFields.id})`)
      .execute(),
    { instanceOf: ConditionalCheckFailedError },
  );
  t.false(plain?.afterRetry);
  t.notRegex(plain?.message ?? '', /lost answer/);
  await s.proxy.settled();
  const { item } = await s.direct.counters.get.withKey({ id: 'c' }).consistentRead().execute();
  t.deepEqual([item?.hits, item?.note], [1, 'first']);
  figures.add({ writesVerified: 1, unknownOutcomes: 1, unknownApplied: 1 });
});

test('control: without a condition, a write whose answer was lost is applied twice by the SDK retry (what the conditions above prevent)', async (t) => {
  const s = await setup(t, 2, plan({ UpdateItem: [{ kind: 'reset-after' }] }));
  await s.direct.counters.put.withItem(Object.assign(new Counter(), { id: 'c', hits: 0 })).execute();
  await s.counters.update.withKey({ id: 'c' }).set(`ADD ${CounterFields.hits} {0}`, 1).execute();
  await s.proxy.settled();
  const { item } = await s.direct.counters.get.withKey({ id: 'c' }).consistentRead().execute();
  t.is(item?.hits, 2, 'one call, two increments');
});

test('an answer cut in the middle: a named error, and the write is applied once', async (t) => {
  const s = await setup(t, 1, plan({ PutItem: [{ kind: 'truncate-after' }] }));
  const error = await t.throwsAsync(s.items.put.withItem(tenantItem('net', 'cut', 1, ['op1'])).execute(), {
    instanceOf: DynamoRequestError,
  });
  t.log(
    `a cut answer is DynamoRequestError code=${(error as DynamoRequestError).code} retryable=${(error as DynamoRequestError).retryable}`,
  );
  const item = await stored(s, 'cut');
  t.deepEqual([item?.version, item?.ops], [1, ['op1']]);
  figures.add({ unknownOutcomes: 1, unknownApplied: 1 });
});

test('a TransactWrite whose answer was lost: the SDK retries with the same ClientRequestToken, and it is applied once', async (t) => {
  const s = await setup(t, 3, plan({ TransactWriteItems: [{ kind: 'reset-after' }, { kind: 'truncate-after' }] }));
  await s.direct.counters.put.withItem(Object.assign(new Counter(), { id: 'a', hits: 0 })).execute();
  await s.direct.counters.put.withItem(Object.assign(new Counter(), { id: 'b', hits: 0 })).execute();
  const tx = new TransactWriteItemsRequestBuilder(s.client);
  // Unconditional increments: only the token keeps them from being applied three times.
  tx.update(s.counters, (u) => u.withKey({ id: 'a' }).set(`ADD ${CounterFields.hits} {0}`, 1));
  tx.update(s.counters, (u) => u.withKey({ id: 'b' }).set(`ADD ${CounterFields.hits} {0}`, 1));
  const result = await tx.execute();
  await s.proxy.settled();
  const sent = s.proxy.forwarded.filter((f) => f.operation === 'TransactWriteItems');
  t.is(sent.length, 3, 'DynamoDB saw it three times');
  t.deepEqual(
    sent.map((f) => f.body.ClientRequestToken),
    [result.clientRequestToken, result.clientRequestToken, result.clientRequestToken],
  );
  for (const id of ['a', 'b']) {
    const { item } = await s.direct.counters.get.withKey({ id }).consistentRead().execute();
    t.is(item?.hits, 1, `${id} incremented once`);
  }
  figures.add({ writesVerified: 2, unknownOutcomes: 2, unknownApplied: 2 });
});

test('an application retry of a timed-out transaction: once with withClientRequestToken; twice without a token (documented); a token reused for another request is refused', async (t) => {
  const slow: Fault = { kind: 'delay-response', ms: SLOW_MS };
  const s = await setup(t, 1, plan({ TransactWriteItems: [slow, undefined, slow, undefined] }));
  await s.direct.counters.put.withItem(Object.assign(new Counter(), { id: 'tok', hits: 0 })).execute();
  await s.direct.counters.put.withItem(Object.assign(new Counter(), { id: 'none', hits: 0 })).execute();
  const bump = (id: string, by = 1) =>
    new TransactWriteItemsRequestBuilder(s.client).update(s.counters, (u) =>
      u.withKey({ id }).set(`ADD ${CounterFields.hits} {0}`, by),
    );
  const hits = async (id: string) => {
    await s.proxy.settled();
    return (await s.direct.counters.get.withKey({ id }).consistentRead().execute()).item?.hits;
  };

  const token = `retry-${randomAlphanumeric(10)}`;
  const withToken = bump('tok').withClientRequestToken(token);
  const timeout = await t.throwsAsync(withToken.execute(), { instanceOf: DynamoRequestError });
  t.is((timeout as DynamoRequestError).code, 'TimeoutError');
  await s.proxy.settled();
  await withToken.execute(); // the same builder again: the same request, the same token
  t.is(await hits('tok'), 1, 'applied once');

  const noToken = bump('none');
  await t.throwsAsync(noToken.execute(), { instanceOf: DynamoRequestError });
  await s.proxy.settled();
  await noToken.execute();
  t.is(await hits('none'), 2, 'without a token, each execute() is a new transaction');

  const reused = bump('tok', 5).withClientRequestToken(token);
  const mismatch = await t.throwsAsync(reused.execute(), { instanceOf: DynamoRequestError });
  t.is((mismatch as DynamoRequestError).code, 'IdempotentParameterMismatchException');
  t.is(await hits('tok'), 1);
  figures.add({ writesVerified: 2, unknownOutcomes: 2, unknownApplied: 2, failuresVerifiedAbsent: 1 });
});

test('a query interrupted by resets and slow answers resumes from its cursor: every item exactly once', async (t) => {
  const kinds: Fault[] = [
    { kind: 'reset-before' },
    { kind: 'reset-after' },
    { kind: 'delay-response', ms: SLOW_MS },
    { kind: 'truncate-after' },
  ];
  let calls = 0;
  const s = await setup(t, 1, ({ operation }) => {
    if (operation !== 'Query') return { kind: 'forward' };
    calls += 1;
    return calls % 3 === 2 ? (kinds[((calls / 3) % kinds.length) | 0] as Fault) : { kind: 'forward' };
  });
  const writes = new BatchWriteItemRequestBuilder(s.direct.items.client).skipVersionChecks();
  for (let i = 0; i < 60; i++)
    writes.put(s.direct.items, (b) => b.withItem(tenantItem('net', `q${String(i).padStart(2, '0')}`, i, [`w${i}`])));
  await writes.execute();

  const seen: string[] = [];
  let cursor: string | undefined;
  let failures = 0;
  for (let guard = 0; guard < 200; guard++) {
    try {
      const page = await s.items.query
        .where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId: 'net' }))
        .limit(7)
        .startAt(cursor)
        .execute();
      seen.push(...page.items.map((i) => i.itemId));
      cursor = page.cursor;
      if (!cursor) break;
    } catch (error) {
      t.true(error instanceof DynamoRequestError, String(error));
      failures += 1;
    }
  }
  t.true(failures > 0, 'faults interrupted the reading');
  t.deepEqual(
    seen,
    Array.from({ length: 60 }, (_, i) => `q${String(i).padStart(2, '0')}`),
  );
  t.log(`${failures} failed page requests, resumed from the cursor each time`);
});

test('batch writes under resets and slow answers: every item lands exactly once', async (t) => {
  const faults: Fault[] = [{ kind: 'reset-before' }, { kind: 'reset-after' }, { kind: 'delay-response', ms: SLOW_MS }];
  let n = 0;
  const s = await setup(t, 1, ({ operation }) => {
    if (operation !== 'BatchWriteItem') return { kind: 'forward' };
    n += 1;
    return n % 2 === 1 ? (faults[(n >> 1) % faults.length] as Fault) : { kind: 'forward' };
  });
  const batch = new BatchWriteItemRequestBuilder(s.client)
    .skipVersionChecks()
    .withRetry({ maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 20 });
  for (let i = 0; i < 200; i++) batch.put(s.items, (b) => b.withItem(tenantItem('net', `b${i}`, i, [`b${i}`])));
  const result = await batch.execute();
  t.is(result.processed, 200);
  await s.proxy.settled();
  const items = await s.direct.items.query
    .where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId: 'net' }))
    .consistentRead()
    .all();
  t.is(items.length, 200);
  t.true(items.every((i) => i.ops.length === 1 && i.ops[0] === i.itemId && i.version === 1));
  t.true(s.proxy.faults() >= 8, `${s.proxy.faults()} faults`);
  figures.add({ writesVerified: 200 });
});
