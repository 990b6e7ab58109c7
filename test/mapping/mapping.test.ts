import test from 'ava';
import { MappingError, Repository } from '../../src/index.js';
import { entityToItem, itemToEntity, keyFromObject } from '../../src/mapping/entity-mapper.js';
import { entityMetadata } from '../../src/metadata/compile-entity.js';
import { Address, KitchenSink, newUser, OrderLine, User } from '../fixtures/entities.js';

const users = entityMetadata(User);
const sinks = entityMetadata(KitchenSink);

function address(street: string, zip: string, since?: Date): Address {
  return Object.assign(new Address(), { street, zip, since });
}

test('a User becomes an item with prefixed key, ISO dates and epoch TTL', (t) => {
  const user = newUser('u1', { expiresAt: new Date('2030-01-01T00:00:00.000Z'), version: 3 });
  const item = entityToItem(users, user);
  t.deepEqual(item.pk, { S: 'USER#u1' });
  t.false('userId' in item, 'the key property is stored only as its key attribute');
  t.deepEqual(item.createdAt, { S: '2026-01-02T03:04:05.678Z' });
  t.deepEqual(item.expiresAt, { N: String(Date.UTC(2030, 0, 1) / 1000) });
  t.deepEqual(item.version, { N: '3' });
  t.false('updatedAt' in item, 'undefined attributes are left out');
});

test('an item becomes a User instance with the prefix stripped', (t) => {
  const item = entityToItem(users, newUser('u2', { expiresAt: new Date('2030-01-01T00:00:00.000Z') }));
  const back = itemToEntity<User>(users, item);
  t.true(back instanceof User);
  t.is(back.userId, 'u2');
  t.is(back.greet(), 'Hello, Name u2');
  t.is(back.displayName, 'Name u2 <u2@example.com>');
  t.true(back.createdAt instanceof Date);
  t.is(back.createdAt.toISOString(), '2026-01-02T03:04:05.678Z');
  t.is(back.expiresAt?.toISOString(), '2030-01-01T00:00:00.000Z');
});

test('every supported type round-trips', (t) => {
  const sink = Object.assign(new KitchenSink(), {
    id: 'k1',
    rev: 7,
    text: '',
    count: -12.5,
    flag: false,
    when: new Date('2026-05-06T07:08:09.010Z'),
    whenMs: new Date(1_700_000_000_123),
    tags: new Set(['a', 'b']),
    scores: new Set([1, 2.5]),
    blobs: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
    lookup: new Map<string, unknown>([
      ['x', 1],
      ['y', 'z'],
    ]),
    list: [1, 'two', true, null, [3], { four: 4 }],
    bytes: new Uint8Array([9, 8, 7]),
    address: address('Main St 1', '12345', new Date('2020-01-01T00:00:00.000Z')),
    history: [address('Old St 2', '99999'), address('Older St 3', '88888')],
    doc: { nested: { deep: [1, { x: 'y' }] }, empty: '' },
    nothing: null,
    piped: ['a', 'b', 'c'],
  });
  const item = entityToItem(sinks, sink);
  t.deepEqual(item.whenMs, { N: '1700000000123' });
  t.deepEqual(item.address?.M?.zip_code, { S: '12345' });
  t.deepEqual(item.nothing, { NULL: true });
  t.deepEqual(item.piped, { S: 'a|b|c' });
  t.deepEqual(item.tags, { SS: ['a', 'b'] });
  t.deepEqual(item.scores, { NS: ['1', '2.5'] });
  const back = itemToEntity<KitchenSink>(sinks, item);
  t.true(back.address instanceof Address);
  t.is(back.address?.oneLine(), 'Main St 1, 12345');
  t.true(back.history?.[1] instanceof Address);
  t.deepEqual(
    { ...back, address: { ...back.address }, history: back.history?.map((a) => ({ ...a })) },
    {
      ...sink,
      address: { ...sink.address },
      history: sink.history?.map((a) => ({ ...a })),
    },
  );
});

test('empty sets are left out, never sent', (t) => {
  const item = entityToItem(
    sinks,
    Object.assign(new KitchenSink(), { id: 'k', rev: 1, tags: new Set(), scores: new Set() }),
  );
  t.false('tags' in item);
  t.false('scores' in item);
});

test('an empty string index key is left out (the item just is not in that index)', (t) => {
  const item = entityToItem(users, newUser('u3', { email: '' }));
  t.false('email' in item);
  t.deepEqual(item.name, { S: 'Name u3' });
});

test('a missing or empty key is a MappingError naming the property', (t) => {
  const missing = t.throws(() => entityToItem(users, newUser(undefined as unknown as string)), {
    instanceOf: MappingError,
  });
  t.true(missing?.message.includes('User.userId'));
  const empty = t.throws(() => keyFromObject(users, { userId: '' }), { instanceOf: MappingError });
  t.true(empty?.message.includes('empty'));
  const wrongType = t.throws(() => keyFromObject(users, { userId: 42 }), { instanceOf: MappingError });
  t.true(wrongType?.message.includes('must be a string'));
});

test('a value of the wrong type is a MappingError naming class and property', (t) => {
  const error = t.throws(() => entityToItem(users, newUser('u4', { createdAt: 'yesterday' as unknown as Date })), {
    instanceOf: MappingError,
  });
  t.is(error?.message, 'User.createdAt: expected a Date, got string');
  const nan = t.throws(() => entityToItem(sinks, Object.assign(new KitchenSink(), { id: 'k', rev: Number.NaN })), {
    instanceOf: MappingError,
  });
  t.true(nan?.message.includes('finite'));
  const mixed = t.throws(
    () => entityToItem(sinks, Object.assign(new KitchenSink(), { id: 'k', rev: 1, tags: new Set(['a', 1]) })),
    {
      instanceOf: MappingError,
    },
  );
  t.true(mixed?.message.includes('KitchenSink.tags'));
});

test('composite keys are written from their parts, which are stored too, and read back', (t) => {
  const meta = entityMetadata(OrderLine);
  const line = Object.assign(new OrderLine(), { tenantId: 'acme', orderId: 'o1', line: 3, product: 'p' });
  const item = entityToItem(meta, line);
  t.deepEqual(item.pk, { S: 'TENANT#acme' });
  t.deepEqual(item.sk, { S: 'ORDER#o1#3' });
  t.deepEqual(item.tenantId, { S: 'acme' });
  const keyOnly = itemToEntity<OrderLine>(meta, { pk: item.pk!, sk: item.sk! });
  t.is(keyOnly.tenantId, 'acme');
  t.is(keyOnly.orderId, 'o1');
  t.is(keyOnly.line, 3, 'numeric template parts come back as numbers');
});

test('a stored key without the expected prefix is a MappingError', (t) => {
  const error = t.throws(() => itemToEntity(users, { pk: { S: 'ORDER#1' } }), { instanceOf: MappingError });
  t.true(error?.message.includes('does not start with "USER#"'));
});

test('repositories accept plain objects as items', (t) => {
  const repo = new Repository(User, { client: { send: async () => ({}) } as never, tableName: 'x' });
  const input = repo.put
    .withItem({ userId: 'p1', email: 'e', name: 'n', status: 'active', createdAt: new Date(0) } as User)
    .toInput(new Date(5));
  t.deepEqual(input.Item?.pk, { S: 'USER#p1' });
  t.deepEqual(input.Item?.updatedAt, { S: new Date(5).toISOString() });
  t.deepEqual(input.Item?.version, { N: '1' });
});
