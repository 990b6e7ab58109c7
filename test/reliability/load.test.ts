// Load: a sustained mixed workload from many tenants against DynamoDB Local, for a bounded time, through a proxy
// that injects faults into a few percent of the requests (resets before and after DynamoDB saw them, answers held
// past the client's timeout, answers cut in the middle, throttling).
//
// Each tenant has its own client (its own credentials, as with STS) and works in its own tenant scope, one
// operation at a time: creates, conditional puts, expectVersion updates, stale updates that must fail, deletes,
// batch writes, two-item transactions, queries and batch gets compared with what it knows, and bad input. Every
// acknowledged write, every definite failure and every unknown outcome is recorded; at the end, with all traffic
// stopped, the table is read straight from DynamoDB Local and checked:
// - every acknowledged write is present exactly once, with its final value (lost: 0);
// - no write that definitely failed is present;
// - each write of unknown outcome was applied at most once, transactions entirely or not at all; they are counted
//   and reported.
//
// Faults are scheduled per request, not per second: one request in every FAULT_PERIOD (4 %), at a seeded position
// within each block of FAULT_PERIOD requests, the blocks taking the faults of FAULTS in turn. The workload runs for
// its duration and, on a slow or busy machine, on until it has made enough requests for every fault of FAULTS to be
// injected: how many faults a run meets is a function of how many requests it made, never of how fast it made them.
//
// RELIABILITY_LOAD_SECONDS (default 20; 6 under plain `npm test`) sets the duration, RELIABILITY_LOAD_TENANTS
// (default 20; 10 under `npm test`) the tenants, RELIABILITY_SEED the random choices.
import test from 'ava';
import { createTable, Repository } from '../../src/index.js';
import { randomAlphanumeric, testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';
import { type Fault, seeded, startChaosProxy, THROTTLED } from './support/chaos-proxy.js';
import { faultClientFor } from './support/clients.js';
import { Driver } from './support/driver.js';
import { TenantItem } from './support/entities.js';
import { faultSchedule } from './support/fault-schedule.js';
import { figuresFor } from './support/figures.js';
import { Tally } from './support/outcomes.js';
import { sized } from './support/profile.js';
import { storedByTenant, sumResults, TenantWorker } from './support/workload.js';

const figures = figuresFor(test, 'load');
const SECONDS = sized('RELIABILITY_LOAD_SECONDS', 20, 6);
const TENANTS = sized('RELIABILITY_LOAD_TENANTS', 20, 10);
const SEED = Number(process.env.RELIABILITY_SEED ?? 0x10ad);
/**
 * The clients' request (and connection) timeout: long enough that a busy machine's slow answers are still answers,
 * so most timeouts come from the held answers below.
 */
const TIMEOUT_MS = 3_000;
/** Longer than the clients' request timeout: the client gives up first. */
const HELD_MS = 6_000;
/** One request in FAULT_PERIOD gets a fault. */
const FAULT_PERIOD = 25;
/** The faults, in the order the blocks of FAULT_PERIOD requests take them (then again from the start). */
const FAULTS: readonly Fault[] = [
  { kind: 'reset-before' },
  { kind: 'reset-after' },
  THROTTLED,
  { kind: 'delay-response', ms: HELD_MS },
  { kind: 'truncate-after' },
  { kind: 'reset-before' },
  { kind: 'reset-after' },
  THROTTLED,
];
/** How long past SECONDS a slow machine may take to make the requests that cover every kind of fault. */
const MAX_EXTRA_SECONDS = 120;

test('a sustained mixed workload of many tenants with injected faults: every acknowledged write present exactly once, no failed write present, unknown outcomes counted', async (t) => {
  t.timeout((SECONDS + MAX_EXTRA_SECONDS + 90) * 1_000);
  const dbKey = `l${randomAlphanumeric(12)}`;
  const directClient = testClient(dbKey);
  t.teardown(() => directClient.destroy());
  const tableName = uniqueTableName('load');
  await createTable(directClient, TenantItem, { tableName });
  const direct = new Repository(TenantItem, { client: directClient, tableName });

  const random = seeded(SEED);
  const schedule = faultSchedule(FAULT_PERIOD, FAULTS, SEED ^ 0xfa17);
  // Each tenant signs with its own access key; the proxy makes them one database.
  const proxy = await startChaosProxy(testEndpoint(), { decide: schedule.decide, rewriteAccessKeyId: dbKey });
  t.teardown(() => proxy.close());

  const workers = Array.from({ length: TENANTS }, (_, i) => {
    // Half the tenants let the SDK retry (3 attempts: most faults are absorbed, a retried conditional write may
    // meet its own first attempt), half see every fault (1 attempt: timeouts and resets reach the application).
    const client = faultClientFor(t, proxy.endpoint, {
      accessKeyId: `tenant${i}${randomAlphanumeric(6)}`,
      maxAttempts: i % 2 === 0 ? 3 : 1,
      requestTimeoutMs: TIMEOUT_MS,
      connectionTimeoutMs: TIMEOUT_MS,
    });
    return new TenantWorker({
      tenantId: `load${i}`,
      client,
      items: new Repository(TenantItem, { client, tableName }),
      direct,
      random,
    });
  });

  const started = Date.now();
  const driver = new Driver(workers);
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
  // A busy machine makes fewer requests per second: go on until every kind of fault had its request and some read
  // was checked.
  const readsChecked = () => workers.some((w) => w.totals.readsChecked > 0);
  await driver.until(
    () => proxy.calls.length >= schedule.coveringRequests && readsChecked(),
    MAX_EXTRA_SECONDS * 1_000,
  );
  await driver.stop();
  const elapsed = (Date.now() - started) / 1_000;
  // Nothing of anybody's is on its way to DynamoDB Local any more: what it will ever apply, it has applied.
  await proxy.settled();

  const stored = await storedByTenant(direct);
  t.deepEqual(
    [...stored.keys()].filter((id) => !workers.some((w) => w.tenantId === id)),
    [],
    'no item outside the tenants',
  );
  const result = sumResults(workers.map((w) => w.verify(stored.get(w.tenantId) ?? [])));
  const sum = (key: keyof TenantWorker['totals']) => workers.reduce((n, w) => n + w.totals[key], 0);
  const errors = new Tally();
  for (const w of workers) errors.merge(w.errors);
  const faults = Object.entries(proxy.faultCounts())
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');

  t.log(
    `${TENANTS} tenants, ${elapsed.toFixed(1)} s: ${driver.operations()} operations (${Math.round(driver.operations() / elapsed)}/s), ${proxy.calls.length} requests`,
  );
  t.log(`faults injected: ${proxy.faults()} (${faults})`);
  t.log(`errors seen: ${errors.toString()}`);
  t.log(
    `acknowledged writes ${sum('acknowledged')}: verified ${result.writesVerified}, lost ${result.lost.length}; ` +
      `definitely failed ${sum('failed')}: absent ${result.failuresVerifiedAbsent}; ` +
      `unknown outcome ${sum('unknown')}: applied once ${result.unknownApplied}, not applied ${result.unknownNotApplied}; ` +
      `reads checked ${sum('readsChecked')}; bad inputs refused ${sum('badInputs')}`,
  );
  t.deepEqual(driver.problems, [], 'every error was a named fluent-dynamo error');
  t.deepEqual(result.problems, []);
  t.deepEqual(result.failuresPresent, []);
  t.deepEqual(result.lost, []);
  t.is(result.writesVerified, sum('acknowledged'));
  t.true(
    proxy.calls.length >= schedule.coveringRequests,
    `${proxy.calls.length} requests in ${elapsed.toFixed(1)} s, fewer than the ${schedule.coveringRequests} every fault needs`,
  );
  t.true(proxy.faults() > 0, 'faults were injected');
  t.deepEqual(proxy.faultCounts(), schedule.countsIn(proxy.calls.length), 'one fault in every block of requests');
  t.deepEqual(
    Object.keys(proxy.faultCounts()).sort(),
    [...new Set(FAULTS.map((fault) => fault.kind))].sort(),
    'every kind of fault was injected',
  );
  t.true(sum('readsChecked') > 0);

  figures.add({
    operations: driver.operations(),
    faultsInjected: proxy.faults(),
    badInputs: sum('badInputs'),
    writesVerified: result.writesVerified,
    lost: result.lost.length,
    failuresVerifiedAbsent: result.failuresVerifiedAbsent,
    unknownOutcomes: sum('unknown'),
    unknownApplied: result.unknownApplied,
  });
});
