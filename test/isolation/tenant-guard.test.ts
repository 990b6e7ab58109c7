import test from 'ava';
import {
  Attribute,
  BatchGetItemRequestBuilder,
  BatchWriteItemRequestBuilder,
  createTable,
  DynamoDbTable,
  fieldsOf,
  Index,
  keysOf,
  PartitionKey,
  Repository,
  runInTenantScope,
  SortKey,
  Table,
  TenantIsolationError,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { countRequests } from '../fixtures/readings.js';
import { randomAlphanumeric, testClient, uniqueTableName } from '../support/dynamo.js';

@Table('tenant_docs')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#DOC#{docId}' })
@SortKey({ attribute: 'sk', template: 'V#{rev}' })
class Doc {
  @Attribute() tenantId!: string;
  @Attribute() docId!: string;
  @Attribute() rev!: number;
  @Attribute() title!: string;
  @Attribute() @Index('ByOwner', { role: 'partition' }) owner?: string;
}

const accessKey = `g${randomAlphanumeric(12)}`;
const client = testClient(accessKey);
const docs = new Repository(Doc, { client, tableName: uniqueTableName('docs') });
const F = fieldsOf(Doc);
const K = keysOf(Doc);
const acme = <R>(fn: () => R) => runInTenantScope({ tenantId: 'acme' }, fn);
const doc = (tenantId: string | undefined, docId: string, title = docId) =>
  Object.assign(new Doc(), { tenantId, docId, rev: 1, title, owner: `${tenantId}#owner` });

test.before(async () => {
  await createTable(client, Doc, { tableName: docs.tableName });
  for (const tenantId of ['acme', 'acme2', 'other'])
    await docs.put.withItem(doc(tenantId, 'd1', `${tenantId} d1`)).execute();
});

/** A repository on a client that counts requests, to prove a refusal sent nothing. */
function counted() {
  const c = testClient(accessKey);
  return { repo: new Repository(Doc, { client: c, tableName: docs.tableName }), requests: countRequests(c), client: c };
}

test('inside the scope, the tenant works on its own keys, and puts and keys get its tenant id', async (t) => {
  await acme(async () => {
    const { item } = await docs.put.withItem(doc(undefined as unknown as string, 'd2', 'filled')).execute();
    t.is(item.tenantId, 'acme');
    const read = await docs.get.withKey({ docId: 'd2', rev: 1 }).execute();
    t.is(read.item?.title, 'filled');
    await docs.update
      .withKey({ tenantId: 'acme', docId: 'd2', rev: 1 })
      .set(`SET ${F.title} = {0}`, 'updated')
      .execute();
    const page = await docs.query.where(`${K.pk.attribute} = {0}`, K.pk({ tenantId: 'acme', docId: 'd2' })).execute();
    t.deepEqual(
      page.items.map((d) => d.title),
      ['updated'],
    );
    await docs.delete.withKey({ docId: 'd2', rev: 1 }).execute();
  });
});

test('a key of another tenant is refused before anything is sent', async (t) => {
  const { repo, requests } = counted();
  await acme(async () => {
    for (const foreign of ['other', 'acme2']) {
      const error = await t.throwsAsync(repo.get.withKey({ tenantId: foreign, docId: 'd1', rev: 1 }).execute(), {
        instanceOf: TenantIsolationError,
      });
      t.regex(error?.message ?? '', new RegExp(`TENANT#${foreign}#DOC#d1.*another tenant's`));
      await t.throwsAsync(repo.put.withItem(doc(foreign, 'x')).execute(), { instanceOf: TenantIsolationError });
      await t.throwsAsync(
        repo.update.withKey({ tenantId: foreign, docId: 'd1', rev: 1 }).set('SET title = {0}', 'x').execute(),
        {
          instanceOf: TenantIsolationError,
        },
      );
      await t.throwsAsync(repo.delete.withKey({ tenantId: foreign, docId: 'd1', rev: 1 }).execute(), {
        instanceOf: TenantIsolationError,
      });
      await t.throwsAsync(repo.query.where('pk = {0}' as string, `TENANT#${foreign}#DOC#d1`).execute(), {
        instanceOf: TenantIsolationError,
      });
      await t.throwsAsync(repo.get.withKey('pk', `TENANT#${foreign}#DOC#d1`, 'sk', 'V#1').execute(), {
        instanceOf: TenantIsolationError,
      });
    }
  });
  t.is(requests.count, 0);
  const other = await docs.get.withKey({ tenantId: 'other', docId: 'd1', rev: 1 }).execute();
  t.is(other.item?.title, 'other d1', 'nothing was overwritten');
});

test('scans are refused in a scope unless allowed; an index without tenant keys is refused', async (t) => {
  const { repo, requests } = counted();
  await acme(async () => {
    await t.throwsAsync(repo.scan.execute(), { instanceOf: TenantIsolationError, message: /reads every tenant/ });
    await t.throwsAsync(repo.query.withIndex('ByOwner').where('owner = {0}', 'acme#owner').execute(), {
      instanceOf: TenantIsolationError,
    });
  });
  t.is(requests.count, 0);
  const all = await runInTenantScope({ tenantId: 'acme', allowScan: true }, () => repo.scan.all());
  t.true(all.length >= 3);
});

test("an index without tenant keys stays refused for a value shaped like the tenant's, which another tenant planted", async (t) => {
  // ByOwner's values are whatever a writer puts there: globex, in its own scope, names acme's key shape.
  const planted = Object.assign(doc('globex', 'planted', 'globex secret'), { owner: 'TENANT#acme#OWNER#bob' });
  await runInTenantScope({ tenantId: 'globex' }, () => docs.put.withItem(planted).execute());
  const { repo, requests } = counted();
  const query = () => repo.query.withIndex('ByOwner').where('owner = {0}', 'TENANT#acme#OWNER#bob').all();
  await acme(() =>
    t.throwsAsync(query(), {
      instanceOf: TenantIsolationError,
      message: /index ByOwner is keyed on owner, which is not tenant-prefixed/,
    }),
  );
  t.is(requests.count, 0, 'nothing was sent');
  t.deepEqual(
    (await query()).map((d) => d.title),
    ['globex secret'],
    'outside a scope the query reads what was planted',
  );
});

test('a batch with one foreign key is refused whole: nothing is read or written', async (t) => {
  const { client: c, requests } = counted();
  await acme(async () => {
    await t.throwsAsync(
      new BatchWriteItemRequestBuilder(c)
        .put(docs, (b) => b.withItem(doc('acme', 'b1')))
        .put(docs, (b) => b.withItem(doc('other', 'b2')))
        .execute(),
      { instanceOf: TenantIsolationError },
    );
    await t.throwsAsync(
      new BatchGetItemRequestBuilder(c)
        .get(docs, (b) => b.withKey({ tenantId: 'acme', docId: 'd1', rev: 1 }))
        .get(docs, (b) => b.withKey({ tenantId: 'other', docId: 'd1', rev: 1 }))
        .execute(),
      { instanceOf: TenantIsolationError },
    );
    const tx = new TransactWriteItemsRequestBuilder(c);
    tx.put(docs, (b) => b.withItem(doc('acme', 't1')));
    tx.delete(docs, (b) => b.withKey({ tenantId: 'other', docId: 'd1', rev: 1 }));
    await t.throwsAsync(tx.execute(), { instanceOf: TenantIsolationError });
  });
  t.is(requests.count, 0);
  t.is((await docs.get.withKey({ tenantId: 'acme', docId: 'b1', rev: 1 }).execute()).item, undefined);
});

test('outside a scope nothing is checked; an untyped table of unknown keys is refused inside one', async (t) => {
  t.truthy((await docs.get.withKey({ tenantId: 'other', docId: 'd1', rev: 1 }).execute()).item);
  // A table no repository registered: its partition key is unknown to the guard.
  const raw = new DynamoDbTable(client, uniqueTableName('unregistered'));
  await acme(async () => {
    await t.throwsAsync(raw.get.withKey('pk', 'TENANT#acme#DOC#d1', 'sk', 'V#1').execute(), {
      instanceOf: TenantIsolationError,
      message: /partition key of the table is unknown/,
    });
  });
  const declared = new DynamoDbTable(client, docs.tableName, { partitionKey: 'pk', sortKey: 'sk' });
  const item = await acme(() => declared.get.withKey('pk', 'TENANT#acme#DOC#d1', 'sk', 'V#1').execute());
  t.is(item.item?.title, 'acme d1');
});

test('tenant ids that would reach other keys are refused by the scope itself', (t) => {
  for (const bad of ['', 'a#b', 'a*', 'a b', 'x/y']) {
    t.throws(() => runInTenantScope({ tenantId: bad }, () => 1), { name: 'InvalidRequestError' });
  }
});
