// Faults: DynamoDB Local stopped and restarted mid-workload.
//
// 1. A DynamoDB Local that keeps its data on disk (-dbPath) is killed with SIGKILL, started again, stopped with
//    SIGTERM, started again, while tenants keep writing. Operations fail with named errors while it is down,
//    succeed again after each restart, and afterwards every acknowledged write is there exactly once, nothing that
//    definitely failed is, every write whose answer was lost in the crash is there at most once, and no
//    transaction is half-written.
// 2. The in-memory DynamoDB Local of startLocalDynamoDb restarted on the same port: the same errors while it is
//    down, and after the restart it has lost everything (it is in memory): what can and cannot be checked there.
//    (Full suite only: `npm run test:reliability`.) Under plain `npm test`, 1. has one outage (SIGKILL).
// 3. A refused connection is a DynamoRequestError with code ECONNREFUSED, retryable.
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { createTable, DynamoRequestError, FluentDynamoError, Repository } from '../../src/index.js';
import { freePort } from '../../src/testing/free-port.js';
import { startLocalDynamoDb } from '../../src/testing/index.js';
import { uniqueTableName } from '../support/dynamo.js';
import { seeded } from './support/chaos-proxy.js';
import { faultClient, faultClientFor } from './support/clients.js';
import { Driver } from './support/driver.js';
import { TenantItem, tenantItem } from './support/entities.js';
import { figuresFor } from './support/figures.js';
import { Tally } from './support/outcomes.js';
import { startPersistentDynamoDb } from './support/persistent-dynamodb.js';
import { FULL } from './support/profile.js';
import { storedByTenant, sumResults, TenantWorker } from './support/workload.js';

const figures = figuresFor(test, 'restart');
const TENANTS = 6;

test.serial(
  'DynamoDB Local killed and stopped mid-workload: named errors while down, service after restart, every acknowledged write kept exactly once',
  async (t) => {
    const db = await startPersistentDynamoDb();
    t.teardown(() => db.stop());
    const tableName = uniqueTableName('restart');
    const admin = faultClientFor(t, db.endpoint, {
      accessKeyId: 'reliability',
      maxAttempts: 3,
      requestTimeoutMs: 10_000,
    });
    await createTable(admin, TenantItem, { tableName });
    const direct = new Repository(TenantItem, { client: admin, tableName });

    const random = seeded(0x5eed_0001);
    const workers = Array.from({ length: TENANTS }, (_, i) => {
      // No SDK retries: each failure is seen as it happened. The timeout is generous: DynamoDB Local is not slow,
      // but a request in flight when it dies must give up.
      const client = faultClientFor(t, db.endpoint, {
        accessKeyId: 'reliability',
        maxAttempts: 1,
        requestTimeoutMs: 3_000,
        connectionTimeoutMs: 500,
      });
      return new TenantWorker({
        tenantId: `rs${i}`,
        client,
        items: new Repository(TenantItem, { client, tableName }),
        direct,
        random,
      });
    });
    // Pause after a failed step: while DynamoDB Local is down the workers must not starve its restart of CPU.
    const driver = new Driver(workers, 150);
    const outages: Array<{ signal: string; errors: Tally; restartMs: number }> = [];
    try {
      t.true(await driver.until(() => driver.acknowledged() >= 150, 15_000), 'the workload runs');
      // Under plain `npm test` one outage (the crash); the full suite also stops it cleanly.
      for (const signal of FULL ? (['SIGKILL', 'SIGTERM'] as const) : (['SIGKILL'] as const)) {
        const before = new Tally();
        for (const w of workers) before.merge(w.errors);
        await db.kill(signal);
        t.true(
          await driver.until(() => driver.errors() >= before.total() + 3 * TENANTS, 10_000),
          `${signal}: operations fail`,
        );
        await sleep(300);
        const restartMs = await db.restart();
        const during = new Tally();
        for (const w of workers) during.merge(w.errors);
        for (const [label, n] of before.entries()) during.add(label, -n);
        outages.push({ signal, errors: during, restartMs });
        t.log(`${signal}: restart took ${restartMs} ms; errors until then: ${during.toString()}`);
        const ackedAfter = driver.acknowledged();
        t.true(
          await driver.until(() => driver.acknowledged() >= ackedAfter + 60, 20_000),
          `${signal}: writes succeed again after the restart`,
        );
      }
    } finally {
      await driver.stop();
    }

    const labels = new Tally();
    for (const w of workers) labels.merge(w.errors);
    t.log(`errors over the whole run: ${labels.toString()}`);
    t.deepEqual(driver.problems, [], 'every failure was a named fluent-dynamo error, every read agreed with the model');
    for (const outage of outages) {
      t.true(
        outage.errors.entries().some(([label, n]) => label.startsWith('DynamoRequestError') && n > 0),
        `${outage.signal}: the outage was reported as DynamoRequestError`,
      );
    }

    // The workers stopped. A request that timed out may still land while this reads: its item is in quarantine
    // (touched by a write of unknown outcome), where the state before and the state after are both accepted.
    const stored = await storedByTenant(direct);
    const result = sumResults(workers.map((w) => w.verify(stored.get(w.tenantId) ?? [])));
    const unknown = workers.reduce((n, w) => n + w.totals.unknown, 0);
    const failed = workers.reduce((n, w) => n + w.totals.failed, 0);
    t.log(
      `operations ${driver.operations()}, acknowledged writes ${driver.acknowledged()}, verified ${result.writesVerified}, ` +
        `definitely failed ${failed} (absent: ${result.failuresVerifiedAbsent}), unknown outcome ${unknown} ` +
        `(applied ${result.unknownApplied}, not applied ${result.unknownNotApplied})`,
    );
    t.deepEqual(result.problems, []);
    t.deepEqual(result.failuresPresent, []);
    t.deepEqual(result.lost, []);
    t.true(result.writesVerified > 0);
    figures.add({
      operations: driver.operations(),
      faultsInjected: outages.length,
      writesVerified: result.writesVerified,
      lost: result.lost.length,
      failuresVerifiedAbsent: result.failuresVerifiedAbsent,
      unknownOutcomes: unknown,
      unknownApplied: result.unknownApplied,
      badInputs: workers.reduce((n, w) => n + w.totals.badInputs, 0),
    });
  },
);

(FULL ? test.serial : test.serial.skip)(
  'in-memory DynamoDB Local (startLocalDynamoDb) restarted on its port: named errors while down, service after restart, and the data is gone',
  async (t) => {
    const started = Date.now();
    const first = await startLocalDynamoDb({ via: 'java' });
    t.log(`started in ${Date.now() - started} ms`);
    t.teardown(() => first.stop());
    const port = Number(new URL(first.endpoint).port);
    const tableName = uniqueTableName('restart-mem');
    const client = faultClientFor(t, first.endpoint, {
      accessKeyId: 'reliability',
      maxAttempts: 1,
      requestTimeoutMs: 3_000,
    });
    await createTable(client, TenantItem, { tableName });
    const items = new Repository(TenantItem, { client, tableName });
    let operations = 0;
    for (let i = 0; i < 20; i++) {
      operations += 1;
      await items.put.withItem(tenantItem('mem', `i${i}`, i, [`mem.${i}`])).execute();
    }
    // What can be verified of an in-memory instance: before it stops.
    let verified = 0;
    for (let i = 0; i < 20; i++) {
      operations += 1;
      const { item } = await items.get
        .withKey({ tenantId: 'mem', itemId: `i${i}` })
        .consistentRead()
        .execute();
      if (item?.value === i && item.version === 1 && item.ops.join() === `mem.${i}`) verified += 1;
    }
    t.is(verified, 20);

    await first.stop();
    operations += 1;
    const down = await t.throwsAsync(items.put.withItem(tenantItem('mem', 'down', 1, ['mem.down'])).execute(), {
      instanceOf: DynamoRequestError,
    });
    t.regex(down?.message ?? '', /PutItem on .*ECONNREFUSED/);
    t.log(
      `while down: ${down?.name} code=${(down as DynamoRequestError).code} retryable=${(down as DynamoRequestError).retryable}`,
    );

    const restarted = Date.now();
    const second = await startLocalDynamoDb({ via: 'java', port });
    t.log(`restarted in ${Date.now() - restarted} ms`);
    t.teardown(() => second.stop());
    t.is(second.endpoint, first.endpoint);
    // Same client, same endpoint: it answers again, but it is a new, empty database.
    operations += 1;
    const gone = await t.throwsAsync(items.get.withKey({ tenantId: 'mem', itemId: 'i0' }).execute(), {
      instanceOf: DynamoRequestError,
    });
    t.is((gone as DynamoRequestError).code, 'ResourceNotFoundException');
    await createTable(client, TenantItem, { tableName });
    operations += 2;
    await items.put.withItem(tenantItem('mem', 'after', 1, ['mem.after'])).execute();
    const { item } = await items.get.withKey({ tenantId: 'mem', itemId: 'after' }).consistentRead().execute();
    t.is(item?.value, 1);
    figures.add({ operations, faultsInjected: 1, writesVerified: verified + 1 });
  },
);

test('a refused connection is a DynamoRequestError with code ECONNREFUSED, retryable', async (t) => {
  const port = await freePort();
  const client = faultClient(`http://127.0.0.1:${port}`, {
    accessKeyId: 'nobody',
    maxAttempts: 1,
    requestTimeoutMs: 1_000,
  });
  t.teardown(() => client.destroy());
  const items = new Repository(TenantItem, { client, tableName: 'nowhere' });
  figures.add({ operations: 1 });
  const error = await t.throwsAsync(items.get.withKey({ tenantId: 'x', itemId: 'y' }).execute(), {
    instanceOf: FluentDynamoError,
  });
  t.true(error instanceof DynamoRequestError);
  t.is((error as DynamoRequestError).code, 'ECONNREFUSED');
  t.true((error as DynamoRequestError).retryable);
});
