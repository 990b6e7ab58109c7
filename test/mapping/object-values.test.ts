// Where the metadata fixes no type (Object attributes, template values, DynamoDbTable records), only plain
// objects are stored as maps, as @aws-sdk/util-dynamodb's marshall does without convertClassInstanceToMap.
// A class instance used to be stored by its own enumerable keys: a URL as an empty map, a class with #private
// fields and getters as an empty or partial one, read back as a plain object. It is a MappingError now.
import 'reflect-metadata';
import { runInNewContext } from 'node:vm';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { Attribute, DynamoDbTable, MappingError, PartitionKey, Repository, Table } from '../../src/index.js';

@Table('documents')
class Document {
  @PartitionKey({ attribute: 'pk', prefix: 'DOC' }) id!: string;
  @Attribute() meta?: object;
  @Attribute({ type: Object }) extra?: unknown;
}

class Money {
  #cents: number;
  constructor(cents: number) {
    this.#cents = cents;
  }
  get amount(): number {
    return this.#cents / 100;
  }
}

// Nothing is sent: every case is decided before a request is made.
const client = new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
const documents = new Repository(Document, client);
const records = new DynamoDbTable(client, 'documents', { partitionKey: 'pk' });
const document = (extra: Partial<Document>) => Object.assign(new Document(), { id: 'd1', ...extra });

test('a class instance in an Object attribute is a MappingError naming the class, the property and the fixes', (t) => {
  for (const [value, name] of [
    [new URL('https://example.com/x'), 'URL'],
    [{ price: new Money(1234) }, 'Money'],
    [[new Money(1)], 'Money'],
    [new Map([['at', new URL('https://example.com')]]), 'URL'],
    [new Int16Array([1, 2]), 'Int16Array'],
    [new (class {})(), 'an anonymous class'],
  ] as const) {
    const error = t.throws(() => documents.put.withItem(document({ meta: value as object })), {
      instanceOf: MappingError,
    });
    t.regex(error?.message ?? '', new RegExp(`^Document\\.meta: .*${name} cannot be stored`));
    t.regex(error?.message ?? '', /plain object.*@Attribute properties.*converter/);
  }
  t.throws(() => documents.put.withItem(document({ extra: new Money(5) })), {
    instanceOf: MappingError,
    message: /^Document\.extra: an object of class Money/,
  });
});

test('template values and setValues of an Object attribute refuse class instances too', (t) => {
  t.throws(
    () => documents.update.withKey({ id: 'd1' }).set('SET meta = {0}', new URL('https://example.com')).toInput(),
    { instanceOf: MappingError, message: /URL cannot be stored/ },
  );
  t.throws(() => documents.update.withKey({ id: 'd1' }).setValues({ extra: { price: new Money(1) } }), {
    instanceOf: MappingError,
    message: /Money cannot be stored/,
  });
});

test('DynamoDbTable records: a class instance in an attribute, or as the record, is refused', (t) => {
  t.throws(() => records.put.withItem({ pk: 'r1', link: new URL('https://example.com') }), {
    instanceOf: MappingError,
    message: /^documents\.link: an object of class URL cannot be stored/,
  });
  t.throws(() => records.put.withItem(new Money(1) as unknown as Record<string, unknown>), {
    instanceOf: MappingError,
    message: /^documents: expected a plain record object, got an object of class Money/,
  });
  t.throws(() => records.update.withKey('pk', 'r1').setValues({ price: new Money(1) }), {
    instanceOf: MappingError,
    message: /Money cannot be stored/,
  });
});

test('plain objects are stored: literals, null-prototype objects, literals of another realm, and the known kinds', (t) => {
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
  const foreign = runInNewContext('({ b: "x", nested: { c: true } })') as object;
  const input = documents.put
    .withItem(
      document({
        meta: { bare, foreign, at: new Date(0), bytes: Buffer.from('z'), list: [1], set: new Set(['s']) },
      }),
    )
    .toInput();
  t.deepEqual(input.Item?.meta?.M?.bare, { M: { a: { N: '1' } } });
  t.deepEqual(input.Item?.meta?.M?.foreign, { M: { b: { S: 'x' }, nested: { M: { c: { BOOL: true } } } } });
  t.deepEqual(input.Item?.meta?.M?.at, { S: '1970-01-01T00:00:00.000Z' });
  t.deepEqual(input.Item?.meta?.M?.set, { SS: ['s'] });
});
