// A global index shared by the entities of one table (single-table design): when one entity makes its partition
// key a tenant's, every entity that writes that attribute must too. Otherwise the guard, which checks a written
// index key by the writing entity's own declaration, lets a tenant put items into another tenant's partition of
// the index, where that tenant's queries read them. createTable, SingleTable and tenantPolicy refuse such
// declarations; the repositories of one table made separately in a process check each other's tenant index keys.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import {
  Attribute,
  createTable,
  Index,
  MetadataError,
  PartitionKey,
  Repository,
  runInTenantScope,
  SingleTable,
  SortKey,
  Table,
  TenantIsolationError,
} from '../../src/index.js';
import { tenantPolicy } from '../../src/security/tenant-policy.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { Customer } from './support/customer.js';

/** Writes GSI1's partition key as a plain value: any tenant could name another's partition of GSI1. */
@Table('shared_app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}' })
class PlainOrder {
  @Attribute() tenantId!: string;
  @Attribute() orderId!: string;
  @Attribute({ name: 'gsi1pk' }) @Index('GSI1', { role: 'partition' }) lookup?: string;
}

/** Writes GSI1's partition key as Customer does: a template led by the tenant. */
@Table('shared_app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}' })
@Index('GSI1', { role: 'partition', attribute: 'gsi1pk', template: 'TENANT#{tenantId}#ORDER#{orderId}' })
class Order {
  @Attribute() tenantId!: string;
  @Attribute() orderId!: string;
}

/** Stores a plain value under GSI1's attribute name without declaring the index. */
@Table('shared_app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'NOTE#{noteId}' })
class Note {
  @Attribute() tenantId!: string;
  @Attribute() noteId!: string;
  @Attribute({ name: 'gsi1pk' }) label?: string;
}

/** Writes GSI1's partition key itself, declared tenantPrefixed: checked in every scope, as Customer's is in its. */
@Table('shared_app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'TAG#{tagId}' })
class Tag {
  @Attribute() tenantId!: string;
  @Attribute() tagId!: string;
  @Attribute({ name: 'gsi1pk' }) @Index('GSI1', { role: 'partition', tenantPrefixed: true }) lookup?: string;
}

/** GSI1's key as a template led by another property: a tenant's only in scopes whose tenant property is orgId. */
@Table('shared_app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'TEAM#{teamId}' })
@Index('GSI1', { role: 'partition', attribute: 'gsi1pk', template: 'ORG#{orgId}#TEAM#{teamId}' })
class Team {
  @Attribute() tenantId!: string;
  @Attribute() orgId!: string;
  @Attribute() teamId!: string;
}

/** Customer's template, declared tenantPrefixed as well: a tenant's in every scope. */
@Table('shared_app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'CUSTOMER#{customerId}' })
@Index('GSI1', {
  role: 'partition',
  attribute: 'gsi1pk',
  template: 'TENANT#{tenantId}#EMAIL#{email}',
  tenantPrefixed: true,
})
class PrefixedCustomer {
  @Attribute() tenantId!: string;
  @Attribute() customerId!: string;
  @Attribute() email!: string;
}

const client = testClient();
test.after.always(() => client.destroy());
const refusal = {
  instanceOf: MetadataError,
  message: /PlainOrder writes gsi1pk as a plain value, but Customer .* GSI1/,
};

test("a SingleTable knows which of its indexes are tenants': a tenant-prefixed one is queried in a scope, a plain one refused", async (t) => {
  const tableName = uniqueTableName('shared-app');
  await createTable(client, Customer, { tableName });
  const customers = new SingleTable(client, [Customer], { tableName });
  const seen = await runInTenantScope({ tenantId: 'acme' }, () =>
    customers.query.withIndex('GSI1').where('gsi1pk = {0}', 'TENANT#acme#EMAIL#bob@acme.example').all(),
  );
  t.deepEqual(seen, []);
  // PlainOrder alone, on a table of its own (not created: the refusal comes before any request).
  const plain = new SingleTable(client, [PlainOrder], { tableName: uniqueTableName('plain-orders') });
  await t.throwsAsync(
    runInTenantScope({ tenantId: 'acme' }, () =>
      plain.query.withIndex('GSI1').where('gsi1pk = {0}', 'TENANT#acme#EMAIL#bob@acme.example').all(),
    ),
    { instanceOf: TenantIsolationError, message: /index GSI1 is keyed on gsi1pk, which is not tenant-prefixed/ },
  );
});

test('createTable, SingleTable and tenantPolicy refuse entities that disagree on an index key being a tenant’s', async (t) => {
  const tableName = uniqueTableName('shared-app');
  await t.throwsAsync(createTable(client, [Customer, PlainOrder], { tableName }), refusal);
  t.throws(() => new SingleTable(client, [Customer, PlainOrder], { tableName }), refusal);
  t.throws(() => tenantPolicy([Customer, PlainOrder], { accountId: '123456789012', region: 'us-east-1' }), refusal);
  t.throws(() => new SingleTable(client, [Note, Customer], { tableName }), {
    instanceOf: MetadataError,
    message: /Note writes gsi1pk as a plain value, but Customer/,
  });
});

test('repositories of one table made separately: the writes of the one that stores the key plain are checked', async (t) => {
  const tableName = uniqueTableName('shared-app');
  new Repository(Customer, { client, tableName });
  const plain = new Repository(PlainOrder, { client, tableName });
  const planted = 'TENANT#acme#EMAIL#bob@acme.example';
  await runInTenantScope({ tenantId: 'globex' }, async () => {
    await t.throwsAsync(
      plain.put.withItem(Object.assign(new PlainOrder(), { orderId: 'o1', lookup: planted })).execute(),
      {
        instanceOf: TenantIsolationError,
        message: /index key gsi1pk/,
      },
    );
    await t.throwsAsync(plain.update.withKey({ orderId: 'o1' }).set('SET lookup = {0}', planted).execute(), {
      instanceOf: TenantIsolationError,
      message: /index key gsi1pk/,
    });
  });
  // The same name elsewhere (another region, another account) is not refused: its writes are checked alike.
  const elsewhere = new DynamoDBClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  t.teardown(() => elsewhere.destroy());
  t.notThrows(() => new Repository(PlainOrder, { client: elsewhere, tableName }));
});

test('entities that agree share the index, and a tenant can neither write nor read another tenant’s partition', async (t) => {
  const tableName = uniqueTableName('shared-app');
  await createTable(client, [Customer, Order], { tableName });
  const orders = new Repository(Order, { client, tableName });
  const app = new SingleTable(client, [Customer, Order], { tableName });
  await runInTenantScope({ tenantId: 'globex' }, () =>
    orders.put.withItem(Object.assign(new Order(), { orderId: 'o1' })).execute(),
  );
  const acme = await runInTenantScope({ tenantId: 'acme' }, async () => {
    const own = await app.query.withIndex('GSI1').where('gsi1pk = {0}', 'TENANT#acme#ORDER#o1').all();
    const other = await app.query
      .withIndex('GSI1')
      .where('gsi1pk = {0}', 'TENANT#globex#ORDER#o1')
      .all()
      .then(
        () => 'read',
        (error: Error) => error.name,
      );
    return { own: own.length, other };
  });
  t.deepEqual(acme, { own: 0, other: 'TenantIsolationError' });
});

test('a key declared tenantPrefixed is a tenant’s in every scope: a template writer must declare it so too', (t) => {
  const tableName = uniqueTableName('shared-app');
  t.throws(() => new SingleTable(client, [Customer, Tag], { tableName }), {
    instanceOf: MetadataError,
    message:
      /Customer writes gsi1pk as a template led by \{tenantId\}, but Tag .* declared tenantPrefixed.*Declare gsi1pk on Customer tenantPrefixed/,
  });
  t.notThrows(() => new SingleTable(client, [PrefixedCustomer, Tag], { tableName }));
  t.throws(() => new SingleTable(client, [Customer, Team], { tableName }), {
    instanceOf: MetadataError,
    message: /Team writes gsi1pk as a template led by \{orgId\}, but Customer .* as a template led by \{tenantId\}/,
  });
});
