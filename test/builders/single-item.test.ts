import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import {
  Attribute,
  ConditionalCheckFailedError,
  createTable,
  DynamoRequestError,
  ExpressionError,
  fieldsOf,
  InvalidRequestError,
  ItemExistsError,
  keysOf,
  MappingError,
  PartitionKey,
  Repository,
  Table,
  TransactWriteItemsRequestBuilder,
  VersionConflictError,
} from '../../src/index.js';
import { Address, KitchenSink, newUser, OrderLine, User } from '../fixtures/entities.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

const client = testClient();
const users = new Repository(User, { client, tableName: uniqueTableName('users') });
const sinks = new Repository(KitchenSink, { client, tableName: uniqueTableName('sink') });
const lines = new Repository(OrderLine, { client, tableName: uniqueTableName('lines') });
const UserFields = fieldsOf(User);
const UserKeys = keysOf(User);
const SinkFields = fieldsOf(KitchenSink);

test.before(async () => {
  await Promise.all([
    createTable(client, User, { tableName: users.tableName }),
    createTable(client, KitchenSink, { tableName: sinks.tableName }),
    createTable(client, OrderLine, { tableName: lines.tableName }),
  ]);
});

async function rawItem(table: string, key: Record<string, { S: string } | { N: string }>) {
  const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return Item;
}

test('put then get returns an instance with the prefix stripped', async (t) => {
  const { item: written } = await users.put.withItem(newUser('get1')).execute();
  t.is(written.version, 1);
  t.true(written.updatedAt instanceof Date);
  const { item } = await users.get.withKey(UserFields.userId, UserKeys.pk('get1')).consistentRead().execute();
  t.true(item instanceof User);
  t.is(item?.userId, 'get1');
  t.is(item?.greet(), 'Hello, Name get1');
  t.is(item?.createdAt.toISOString(), '2026-01-02T03:04:05.678Z');
  t.is(item?.version, 1);
  const byObject = await users.get.withKey({ userId: 'get1' }).execute();
  t.deepEqual({ ...byObject.item }, { ...item });
});

test('get of a missing item gives undefined', async (t) => {
  const { item } = await users.get.withKey({ userId: 'nobody' }).execute();
  t.is(item, undefined);
});

test('get with a projection returns a partial instance', async (t) => {
  await users.put.withItem(newUser('proj1')).execute();
  const { item } = await users.get
    .withKey({ userId: 'proj1' })
    .withProjection(UserFields.userId, UserFields.name)
    .execute();
  t.true(item instanceof User);
  t.is(item?.userId, 'proj1');
  t.is(item?.name, 'Name proj1');
  t.is(item?.email, undefined);
});

test('TTL is stored as epoch seconds', async (t) => {
  const expiresAt = new Date('2031-02-03T04:05:06.000Z');
  await users.put.withItem(newUser('ttl1', { expiresAt })).execute();
  const raw = await rawItem(users.tableName, { pk: { S: 'USER#ttl1' } });
  t.deepEqual(raw?.expiresAt, { N: String(expiresAt.getTime() / 1000) });
  const { item } = await users.get.withKey({ userId: 'ttl1' }).execute();
  t.is(item?.expiresAt?.getTime(), expiresAt.getTime());
});

test('update: SET name = {0}, updatedAt = {1:o} with reserved words', async (t) => {
  await users.put.withItem(newUser('user123')).execute();
  const at = new Date('2026-11-28T10:00:00.000Z');
  const { attributes } = await users.update
    .withKey(UserFields.userId, UserKeys.pk('user123'))
    .set(`SET ${UserFields.name} = {0}, ${UserFields.updatedAt} = {1:o}`, 'Jane Doe', at)
    .where(`${UserFields.status} = {0}`, 'active')
    .returnValues('ALL_NEW')
    .execute();
  t.true(attributes instanceof User);
  t.is(attributes?.name, 'Jane Doe');
  t.is(attributes?.updatedAt?.toISOString(), at.toISOString(), 'the user-given updatedAt wins over the automatic one');
  t.is(attributes?.version, 2, 'update increments @Version');
  const failed = await t.throwsAsync(
    users.update
      .withKey({ userId: 'user123' })
      .set(`SET ${UserFields.name} = {0}`, 'X')
      .where(`${UserFields.status} = {0}`, 'inactive')
      .execute(),
    { instanceOf: ConditionalCheckFailedError },
  );
  t.true(failed?.message.includes('USER#user123'));
  t.is((failed?.cause as Error | undefined)?.name, 'ConditionalCheckFailedException');
});

test('update sets @UpdatedAt itself when the template does not', async (t) => {
  await users.put.withItem(newUser('upd2')).execute();
  const before = Date.now();
  const { attributes } = await users.update
    .withKey({ userId: 'upd2' })
    .set(`${UserFields.status} = {0}`, 'inactive')
    .returnValues('ALL_NEW')
    .execute();
  t.is(attributes?.status, 'inactive');
  t.true((attributes?.updatedAt?.getTime() ?? 0) >= before - 1000);
});

test('conditional put fails with ConditionalCheckFailedError and writes nothing', async (t) => {
  const sink = Object.assign(new KitchenSink(), { id: 'cp', rev: 1, text: 'first' });
  await sinks.put.withItem(sink).where(`attribute_not_exists(${SinkFields.id})`).execute();
  const error = await t.throwsAsync(
    sinks.put
      .withItem({ ...sink, text: 'second' })
      .where(`attribute_not_exists(${SinkFields.id})`)
      .execute(),
    { instanceOf: ConditionalCheckFailedError },
  );
  t.false(error instanceof VersionConflictError);
  const { item } = await sinks.get.withKey({ id: 'cp', rev: 1 }).execute();
  t.is(item?.text, 'first');
});

test('conditional delete: refused when the condition is false, done when true', async (t) => {
  await users.put.withItem(newUser('del1', { status: 'active' })).execute();
  await t.throwsAsync(
    users.delete
      .withKey(UserFields.userId, UserKeys.pk('del1'))
      .where(`${UserFields.status} = {0}`, 'inactive')
      .execute(),
    { instanceOf: ConditionalCheckFailedError },
  );
  t.truthy((await users.get.withKey({ userId: 'del1' }).execute()).item);
  const { attributes } = await users.delete
    .withKey({ userId: 'del1' })
    .where(`${UserFields.status} = {0}`, 'active')
    .returnValues('ALL_OLD')
    .execute();
  t.is(attributes?.userId, 'del1');
  t.is((await users.get.withKey({ userId: 'del1' }).execute()).item, undefined);
});

test('version conflicts: a stale put, update or delete is refused', async (t) => {
  const { item: v1 } = await users.put.withItem(newUser('ver1')).execute();
  const { item: v2 } = await users.put.withItem({ ...v1, name: 'second' } as User).execute();
  t.is(v2.version, 2);
  const stale = await t.throwsAsync(users.put.withItem({ ...v1, name: 'lost write' } as User).execute(), {
    instanceOf: VersionConflictError,
  });
  t.true(stale instanceof ConditionalCheckFailedError);
  t.true(stale?.message.includes('expected version 1'), stale?.message);
  t.true(stale?.message.includes('stored version is 2'), stale?.message);
  // A new item (version unset) under a taken key: the id is taken, which is not a version conflict.
  const taken = await t.throwsAsync(
    users.put.withItem(newUser('ver1')).execute(),
    { instanceOf: ItemExistsError },
    'a blind overwrite of a versioned item',
  );
  t.true(taken instanceof ConditionalCheckFailedError);
  t.false(taken instanceof VersionConflictError);
  t.regex(
    taken?.message ?? '',
    /an item with this key already exists, so the put of a new User was refused\. Choose another key/,
  );
  await t.throwsAsync(users.update.withKey({ userId: 'ver1' }).set('SET name = {0}', 'x').expectVersion(1).execute(), {
    instanceOf: VersionConflictError,
  });
  await t.throwsAsync(users.delete.withKey({ userId: 'ver1' }).expectVersion(1).execute(), {
    instanceOf: VersionConflictError,
  });
  const { attributes } = await users.update
    .withKey({ userId: 'ver1' })
    .set('SET name = {0}', 'third')
    .expectVersion(2)
    .returnValues('ALL_NEW')
    .execute();
  t.is(attributes?.version, 3);
  t.is((await users.get.withKey({ userId: 'ver1' }).execute()).item?.name, 'third');
  const forced = await users.put
    .withItem({ ...v1, name: 'forced' } as User)
    .skipVersionCheck()
    .execute();
  t.is(forced.item.version, 2);
  await users.delete.withKey({ userId: 'ver1' }).expectVersion(2).execute();
});

test('a put does not change the given entity', async (t) => {
  const user = newUser('immut1');
  const { item } = await users.put.withItem(user).execute();
  t.is(user.version, undefined);
  t.is(item.version, 1);
  t.true(item instanceof User);
});

test('every supported type round-trips through DynamoDB Local', async (t) => {
  const address = Object.assign(new Address(), { street: 'Main 1', zip: '10115', since: new Date(86_400_000) });
  const sink = Object.assign(new KitchenSink(), {
    id: 'all',
    rev: 2,
    text: '',
    count: 3.25,
    flag: true,
    when: new Date('2026-05-06T07:08:09.010Z'),
    whenMs: new Date(1_700_000_000_123),
    tags: new Set(['x', 'y']),
    scores: new Set([1, 2]),
    blobs: new Set([new Uint8Array([1, 2])]),
    lookup: new Map<string, unknown>([['k', { v: [1] }]]),
    list: ['a', 1, false, null],
    bytes: new Uint8Array([0, 255]),
    address,
    history: [address],
    doc: { a: { b: ['c', 1, true] } },
    nothing: null,
    piped: ['p', 'q'],
  });
  await sinks.put.withItem(sink).execute();
  const { item } = await sinks.get.withKey({ id: 'all', rev: 2 }).consistentRead().execute();
  t.true(item?.address instanceof Address);
  t.is(item?.address?.oneLine(), 'Main 1, 10115');
  t.deepEqual(item?.bytes && [...item.bytes], [0, 255]);
  t.deepEqual(item?.blobs && [...item.blobs].map((b) => [...b]), [[1, 2]]);
  const plain = (s?: KitchenSink) => ({
    ...s,
    bytes: undefined,
    blobs: undefined,
    address: { ...s?.address },
    history: s?.history?.map((a) => ({ ...a })),
  });
  t.deepEqual(plain(item), plain(sink));
});

test('reserved words and arithmetic in an update: count = count + {0}', async (t) => {
  await sinks.put
    .withItem(Object.assign(new KitchenSink(), { id: 'cnt', rev: 1, count: 1, tags: new Set(['a']) }))
    .execute();
  const { attributes } = await sinks.update
    .withKey({ id: 'cnt', rev: 1 })
    .set(`SET ${SinkFields.count} = ${SinkFields.count} + {0} ADD ${SinkFields.tags} {1}`, 41, new Set(['b']))
    .returnValues('UPDATED_NEW')
    .execute();
  t.is(attributes?.count, 42);
  t.deepEqual(attributes?.tags, new Set(['a', 'b']));
});

test('a template value is converted like its attribute: a Date against an epoch TTL', async (t) => {
  const expiresAt = new Date('2032-01-01T00:00:00.000Z');
  await users.put.withItem(newUser('ttl2', { expiresAt })).execute();
  await t.notThrowsAsync(
    users.update
      .withKey({ userId: 'ttl2' })
      .set('SET name = {0}', 'ok')
      .where(`${UserFields.expiresAt} = {0}`, expiresAt)
      .execute(),
  );
});

test('composite keys: put, get by parts, @CreatedAt kept by update', async (t) => {
  const line = Object.assign(new OrderLine(), {
    tenantId: 'acme',
    orderId: 'o9',
    line: 1,
    product: 'widget',
    placedAt: new Date(0),
  });
  const { item: written } = await lines.put.withItem(line).execute();
  t.true(written.created instanceof Date);
  const { item } = await lines.get.withKey({ tenantId: 'acme', orderId: 'o9', line: 1 }).execute();
  t.is(item?.product, 'widget');
  t.is(item?.created?.getTime(), written.created?.getTime());
  await lines.update.withKey({ tenantId: 'acme', orderId: 'o9', line: 1 }).set('SET product = {0}', 'gadget').execute();
  const after = (await lines.get.withKey(keysOf(OrderLine).pk.attribute, 'TENANT#acme', 'sk', 'ORDER#o9#1').execute())
    .item;
  t.is(after?.product, 'gadget');
  t.is(after?.created?.getTime(), written.created?.getTime(), 'update sets createdAt only if it does not exist');
});

test('bad input fails before anything is sent', async (t) => {
  let sent = 0;
  const counting = {
    send: async () => {
      sent += 1;
      return {};
    },
  } as unknown as typeof client;
  const repo = new Repository(User, { client: counting, tableName: 'never-used' });
  t.throws(() => repo.get.withKey({ userId: '' }), { name: 'MappingError' });
  t.throws(() => repo.get.withKey('nope', 'x'), { name: 'MappingError' });
  t.throws(() => repo.get.withKey(UserFields.userId, 42), { name: 'MappingError' });
  t.throws(() => repo.put.where('status = {0}' as string), { instanceOf: ExpressionError });
  t.throws(() => repo.put.where('unknown_fn(status)'), { instanceOf: ExpressionError });
  t.throws(
    () => repo.update.set('SET pk = {0}' as string, 'x'),
    { instanceOf: ExpressionError },
    'keys cannot be updated',
  );
  t.throws(() => repo.update.set('SET version = {0}', 1), { instanceOf: ExpressionError }, '@Version is managed');
  t.throws(() => repo.update.set('SET status = {0}', 'active').set('SET name = {0}', 'b'), {
    instanceOf: InvalidRequestError,
  });
  await t.throwsAsync(repo.get.execute(), { instanceOf: InvalidRequestError });
  await t.throwsAsync(repo.put.execute(), { instanceOf: InvalidRequestError });
  await t.throwsAsync(repo.update.withKey({ userId: 'x' }).execute(), { instanceOf: InvalidRequestError });
  t.throws(() => repo.delete.expectVersion(-1), { instanceOf: InvalidRequestError });
  t.is(sent, 0);
});

test('AWS errors keep their cause and say where they happened', async (t) => {
  const missing = new Repository(User, { client, tableName: 'no-such-table' });
  const error = await t.throwsAsync(missing.get.withKey({ userId: 'x' }).execute(), { instanceOf: DynamoRequestError });
  t.is(error?.code, 'ResourceNotFoundException');
  t.is(error?.operation, 'GetItem');
  t.true(error?.message.includes('no-such-table'));
  t.truthy(error?.cause);
});

test('consumed capacity is returned when asked for', async (t) => {
  await users.put.withItem(newUser('cap1')).execute();
  const { consumedCapacity } = await users.get.withKey({ userId: 'cap1' }).returnConsumedCapacity().execute();
  t.is(consumedCapacity?.TableName, users.tableName);
  t.true((consumedCapacity?.CapacityUnits ?? 0) > 0);
});

@Table('odd_names')
class OddNames {
  @PartitionKey({ attribute: 'item-id' }) id!: string;
  @Attribute({ name: 'first-name' }) firstName?: string;
  @Attribute({ name: 'in' }) within?: string;
}

test('stored names that are not identifiers or are keywords work through fieldsOf', async (t) => {
  const odd = new Repository(OddNames, { client, tableName: uniqueTableName('odd') });
  await createTable(client, OddNames, { tableName: odd.tableName });
  const F = fieldsOf(OddNames);
  t.is(F.id, '`item-id`');
  t.is(F.firstName, '`first-name`');
  t.is(F.within, '`in`');
  await odd.put
    .withItem(Object.assign(new OddNames(), { id: 'o1', firstName: 'Ada', within: 'x' }))
    .where(`attribute_not_exists(${F.id})`)
    .execute();
  await odd.update
    .withKey(F.id, 'o1')
    .set(`SET ${F.firstName} = {0}`, 'Grace')
    .where(`${F.within} = {0}`, 'x')
    .execute();
  const { item } = await odd.get.withKey({ id: 'o1' }).withProjection(F.id, F.firstName).execute();
  t.is(item?.id, 'o1');
  t.is(item?.firstName, 'Grace');
  t.is(item?.within, undefined, 'not projected');
});

test('create() builds an instance with its field initialisers, and refuses unknown properties and mistyped values', (t) => {
  const user = users.create({
    userId: 'c1',
    email: 'c@example.com',
    name: 'C',
    status: 'active',
    createdAt: new Date(0),
  });
  t.true(user instanceof User);
  t.is(user.displayName, 'C <c@example.com>');
  t.throws(() => users.create({ userId: 'c1', naem: 'C' } as never), {
    instanceOf: MappingError,
    message: /User has no property naem \(did you mean name\?\)/,
  });
  t.throws(
    () => users.create({ userId: 'c1', email: 'e', name: 'C', status: 'active', createdAt: 'yesterday' } as never),
    {
      instanceOf: MappingError,
      message: /createdAt/,
    },
  );
});

test('asNew() moves a versioned item to a new key in one transaction; the put refuses a taken key', async (t) => {
  const { item: old } = await users.put.withItem(newUser('move-from')).execute();
  await users.update.withKey({ userId: 'move-from' }).set('SET name = {0}', 'moved').execute(); // version 2
  const { item: current } = await users.get.withKey({ userId: 'move-from' }).consistentRead().execute();
  if (current === undefined) throw new Error('the item is missing');
  t.is(current.version, 2);
  await new TransactWriteItemsRequestBuilder(client)
    .delete(users, (b) => b.withKey({ userId: 'move-from' }).expectVersion(2))
    .put(users, (b) => b.withItem(Object.assign(Object.create(User.prototype), current, { userId: 'move-to' })).asNew())
    .execute();
  t.is((await users.get.withKey({ userId: 'move-from' }).consistentRead().execute()).item, undefined);
  const { item: moved } = await users.get.withKey({ userId: 'move-to' }).consistentRead().execute();
  t.is(moved?.name, 'moved');
  t.is(moved?.version, 1, 'a new item starts at version 1');
  // Under a taken key, asNew() is refused as any new item is.
  await t.throwsAsync(
    users.put
      .withItem({ ...old, userId: 'move-to' } as User)
      .asNew()
      .execute(),
    {
      instanceOf: ItemExistsError,
    },
  );
});
