import test from 'ava';
import { PutItemBuilder } from '../../src/builders/put/put-item-builder.js';
import { Attribute, createTable, PartitionKey, Repository, SingleTable, SortKey, Table } from '../../src/index.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

@Table('app')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'CUSTOMER#{customerId}' })
class Customer {
  @Attribute() tenantId!: string;
  @Attribute() customerId!: string;
  @Attribute() name!: string;
  hello() {
    return `customer ${this.name}`;
  }
}

@Table('app', { entityType: 'ORDER' })
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}' })
class Order {
  @Attribute() tenantId!: string;
  @Attribute() orderId!: string;
  @Attribute() total!: number;
  hello() {
    return `order ${this.orderId}`;
  }
}

const client = testClient();
const tableName = uniqueTableName('app');
const customers = new Repository(Customer, { client, tableName });
const orders = new Repository(Order, { client, tableName });
const app = new SingleTable(client, [Customer, Order], { tableName });

test.before(async () => {
  await createTable(client, [Customer, Order], { tableName });
  await customers.put
    .withItem(Object.assign(new Customer(), { tenantId: 't1', customerId: 'c1', name: 'Ada' }))
    .execute();
  await orders.put.withItem(Object.assign(new Order(), { tenantId: 't1', orderId: 'o1', total: 10 })).execute();
  await orders.put.withItem(Object.assign(new Order(), { tenantId: 't1', orderId: 'o2', total: 20 })).execute();
  // An item no entity claims.
  await new PutItemBuilder(app.target, { conditions: [] })
    .withItem({ pk: 'TENANT#t1', sk: 'NOTE#1', text: 'hi' })
    .execute();
});

test('a query over a shared partition hydrates each item as its own class', async (t) => {
  const items = await app.query.where('pk = {0}', 'TENANT#t1').all();
  t.is(items.length, 4);
  const byClass = items.map((i) =>
    i instanceof Customer ? i.hello() : i instanceof Order ? i.hello() : `raw ${String(i.text)}`,
  );
  t.deepEqual(byClass.sort(), ['customer Ada', 'order o1', 'order o2', 'raw hi']);
});

test('a typed repository skips the items of other entity types and says so', async (t) => {
  const all = await orders.query.where('pk = {0}' as string, 'TENANT#t1').execute();
  t.deepEqual(all.items.map((o) => o.orderId).sort(), ['o1', 'o2']);
  t.true(all.items.every((o) => o instanceof Order));
  t.is(all.skipped, 2);
});

test('begins_with on a string sort key selects one entity type of the partition', async (t) => {
  const page = await orders.query.where('pk = {0} AND begins_with(sk, {1})' as string, 'TENANT#t1', 'ORDER#').execute();
  t.deepEqual(
    page.items.map((o) => o.orderId),
    ['o1', 'o2'],
  );
  t.is(page.skipped, 0);
  const mixed = await app.query.where('pk = {0} AND sk >= {1}', 'TENANT#t1', 'NOTE#').all();
  t.is(mixed.length, 3, 'NOTE#1, ORDER#o1, ORDER#o2 sort after NOTE#');
});
