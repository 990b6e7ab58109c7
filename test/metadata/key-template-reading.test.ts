// How a key template reads stored keys. Whether a key is one of the template (matches: which class a stream
// record or an item without a discriminator is) reads each part as the template writes it, without the
// separators. The parts of an item known to be of the class are read as stored, also a part another tool wrote
// with a separator inside; and a separator may be any character, an astral one too.
import 'reflect-metadata';
import test from 'ava';
import { Attribute, PartitionKey, SortKey, Table } from '../../src/index.js';
import { itemToEntity } from '../../src/mapping/entity-mapper.js';
import { entityMetadata } from '../../src/metadata/compile-entity.js';

@Table('key_reading')
@PartitionKey({ attribute: 'pk', template: 'CUSTOMER#{customerId}' })
@SortKey({ attribute: 'sk', template: 'ORDER#{orderId}' })
class Order {
  @Attribute() customerId!: string;
  @Attribute() orderId!: string;
}

@Table('key_reading')
@PartitionKey({ attribute: 'pk', template: 'DOC\u{1F600}{docId}' })
class Emoji {
  @Attribute() docId!: string;
}

test('an item of the class whose key part holds a separator (written by another tool) is read as stored', (t) => {
  const sortKey = entityMetadata(Order).sortKey;
  t.false(sortKey?.matches({ S: 'ORDER#2024#o1' }), 'no key this template writes');
  const order = itemToEntity<Order>(entityMetadata(Order), {
    pk: { S: 'CUSTOMER#c1' },
    sk: { S: 'ORDER#2024#o1' },
    _type: { S: 'Order' },
  });
  t.deepEqual({ ...order }, { customerId: 'c1', orderId: '2024#o1' });
});

test('a separator outside the Basic Multilingual Plane: what the template writes, it reads back', (t) => {
  const key = entityMetadata(Emoji).partitionKey;
  // U+1F601 shares its first UTF-16 unit with the separator U+1F600: still another character.
  const stored = key.fromObject({ docId: '\u{1F601}' });
  t.deepEqual(stored, { S: 'DOC\u{1F600}\u{1F601}' });
  t.true(key.matches(stored));
  const target: Record<string, unknown> = {};
  key.toObject(stored, target);
  t.deepEqual(target, { docId: '\u{1F601}' });
  t.false(key.matches({ S: 'DOC\u{1F600}a\u{1F600}b' }), 'a part holding the separator is no key of it');
});
