/**
 * Compile-time checks of key objects: an entity that declares `[KeyParts]` takes exactly its key parts,
 * all required, in withKey (every builder that takes a key, alone or inside a batch or a transaction)
 * and in keysOf(E).pk/.sk; its key decorators must sit on declared parts. An entity without the
 * declaration takes what it always took. Each `@ts-expect-error` fails the build if its line stops being
 * an error.
 */
import test from 'ava';
import {
  Attribute,
  BatchGetItemRequestBuilder,
  BatchWriteItemRequestBuilder,
  keysOf,
  MappingError,
  MetadataError,
  PartitionKey,
  Repository,
  runInTenantScope,
  SortKey,
  TransactGetItemsRequestBuilder,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { KeyParts } from '../../src/metadata/key-parts.js';
import { User } from '../fixtures/entities.js';
import { testClient } from '../support/dynamo.js';
import { Account, Order, Reading } from './key-entities.js';
import { profiles, users } from './support.js';

const client = testClient();
const accounts = new Repository(Account, { client, tableName: 'type-accounts' });
const orders = new Repository(Order, { client, tableName: 'type-orders' });
const readings = new Repository(Reading, { client, tableName: 'type-readings' });
const AccountKeys = keysOf(Account);
const OrderKeys = keysOf(Order);
const ReadingKeys = keysOf(Reading);

const orderKey = { tenantId: 'acme', userId: 'u1', orderId: 'o1', line: 2 };

/** Key objects that must not compile; never run here (the run time's own checks are below). */
const refusedKeys: ReadonlyArray<() => { toInput(): unknown }> = [
  // @ts-expect-error a property that is not a key part
  () => accounts.get.withKey({ name: 'Ada' }),
  // @ts-expect-error the key with another property besides
  () => accounts.get.withKey({ accountId: 'a1', name: 'Ada' }),
  // @ts-expect-error a key part of the wrong type
  () => accounts.get.withKey({ accountId: 1 }),
  // @ts-expect-error a composite sort key without one of its parts
  () => orders.get.withKey({ tenantId: 'acme', userId: 'u1', orderId: 'o1' }),
  // @ts-expect-error a composite partition key without its non-tenant part
  () => orders.get.withKey({ tenantId: 'acme', orderId: 'o1', line: 2 }),
  // @ts-expect-error a sort key part missing on a simple sort key
  () => readings.get.withKey({ device: 'd1' }),
  // @ts-expect-error delete
  () => orders.delete.withKey({ name: 'x' }),
  // @ts-expect-error update
  () => orders.update.withKey({ tenantId: 'acme', userId: 'u1', orderId: 'o1' }).set('SET name = {0}', 'y'),
  // @ts-expect-error update, a non-key property among the parts
  () => orders.update.withKey({ ...orderKey, name: 'x' }).set('SET name = {0}', 'y'),
];

/** The same in batches and transactions: their callbacks get the same builders. */
const tx = () => new TransactWriteItemsRequestBuilder(client);
const refusedInGroups: ReadonlyArray<() => unknown> = [
  // @ts-expect-error a batch get
  () => new BatchGetItemRequestBuilder(client).get(orders, (b) => b.withKey({ orderId: 'o1', line: 2 })),
  // @ts-expect-error a batch delete
  () => new BatchWriteItemRequestBuilder(client).delete(accounts, (b) => b.withKey({ name: 'x' })),
  // @ts-expect-error a transaction get
  () => new TransactGetItemsRequestBuilder(client).get(readings, (b) => b.withKey({ at: 1 })),
  // @ts-expect-error a transaction update
  () => tx().update(accounts, (b) => b.withKey({ name: 'x' }).set('SET name = {0}', 'y')),
  // @ts-expect-error a transaction delete
  () => tx().delete(orders, (b) => b.withKey({ tenantId: 'acme', userId: 'u1' })),
  // @ts-expect-error a transaction condition check
  () => tx().conditionCheck(accounts, (b) => b.withKey({ name: 'x' }).where('attribute_exists(name)')),
];

/** keysOf(E).pk/.sk take exactly the parts of their key. */
const refusedFormats: ReadonlyArray<() => unknown> = [
  // @ts-expect-error a composite partition key without a part
  () => OrderKeys.pk({ tenantId: 'acme' }),
  // @ts-expect-error a sort part given to the partition key
  () => OrderKeys.pk({ tenantId: 'acme', userId: 'u1', orderId: 'o1' }),
  // @ts-expect-error a scalar for a key of several parts
  () => OrderKeys.pk('acme'),
  // @ts-expect-error a composite sort key without a part
  () => OrderKeys.sk({ orderId: 'o1' }),
  // @ts-expect-error a partition part given to the sort key
  () => OrderKeys.sk({ orderId: 'o1', line: 2, tenantId: 'acme' }),
  // @ts-expect-error a property that is not the key
  () => AccountKeys.pk({ name: 'Ada' }),
  // @ts-expect-error a value of the wrong type for a key of one property
  () => AccountKeys.pk(1),
  // @ts-expect-error an entity that declares no sort key has no sk to call
  () => AccountKeys.sk('x'),
  // @ts-expect-error a number key takes a number
  () => ReadingKeys.sk('1'),
];

test('withKey takes exactly the declared key parts, and builds the key', (t) => {
  t.deepEqual(accounts.get.withKey({ accountId: 'a1' }).toInput().Key, { pk: { S: 'ACCOUNT#a1' } });
  t.deepEqual(orders.get.withKey(orderKey).toInput().Key, {
    pk: { S: 'TENANT#acme#USER#u1' },
    sk: { S: 'ORDER#o1#2' },
  });
  t.deepEqual(readings.delete.withKey({ device: 'd1', at: 5 }).toInput().Key, { device: { S: 'd1' }, at: { N: '5' } });
  // An entity (not a fresh object literal) is a key object too: only its key parts are read.
  const order = Object.assign(new Order(), orderKey, { name: 'x' });
  t.deepEqual(orders.update.withKey(order).set('SET name = {0}', 'y').toInput().Key, {
    pk: { S: 'TENANT#acme#USER#u1' },
    sk: { S: 'ORDER#o1#2' },
  });
  // The stored-name form is unchanged.
  t.deepEqual(accounts.get.withKey('pk', AccountKeys.pk('a1')).toInput().Key, { pk: { S: 'ACCOUNT#a1' } });
});

test('a repository of a declaring entity is still a Repository<object>', (t) => {
  const stored: ReadonlyArray<Repository<object>> = [accounts, orders, readings, users];
  t.is(stored.length, 4);
});

test('the declared tenant part may be left out of withKey: a tenant scope fills it in', (t) => {
  const key = runInTenantScope({ tenantId: 'acme' }, () =>
    orders.get.withKey({ userId: 'u1', orderId: 'o1', line: 2 }).toInput(),
  ).Key;
  t.deepEqual(key, { pk: { S: 'TENANT#acme#USER#u1' }, sk: { S: 'ORDER#o1#2' } });
  // Outside a scope the run time refuses it, by name.
  t.throws(() => orders.get.withKey({ userId: 'u1', orderId: 'o1', line: 2 }), { instanceOf: MappingError });
});

test('keysOf formats exactly the declared parts', (t) => {
  t.is(OrderKeys.pk({ tenantId: 'acme', userId: 'u1' }), 'TENANT#acme#USER#u1');
  t.is(OrderKeys.sk({ orderId: 'o1', line: 2 }), 'ORDER#o1#2');
  t.is(AccountKeys.pk('a1'), 'ACCOUNT#a1');
  t.is(AccountKeys.pk({ accountId: 'a1' }), 'ACCOUNT#a1');
  t.is(ReadingKeys.sk(5), 5);
});

test('the key objects refused at compile time that lack a part are refused at run time too', (t) => {
  const accepted = refusedKeys.flatMap((call, index) => {
    try {
      call().toInput();
      return [index];
    } catch (error) {
      if (error instanceof MappingError) return [];
      throw error;
    }
  });
  // Extra properties beside a whole key (1, 8) are ignored at run time: only the compiler sees them.
  t.deepEqual(accepted, [1, 8]);
  t.is(refusedInGroups.length, 6);
  const formats = refusedFormats.flatMap((call, index) => {
    try {
      call();
      return [index];
    } catch (error) {
      if (error instanceof MappingError || error instanceof MetadataError) return [];
      throw error;
    }
  });
  // An extra part beside the whole key (1, 4) is ignored at run time.
  t.deepEqual(formats, [1, 4]);
});

test('an entity without the declaration takes what it always took', (t) => {
  // Partial<T>: any subset of the properties compiles; the run time checks the key.
  t.throws(() => users.get.withKey({ name: 'x' }), { instanceOf: MappingError });
  t.deepEqual(profiles.get.withKey({ profileId: 'p1', rev: 1, name: 'Ada' }).toInput().Key, {
    profileId: { S: 'p1' },
    rev: { N: '1' },
  });
  t.throws(() => profiles.get.withKey({ profileId: 'p1' }).toInput(), { instanceOf: MappingError });
  const UserKeys = keysOf(User);
  t.is(UserKeys.pk('u1'), 'USER#u1');
  t.is(UserKeys.pk({ userId: 'u1', name: 'x' }), 'USER#u1');
  t.throws(() => UserKeys.sk('x'), { instanceOf: MetadataError });
});

// Decorators check what they decorate against the declaration (nothing of this runs: no repository is made).

class SimpleKeys {
  declare readonly [KeyParts]?: { partition: 'id'; sort: 'rev' };
  @PartitionKey() id!: string;
  @SortKey() rev!: number;
  // @ts-expect-error a partition key on a property that is not a declared partition part
  @PartitionKey() name!: string;
  // @ts-expect-error a sort key on the partition part
  @SortKey() other!: string;
}

@PartitionKey({ template: 'TENANT#{tenantId}#USER#{userId}' })
@SortKey({ template: 'ORDER#{orderId}' })
class TemplateKeys {
  declare readonly [KeyParts]?: { partition: 'tenantId' | 'userId'; sort: 'orderId' };
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
  @Attribute() orderId!: string;
}

// @ts-expect-error a partition template that lacks a declared part
@PartitionKey({ template: 'TENANT#{tenantId}' })
// @ts-expect-error a sort template with a part that is not declared
@SortKey({ template: 'ORDER#{orderId}#{line}' })
class MismatchedTemplates {
  declare readonly [KeyParts]?: { partition: 'tenantId' | 'userId'; sort: 'orderId' };
  @Attribute() tenantId!: string;
  @Attribute() userId!: string;
  @Attribute() orderId!: string;
  @Attribute() line!: number;
}

/** A private constructor (a factory-made entity) takes class decorators as before. */
@PartitionKey({ template: 'TENANT#{tenantId}' })
class Made {
  declare readonly [KeyParts]?: { partition: 'tenantId' };
  @Attribute() tenantId!: string;
  private constructor() {}
  static make(): Made {
    return new Made();
  }
}

abstract class Keyed {
  declare readonly [KeyParts]?: { partition: 'id' };
  @PartitionKey() id!: string;
}

/** A subclass that adds a sort key declares its parts again (a narrower declaration). */
class Revised extends Keyed {
  declare readonly [KeyParts]?: { partition: 'id'; sort: 'rev' };
  @SortKey() rev!: number;
}

class Unrevised extends Keyed {
  // @ts-expect-error the inherited declaration has no sort key
  @SortKey() rev!: number;
}

test("the decorated classes are classes (their checks are the compiler's)", (t) => {
  t.is(typeof SimpleKeys, 'function');
  t.is(typeof TemplateKeys, 'function');
  t.is(typeof MismatchedTemplates, 'function');
  t.true(Made.make() instanceof Made);
  t.true(new Revised() instanceof Keyed);
  t.true(new Unrevised() instanceof Keyed);
  // `declare` emits nothing: instances carry no KeyParts member.
  t.false(KeyParts in new TemplateKeys());
  t.deepEqual(Object.getOwnPropertySymbols(new SimpleKeys()), []);
});
