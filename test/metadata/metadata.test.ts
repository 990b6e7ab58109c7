import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import {
  Attribute,
  fieldsOf,
  Index,
  indexesOf,
  keysOf,
  MetadataError,
  PartitionKey,
  Repository,
  SortKey,
  Table,
  Version,
} from '../../src/index.js';
import { KitchenSink, OrderLine, User } from '../fixtures/entities.js';

const client = new DynamoDBClient({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9',
  credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
});

function metadataError(t: import('ava').ExecutionContext, fn: () => unknown, ...fragments: string[]): void {
  const error = t.throws(fn, { instanceOf: MetadataError });
  for (const f of fragments) t.true(error?.message.includes(f), `"${error?.message}" should mention "${f}"`);
}

test('fieldsOf maps properties to stored names', (t) => {
  const UserFields = fieldsOf(User);
  t.is(UserFields.userId, 'pk');
  t.is(UserFields.email, 'email');
  t.is(UserFields.name, 'name');
  t.is(UserFields.updatedAt, 'updatedAt');
  t.is(UserFields.version, 'version');
  t.is(fieldsOf(KitchenSink).id, 'id');
  t.is(fieldsOf(OrderLine).tenantId, 'tenantId');
});

test('fieldsOf throws on a property it does not know (plain JavaScript has no type check)', (t) => {
  const fields = fieldsOf(User) as unknown as Record<string, string>;
  metadataError(t, () => fields.emial, "no 'emial'");
  t.notThrows(() => JSON.stringify(fields));
  t.is(`${fields.email}`, 'email');
});

test('misspelt properties are compile errors', (t) => {
  const UserFields = fieldsOf(User);
  const UserKeys = keysOf(User);
  // @ts-expect-error: no such property
  t.throws(() => UserFields.emial);
  // @ts-expect-error: methods are not fields
  t.throws(() => UserFields.greet);
  // @ts-expect-error: keys are objects of entity properties
  t.throws(() => UserKeys.pk({ userid: 'x' }));
});

test('keysOf formats stored keys, with prefixes and templates', (t) => {
  const UserKeys = keysOf(User);
  t.is(UserKeys.pk('user123'), 'USER#user123');
  t.is(UserKeys.pk({ userId: 'user123' }), 'USER#user123');
  t.is(UserKeys.pk.attribute, 'pk');
  metadataError(t, () => UserKeys.sk('x'), 'no @SortKey');
  const OrderKeys = keysOf(OrderLine);
  t.is(OrderKeys.pk({ tenantId: 'acme' }), 'TENANT#acme');
  t.is(OrderKeys.sk({ orderId: 'o1', line: 2 }), 'ORDER#o1#2');
  t.is(OrderKeys.sk.attribute, 'sk');
  t.deepEqual(OrderKeys.sk.properties, ['orderId', 'line']);
});

test('a template part may not contain the separator (no forged keys)', (t) => {
  const error = t.throws(() => keysOf(OrderLine).pk({ tenantId: 'acme#USER#x' }));
  t.is(error?.name, 'MappingError');
  t.true(error?.message.includes("contains '#'"));
});

test('indexesOf describes global and local indexes', (t) => {
  const UserIndexes = indexesOf<'EmailIndex' | 'StatusIndex'>(User);
  t.deepEqual({ ...UserIndexes.EmailIndex }, { name: 'EmailIndex', type: 'global', partitionKey: 'email' });
  t.deepEqual(
    { ...UserIndexes.StatusIndex },
    { name: 'StatusIndex', type: 'global', partitionKey: 'status', sortKey: 'createdAt' },
  );
  t.deepEqual(
    { ...indexesOf(OrderLine).ByPlaced },
    { name: 'ByPlaced', type: 'local', partitionKey: 'pk', sortKey: 'placedAt' },
  );
  metadataError(t, () => (indexesOf(User) as Record<string, unknown>).NoSuchIndex, "no 'NoSuchIndex'");
});

test('metadata is compiled once per class', (t) => {
  const a = new Repository(User, client);
  const b = new Repository(User, { client, tableName: 'users_test' });
  t.is(a.metadata, b.metadata);
  t.is(b.tableName, 'users_test');
  t.is(a.get, a.get, 'getters return the prepared builder');
});

test('no partition key', (t) => {
  @Table('table1')
  class NoKey {
    @Attribute() name!: string;
  }
  metadataError(t, () => new Repository(NoKey, client), 'NoKey', 'no @PartitionKey');
});

test('two partition keys name the class and property', (t) => {
  @Table('table2')
  class TwoKeys {
    @PartitionKey() a!: string;
    @PartitionKey() b!: string;
  }
  metadataError(t, () => new Repository(TwoKeys, client), 'TwoKeys.b', '2 @PartitionKey');
});

test('an index with a sort key but no partition key', (t) => {
  @Table('table3')
  class HalfIndex {
    @PartitionKey() id!: string;
    @Attribute() @Index('ByDate', { role: 'sort' }) date!: string;
  }
  metadataError(
    t,
    () => new Repository(HalfIndex, client),
    'HalfIndex.date',
    "index 'ByDate' has a sort key but no partition key",
  );
});

test('unknown type', (t) => {
  class NotAnEntity {
    x = 1;
  }
  @Table('table4')
  class Weird {
    @PartitionKey() id!: string;
    @Attribute({ type: NotAnEntity }) thing!: NotAnEntity;
    @Attribute({ type: Promise }) later!: Promise<void>;
  }
  metadataError(t, () => new Repository(Weird, client), 'Weird.thing', 'NotAnEntity is not supported');
});

test('unknown type from emitted design metadata', (t) => {
  class Plain {
    y = 2;
  }
  @Table('table5')
  class UsesPlain {
    @PartitionKey() id!: string;
    @Attribute() plain!: Plain;
  }
  metadataError(t, () => new Repository(UsesPlain, client), 'UsesPlain.plain', 'Plain is not supported');
});

test('@Version must be a number', (t) => {
  @Table('table6')
  class BadVersion {
    @PartitionKey() id!: string;
    @Version() version!: string;
  }
  metadataError(t, () => new Repository(BadVersion, client), 'BadVersion.version', '@Version needs a number');
});

test('two properties stored under one name', (t) => {
  @Table('table7')
  class Clash {
    @PartitionKey() id!: string;
    @Attribute({ name: 'x' }) a!: string;
    @Attribute({ name: 'x' }) b!: string;
  }
  metadataError(t, () => new Repository(Clash, client), 'Clash.b', "'x' is also used by a");
});

test('a composite template must use decorated properties', (t) => {
  @Table('table8')
  @PartitionKey({ template: 'T#{tenantId}#{missing}' })
  class BadTemplate {
    @Attribute() tenantId!: string;
  }
  metadataError(t, () => new Repository(BadTemplate, client), 'BadTemplate.missing', 'decorate it with @Attribute()');
});

test('a local index needs a table sort key and only a sort role', (t) => {
  @Table('table9')
  class BadLocal {
    @PartitionKey() id!: string;
    @Attribute() @Index('L', { role: 'sort', type: 'local' }) d!: string;
  }
  metadataError(t, () => new Repository(BadLocal, client), "local index 'L' needs a table with a sort key");
  @Table('table10')
  class BadLocal2 {
    @PartitionKey() id!: string;
    @SortKey() s!: string;
    @Attribute() @Index('L', { role: 'partition', type: 'local' }) d!: string;
  }
  metadataError(t, () => new Repository(BadLocal2, client), 'BadLocal2.d', 'declare only role');
});

test('no table name', (t) => {
  class NoTable {
    @PartitionKey() id!: string;
  }
  metadataError(t, () => new Repository(NoTable, client), 'NoTable', 'no @Table');
  t.notThrows(() => new Repository(NoTable, { client, tableName: 'explicit' }));
});

test('decorators on a base class are inherited', (t) => {
  abstract class Base {
    @PartitionKey() id!: string;
    @Attribute() created?: Date;
  }
  @Table('table11')
  class Child extends Base {
    @Attribute() extra?: string;
  }
  const repo = new Repository(Child, client);
  t.deepEqual(Object.keys(repo.metadata.fields).sort(), ['created', 'extra', 'id']);
});
