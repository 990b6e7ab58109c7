import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import {
  Attribute,
  BatchWriteItemRequestBuilder,
  CapacityMeter,
  createTable,
  currentTenant,
  Index,
  PartitionKey,
  Repository,
  runInTenantScope,
  SortKey,
  Table,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { randomAlphanumeric, testClient, uniqueTableName } from '../support/dynamo.js';

@Table('metered')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#DOC#{docId}' })
@SortKey({ attribute: 'sk', template: 'V#{rev}' })
@Index('ByOwner', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#OWNER#{owner}' })
class Doc {
  @Attribute() tenantId!: string;
  @Attribute() docId!: string;
  @Attribute() rev!: number;
  @Attribute() body!: string;
  @Attribute() owner!: string;
}

const client = testClient(`m${randomAlphanumeric(12)}`);
const docs = new Repository(Doc, { client, tableName: uniqueTableName('metered') });

/**
 * What DynamoDB returned, recorded beside the library: every response's ConsumedCapacity, with the tenant
 * whose request it answered (the ambient tenant, read in the client's own middleware stack).
 */
const returned = new Map<string, number>();
client.middlewareStack.add(
  (next) => async (args) => {
    const result = await next(args);
    const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
    const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    const tenant = currentTenant() ?? '(none)';
    for (const entry of entries) returned.set(tenant, (returned.get(tenant) ?? 0) + (entry.CapacityUnits ?? 0));
    return result;
  },
  { step: 'initialize', name: 'testCapacityRecorder' },
);

const doc = (tenantId: string, docId: string, rev: number, size: number) =>
  Object.assign(new Doc(), { tenantId, docId, rev, body: 'x'.repeat(size), owner: `o${rev % 2}` });

/** A mixed workload of one tenant: puts of several sizes, reads, a query of an index, an update, a batch, a transaction. */
async function workload(tenantId: string, i: number): Promise<void> {
  for (let rev = 0; rev <= i % 4; rev++) await docs.put.withItem(doc(tenantId, 'd', rev, 700 * (rev + 1))).execute();
  await docs.get.withKey({ tenantId, docId: 'd', rev: 0 }).execute();
  await docs.get.withKey({ tenantId, docId: 'd', rev: 0 }).consistentRead().execute();
  await docs.query
    .withIndex('ByOwner')
    .where('gsi1pk = {0}' as string, { tenantId, owner: 'o0' })
    .all();
  await docs.update
    .withKey({ tenantId, docId: 'd', rev: 0 })
    .set('SET body = {0}', 'y'.repeat(100 * i))
    .execute();
  await new BatchWriteItemRequestBuilder(client)
    .put(docs, (b) => b.withItem(doc(tenantId, 'b', 1, 100)))
    .put(docs, (b) => b.withItem(doc(tenantId, 'b', 2, 3000)))
    .execute();
  await new TransactWriteItemsRequestBuilder(client)
    .delete(docs, (b) => b.withKey({ tenantId, docId: 'b', rev: 1 }))
    .execute();
}

// A meter counts every operation of the process: these tests run one at a time.
test.serial('the meter sums exactly what DynamoDB returned, per tenant, under 50 tenants at once', async (t) => {
  await createTable(client, Doc, { tableName: docs.tableName });
  const meter = new CapacityMeter().start();
  t.teardown(() => meter.stop());
  const tenants = Array.from({ length: 50 }, (_, i) => `t${String(i).padStart(2, '0')}`);
  await Promise.all(tenants.map((tenantId, i) => runInTenantScope({ tenantId }, () => workload(tenantId, i))));
  meter.stop();

  const snapshot = meter.snapshot();
  const metered = new Map<string, number>();
  for (const row of snapshot) {
    t.is(row.table, docs.tableName);
    t.truthy(row.tenantId, 'every unit has its tenant');
    metered.set(row.tenantId as string, (metered.get(row.tenantId as string) ?? 0) + row.read + row.write);
  }
  t.deepEqual([...metered.keys()].sort(), tenants);
  for (const tenant of tenants) t.is(metered.get(tenant), returned.get(tenant), `tenant ${tenant}`);
  // Different workloads: a tenant attributed another's units would not match its own figures above.
  t.true(new Set(tenants.map((x) => returned.get(x))).size >= 4);
  // Split by table and index: the index's writes and the query's reads are on the index's rows.
  const index = snapshot.filter((r) => r.index === 'ByOwner');
  t.is(index.length, 50);
  t.true(index.every((r) => r.read > 0 && r.write > 0));
  t.true(snapshot.filter((r) => r.index === undefined).every((r) => r.read > 0 && r.write > 0));
});

test.serial('while a meter runs, a result carries consumed capacity only when its caller asked for it', async (t) => {
  const meter = new CapacityMeter();
  const tableName = uniqueTableName('asked');
  const repo = new Repository(Doc, { client, tableName });
  await createTable(client, Doc, { tableName });
  meter.start();
  t.teardown(() => meter.stop());
  await runInTenantScope({ tenantId: 'asker' }, async () => {
    const unasked = await repo.put.withItem(doc('asker', 'a', 1, 10)).execute();
    const asked = await repo.put
      .withItem(doc('asker', 'a', 2, 10))
      .returnConsumedCapacity('TOTAL')
      .execute();
    const read = await repo.get.withKey({ tenantId: 'asker', docId: 'a', rev: 1 }).execute();
    const page = await repo.query.where('pk = {0}' as string, 'TENANT#asker#DOC#a').execute();
    const transaction = await new TransactWriteItemsRequestBuilder(client)
      .put(repo, (b) => b.withItem(doc('asker', 'a', 3, 10)))
      .execute();
    t.is(unasked.consumedCapacity, undefined);
    t.is(read.consumedCapacity, undefined);
    t.is(page.consumedCapacity, undefined);
    t.is(transaction.consumedCapacity, undefined);
    t.true((asked.consumedCapacity?.CapacityUnits ?? 0) > 0, 'asked for: there');
  });
  // The meter counted all five.
  const writes = meter.snapshot().filter((r) => r.tenantId === 'asker' && r.index === undefined);
  t.true(writes.length > 0 && writes.every((r) => r.write > 0 && r.read > 0));
});

test.serial('a stopped meter asks for nothing and counts nothing; reset forgets', async (t) => {
  const meter = new CapacityMeter();
  const tableName = uniqueTableName('unmetered');
  const repo = new Repository(Doc, { client, tableName });
  await createTable(client, Doc, { tableName });
  const before = returned.get('quiet') ?? 0;
  await runInTenantScope({ tenantId: 'quiet' }, () => repo.put.withItem(doc('quiet', 'q', 1, 10)).execute());
  t.is(returned.get('quiet') ?? 0, before, 'no ReturnConsumedCapacity was asked');
  meter.start();
  const result = await runInTenantScope({ tenantId: 'quiet' }, () =>
    repo.put.withItem(doc('quiet', 'q', 2, 10)).execute(),
  );
  meter.stop();
  t.true((returned.get('quiet') ?? 0) > before, 'a started meter asks DynamoDB for the capacity');
  t.is(result.consumedCapacity, undefined, 'the caller did not ask: its result carries none');
  t.deepEqual(
    meter.snapshot().map((r) => [r.tenantId, r.index, r.write]),
    [
      ['quiet', undefined, 1],
      ['quiet', 'ByOwner', 1],
    ],
  );
  await runInTenantScope({ tenantId: 'quiet' }, () => repo.put.withItem(doc('quiet', 'q', 3, 10)).execute());
  t.is(meter.snapshot().length, 2, 'nothing counted after stop()');
  meter.reset();
  t.deepEqual(meter.snapshot(), []);
});
