// A value placed against one attribute in a template (`SET status = {0}`, `status = {0}`, `ADD tags {0}`) is
// converted by that attribute's converter. A value it refuses used to be sent as given: `SET status = {0}` with 42
// stored { N: '42' } in a String attribute, and the item then failed to hydrate on every later read.
import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { Attribute, MappingError, PartitionKey, Repository, Table, TimeToLive, UpdatedAt } from '../../src/index.js';

@Table('accounts')
class Account {
  @PartitionKey({ attribute: 'pk', prefix: 'ACCOUNT' }) id!: string;
  @Attribute() status!: string;
  @Attribute() score!: number;
  @Attribute() active!: boolean;
  @Attribute({ type: Date }) createdAt!: Date;
  @Attribute({ type: Set }) tags?: Set<string>;
  @Attribute({ type: Object }) extra?: unknown;
  @UpdatedAt({ type: String }) touchedAt?: string;
  @TimeToLive() expiresAt?: Date;
}

// Nothing is sent: every case below is decided by toInput().
const accounts = new Repository(Account, new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' }));
const update = (template: string, ...values: unknown[]) =>
  accounts.update
    .withKey({ id: 'a1' })
    .set(template, ...values)
    .toInput();
const condition = (template: string, ...values: unknown[]) =>
  accounts.update
    .withKey({ id: 'a1' })
    .set('SET score = {0}', 1)
    .where(template, ...values)
    .toInput();

test('a value the attribute refuses is a MappingError naming the template, the value and the attribute, never sent', (t) => {
  const error = t.throws(() => update('SET status = {0}', 42), { instanceOf: MappingError });
  t.regex(error?.message ?? '', /template value \{0\} cannot be stored in status, a String attribute/);
  t.regex(error?.message ?? '', /update template "SET status = \{0\}"/);
  t.is(error?.property, 'status');
  t.throws(() => update('SET score = {0}', '42'), { instanceOf: MappingError, message: /score, a Number/ });
  t.throws(() => update('SET active = {0}', 'true'), { instanceOf: MappingError, message: /active, a Boolean/ });
  t.throws(() => update('ADD tags {0}', ['a']), { instanceOf: MappingError, message: /tags, a Set/ });
  t.throws(() => condition('status IN ({0}, {1})', 'a', 7), { instanceOf: MappingError, message: /value \{1\}/ });
  t.throws(() => condition('createdAt > {0}', 1700000000), { instanceOf: MappingError, message: /createdAt, a Date/ });
});

test('values of the attribute type, and the documented alternates, are accepted', (t) => {
  const values = (input: ReturnType<typeof update>) => Object.values(input.ExpressionAttributeValues ?? {});
  t.true(values(update('SET status = {0}', 'open')).some((v) => v.S === 'open'));
  t.true(values(update('ADD tags {0}', new Set(['a']))).some((v) => v.SS?.[0] === 'a'));
  // An ISO string against a Date stored as ISO, and a number against a Date stored as epoch seconds.
  t.true(
    values(condition('createdAt > {0}', '2026-01-01T00:00:00.000Z')).some((v) => v.S === '2026-01-01T00:00:00.000Z'),
  );
  t.true(values(condition('expiresAt < {0}', 1700000000)).some((v) => v.N === '1700000000'));
  t.true(values(condition('expiresAt < {0}', new Date(1_700_000_000_000))).some((v) => v.N === '1700000000'));
  // A Date against a timestamp stored as an ISO string; anything against an open (Object) attribute; null.
  t.true(values(condition('touchedAt < {0}', new Date(0))).some((v) => v.S === '1970-01-01T00:00:00.000Z'));
  t.notThrows(() => update('SET extra = {0}', 42));
  t.notThrows(() => update('SET status = {0}', null));
  // With a spec, the spec decides the stored form.
  t.true(values(update('SET status = {0:s}', 42)).some((v) => v.S === '42'));
});
