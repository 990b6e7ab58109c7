import test from 'ava';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from '../../src/builders/read/cursor.js';
import { createTable, fieldsOf, InvalidCursorError, keysOf, Repository } from '../../src/index.js';
import { load, Reading, reading } from '../fixtures/readings.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

const client = testClient();
const readings = new Repository(Reading, { client, tableName: uniqueTableName('cursor') });
const F = fieldsOf(Reading);
const K = keysOf(Reading);

test.before(async () => {
  await createTable(client, Reading, { tableName: readings.tableName });
  await load(
    client,
    readings.tableName,
    ['x', 'y'].flatMap((d) => Array.from({ length: 120 }, (_, s) => reading(d, s))),
  );
});

const x = () => readings.query.where(`${F.device} = {0}`, K.pk('x')).pageSize(50);

test('cursors round-trip any key and are URL-safe', (t) => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.uint8Array({ minLength: 1 }),
      (s, n, b) => {
        const key = { pk: { S: s }, sk: { N: String(n) }, bin: { B: b } };
        const cursor = encodeCursor(key, 'table', 'index');
        t.regex(cursor, /^[A-Za-z0-9_.-]+$/);
        const back = decodeCursor(cursor, 'table', 'index');
        t.deepEqual(back.pk, key.pk);
        t.deepEqual(back.sk, key.sk);
        t.deepEqual([...(back.bin?.B ?? [])], [...b]);
      },
    ),
  );
});

test('paging a query over HTTP with cursors reads every item once', async (t) => {
  const seen: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await x().startAt(cursor).execute();
    seen.push(...page.items.map((r) => r.seq));
    cursor = page.cursor;
  } while (cursor);
  t.deepEqual(
    seen,
    Array.from({ length: 120 }, (_, i) => i),
  );
});

test('a tampered cursor is refused with a clear error, never read', async (t) => {
  const { cursor } = await x().execute();
  if (!cursor) return t.fail('expected a cursor');
  const payload = JSON.parse(Buffer.from(cursor.split('.')[1] ?? '', 'base64url').toString());
  payload.k.device[1] = 'DEVICE#y';
  const forged = `${cursor.split('.')[0]}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  for (const bad of [forged, cursor.slice(0, -3), `${cursor}x`, 'garbage', '', cursor.replace('.', '')]) {
    await t.throwsAsync(x().startAt(bad).execute(), { instanceOf: InvalidCursorError }, bad);
  }
});

test('a valid cursor of another partition, index or table is refused', async (t) => {
  const { cursor: ofY } = await readings.query.where(`${F.device} = {0}`, K.pk('y')).pageSize(50).execute();
  const error = await t.throwsAsync(x().startAt(ofY).execute(), { instanceOf: InvalidCursorError });
  t.regex(error?.message ?? '', /another partition/);
  const { cursor: ofIndex } = await readings.query
    .withIndex('ByKind')
    .where(`${F.kind} = {0}`, 'odd')
    .pageSize(10)
    .execute();
  await t.throwsAsync(x().startAt(ofIndex).execute(), {
    instanceOf: InvalidCursorError,
    message: /belongs to .* index ByKind/,
  });
  const other = new Repository(Reading, { client, tableName: 'some-other-table' });
  await t.throwsAsync(other.query.where(`${F.device} = {0}`, K.pk('x')).startAt(ofY).execute(), {
    instanceOf: InvalidCursorError,
  });
  const { cursor: ofScan } = await readings.scan.pageSize(10).execute();
  await t.throwsAsync(
    x().startAt(ofScan).execute(),
    { instanceOf: InvalidCursorError },
    'a scan position of another partition',
  );
});

test('malformed cursors, generated, always give InvalidCursorError', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 200 }), async (s) => {
      const error = await x()
        .startAt(s)
        .execute()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      t.true(error instanceof InvalidCursorError, `${JSON.stringify(s)} gave ${String(error)}`);
    }),
    { numRuns: 100 },
  );
});
