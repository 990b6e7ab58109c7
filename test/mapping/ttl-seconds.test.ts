// DynamoDB's time to live reads epoch seconds. A number @TimeToLive given in milliseconds (Date.now() + ...) used
// to be stored as given: DynamoDB read it as a date some 50,000 years ahead and never expired the item.
import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { MappingError, PartitionKey, Repository, Table, TimeToLive } from '../../src/index.js';

@Table('sessions')
class Session {
  @PartitionKey() id!: string;
  @TimeToLive() expires?: number;
}

@Table('tokens')
class Token {
  @PartitionKey() id!: string;
  @TimeToLive() expiresAt?: Date;
}

// Nothing is sent: every case is decided before a request is made.
const client = new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
const sessions = new Repository(Session, client);
const tokens = new Repository(Token, client);
const session = (expires: number) => Object.assign(new Session(), { id: 's1', expires });
const inAnHour = Date.now() + 3_600_000;

test('a number TTL in milliseconds is a MappingError that says TTL is epoch seconds', (t) => {
  const error = t.throws(() => sessions.put.withItem(session(inAnHour)), { instanceOf: MappingError });
  t.regex(error?.message ?? '', /^Session\.expires: .*epoch seconds, not milliseconds/);
  t.regex(error?.message ?? '', /Math\.floor\(milliseconds \/ 1000\)/);
  t.is(error?.property, 'expires');
});

test('negative and non-finite TTL numbers are refused; epoch seconds up to 1e11 are stored', (t) => {
  t.throws(() => sessions.put.withItem(session(-1)), { instanceOf: MappingError, message: /cannot be negative/ });
  t.throws(() => sessions.put.withItem(session(Number.NaN)), { instanceOf: MappingError, message: /finite/ });
  t.throws(() => sessions.put.withItem(session(Number.POSITIVE_INFINITY)), { instanceOf: MappingError });
  t.throws(() => sessions.put.withItem(session(1e11 + 1)), { instanceOf: MappingError, message: /milliseconds/ });
  const seconds = Math.floor(inAnHour / 1000);
  t.deepEqual(sessions.put.withItem(session(seconds)).toInput().Item?.expires, { N: String(seconds) });
  t.deepEqual(sessions.put.withItem(session(1e11)).toInput().Item?.expires, { N: '100000000000' });
  t.deepEqual(sessions.put.withItem(session(0)).toInput().Item?.expires, { N: '0' });
});

test('template values and setValues written to a TTL are checked the same, a Date TTL too', (t) => {
  const update = (template: string, value: unknown) =>
    sessions.update.withKey({ id: 's1' }).set(template, value).toInput();
  t.throws(() => update('SET expires = {0}', inAnHour), { instanceOf: MappingError, message: /milliseconds/ });
  t.throws(() => sessions.update.withKey({ id: 's1' }).setValues({ expires: inAnHour }), {
    instanceOf: MappingError,
    message: /milliseconds/,
  });
  t.throws(() => tokens.update.withKey({ id: 't1' }).set('SET expiresAt = {0}', inAnHour).toInput(), {
    instanceOf: MappingError,
    message: /milliseconds/,
  });
  const seconds = Math.floor(inAnHour / 1000);
  t.true(
    Object.values(update('SET expires = {0}', seconds).ExpressionAttributeValues ?? {}).some(
      (v) => v.N === String(seconds),
    ),
  );
  // A comparison writes nothing: it is left as it is.
  t.notThrows(() =>
    sessions.update.withKey({ id: 's1' }).set('SET expires = {0}', seconds).where('expires < {0}', inAnHour).toInput(),
  );
});
