// A Date stored as text is read as ISO-8601, strictly and the same on every server. `new Date(text)` read "1" as
// 2001-01-01 and "2024-02-30" as March 1st, and read a date-time without a zone in the server's local time.
import 'reflect-metadata';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { Attribute, MappingError, PartitionKey, Repository, Table } from '../../src/index.js';
import { itemToEntity } from '../../src/mapping/entity-mapper.js';
import { entityMetadata } from '../../src/metadata/compile-entity.js';

// ava runs each test file in a process of its own: a zone west of UTC here shows which reads depend on it.
process.env.TZ = 'America/New_York';

@Table('events')
class Event {
  @PartitionKey() id!: string;
  @Attribute() at?: Date;
}

const events = entityMetadata(Event);
const read = (text: string) =>
  itemToEntity<Event>(events, { id: { S: 'e1' }, at: { S: text } } as Record<string, AttributeValue>).at;

test('the time zone of this process is not UTC (else the zone-less case below would prove nothing)', (t) => {
  t.not(new Date('2024-01-01T00:00:00').getTime(), Date.UTC(2024, 0, 1));
});

test('ISO-8601 dates and date-times are read; a date-time without a zone is UTC, not local time', (t) => {
  for (const [text, iso] of [
    ['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00', '2024-01-01T00:00:00.000Z'],
    ['2024-06-30T12:34:56.789', '2024-06-30T12:34:56.789Z'],
    ['2024-01-01', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T02:00:00+02:00', '2024-01-01T00:00:00.000Z'],
    ['2023-12-31T19:30:00-04:30', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00.123456Z', '2024-01-01T00:00:00.123Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-01-01 00:00:00', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01 02:00:00+0200', '2024-01-01T00:00:00.000Z'],
    ['0050-01-01T00:00:00.000Z', '0050-01-01T00:00:00.000Z'],
    ['+010000-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z'],
    ['-000001-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z'],
  ] as const) {
    t.is(read(text)?.toISOString(), iso, text);
  }
});

test('any other text is a MappingError naming the property and the stored text', (t) => {
  for (const text of [
    '1',
    '',
    '2024',
    '2024-01',
    '2024-1-1',
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:00+02',
    '2024-01-01T00:00:00+02:0',
    '2024-01-01  00:00:00',
    '2024-01-01T00:00:00 GMT',
    'Jan 1 2024',
    '-000000-01-01T00:00:00.000Z',
    '+275761-01-01T00:00:00.000Z',
  ]) {
    const error = t.throws(() => read(text), { instanceOf: MappingError }, text);
    t.true(
      error?.message.startsWith(`Event.at: the stored date ${JSON.stringify(text)} is not an ISO-8601 date`),
      error?.message,
    );
  }
});

test('a string written to an ISO Date through a template must read back as a date', (t) => {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
  const repo = new Repository(Event, client);
  const write = (value: string) => () => repo.update.withKey({ id: 'e1' }).set('SET at = {0}', value).toInput();
  t.notThrows(write('2024-01-01T00:00:00.000Z'));
  t.notThrows(write('2024-01-01'));
  for (const text of ['1', '2024-01', '2024-02-30']) {
    t.throws(write(text), { instanceOf: MappingError, message: /must be a whole date/ }, text);
  }
  // A comparison may name the start of a date: stored as ISO text, dates compare as text.
  t.notThrows(() =>
    repo.update.withKey({ id: 'e1' }).set('SET at = {0}', new Date()).where('at > {0}', '2024-01').toInput(),
  );
});
