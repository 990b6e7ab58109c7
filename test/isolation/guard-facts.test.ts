import test from 'ava';
import {
  Attribute,
  createTable,
  DynamoDbTable,
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

/**
 * The tenant guard checks each request against the key schema of the repository (or table) that built
 * it, and reads a query's partition from its compiled key condition: no table name is looked up in a
 * process-wide registry, and no rendered expression text is searched.
 */

const acme = <R>(fn: () => R) => runInTenantScope({ tenantId: 'acme' }, fn);

// Two entities whose tables have the same name but not the same key: in two accounts or regions, or an
// old and a new layout. Ledger is created first, so a registry keyed by table name would know only its
// partition key (`owner`).
@Table('ledger')
class Ledger {
  @PartitionKey({ attribute: 'owner' }) owner!: string;
  @Attribute() note!: string;
}

@Table('ledger')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#ENTRY#{entryId}' })
class Entry {
  @Attribute() tenantId!: string;
  @Attribute() entryId!: string;
  /** Stored as `owner`: the attribute that is Ledger's partition key. */
  @Attribute() owner!: string;
}

@Table('swapped')
class Row {
  @PartitionKey({ attribute: 'pk' }) pk!: string;
  @SortKey({ attribute: 'sk' }) sk!: string;
  @Attribute() text!: string;
}

const accessKey = `f${randomAlphanumeric(12)}`;
const client = testClient(accessKey);
const sharedName = uniqueTableName('ledger');

test("a write is checked against its own entity's partition key, not another entity's of the same table name", async (t) => {
  const counted = testClient(accessKey);
  const requests = countRequests(counted);
  const ledgers = new Repository(Ledger, { client: counted, tableName: sharedName });
  const entries = new Repository(Entry, { client: counted, tableName: sharedName });
  t.truthy(ledgers);
  // The attack: another tenant's partition key, with an `owner` attribute that looks like acme's.
  const forged = Object.assign(new Entry(), { tenantId: 'other', entryId: 'e1', owner: 'TENANT#acme' });
  await acme(async () => {
    await t.throwsAsync(entries.put.withItem(forged).execute(), {
      instanceOf: TenantIsolationError,
      message: /partition key pk = "TENANT#other#ENTRY#e1" is another tenant's/,
    });
    await t.throwsAsync(
      new TransactWriteItemsRequestBuilder(counted).put(entries, (b) => b.withItem(forged)).execute(),
      { instanceOf: TenantIsolationError, message: /pk = "TENANT#other#ENTRY#e1"/ },
    );
    await t.throwsAsync(entries.get.withKey({ tenantId: 'other', entryId: 'e1' }).execute(), {
      instanceOf: TenantIsolationError,
    });
  });
  t.is(requests.count, 0, 'nothing was sent');
});

test('a query reads the partition from its compiled key condition, in whichever order the equalities come', async (t) => {
  const rows = new Repository(Row, { client, tableName: uniqueTableName('swapped') });
  await createTable(client, Row, { tableName: rows.tableName });
  for (const tenant of ['acme', 'other']) {
    await rows.put.withItem(Object.assign(new Row(), { pk: `TENANT#${tenant}`, sk: 'A', text: tenant })).execute();
  }
  await acme(async () => {
    // The partition key's equality second: the sort key's value is acme's prefix, the partition's is not.
    await t.throwsAsync(rows.query.where('sk = {0} AND pk = {1}' as string, 'TENANT#acme', 'TENANT#other').execute(), {
      instanceOf: TenantIsolationError,
      message: /partition key pk = "TENANT#other" is another tenant's/,
    });
    const own = await rows.query.where('sk = {0} AND pk = {1}' as string, 'A', 'TENANT#acme').execute();
    t.deepEqual(
      own.items.map((r) => r.text),
      ['acme'],
    );
    // A query without a key condition is the caller's mistake, named as such, not a guard refusal.
    await t.throwsAsync(rows.query.execute(), { name: 'InvalidRequestError', message: /needs where/ });
    // Pagination: every page of the operation runs under the check made when it started.
    const all = await rows.query
      .where('pk = {0}' as string, 'TENANT#acme')
      .pageSize(1)
      .all();
    t.deepEqual(
      all.map((r) => r.text),
      ['acme'],
    );
  });
});

test('an untyped table is checked with its own declaration, not with a repository of the same table name', async (t) => {
  const docs = new Repository(Row, { client, tableName: uniqueTableName('declared') });
  // Declared without a key: the guard cannot know its partition key, even though a repository of the
  // same table name knows one.
  const raw = new DynamoDbTable(client, docs.tableName);
  await acme(async () => {
    await t.throwsAsync(raw.get.withKey('pk', 'TENANT#acme', 'sk', 'A').execute(), {
      instanceOf: TenantIsolationError,
      message: /partition key of the table is unknown/,
    });
    await t.throwsAsync(raw.query.where('pk = {0}', 'TENANT#acme').execute(), {
      instanceOf: TenantIsolationError,
      message: /partition key of the table is unknown/,
    });
  });
});
