import test from 'ava';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from '../../src/builders/read/cursor.js';
import { type CursorOptions, configureCursors, cursorSettings } from '../../src/builders/read/cursor-options.js';
import {
  ConfigurationError,
  createTable,
  DynamoDbTable,
  fieldsOf,
  InvalidCursorError,
  keysOf,
  Repository,
  SingleTable,
} from '../../src/index.js';
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

// --- signed and encrypted cursors ------------------------------------------------------------------------------

const SECRET = 'cursor-secret-0123456789-abcdefghij';
const OTHER_SECRET = 'another-secret-0123456789-abcdefgh';
const signed = cursorSettings({ secret: SECRET, mode: 'signed' });
const encrypted = cursorSettings({ secret: SECRET, mode: 'encrypted' });

test('signed and encrypted cursors round-trip any key and are URL-safe', (t) => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.uint8Array({ minLength: 1 }),
      fc.constantFrom(signed, encrypted),
      (s, n, b, settings) => {
        const key = { pk: { S: s }, sk: { N: String(n) }, bin: { B: b } };
        const cursor = encodeCursor(key, 'table', 'index', settings);
        t.regex(cursor, /^[A-Za-z0-9_.-]+$/);
        const back = decodeCursor(cursor, 'table', 'index', settings);
        t.deepEqual(back.pk, key.pk);
        t.deepEqual(back.sk, key.sk);
        t.deepEqual([...(back.bin?.B ?? [])], [...b]);
      },
    ),
  );
});

test('a secret alone means encrypted cursors; an encrypted cursor shows nothing of the key and changes every time', (t) => {
  const settings = cursorSettings({ secret: SECRET });
  t.is(settings.mode, 'encrypted');
  const key = { device: { S: 'DEVICE#sensor-42' }, seq: { N: '1234' } };
  const a = encodeCursor(key, 'readings', undefined, settings);
  const b = encodeCursor(key, 'readings', undefined, settings);
  t.not(a, b, 'a random IV per cursor');
  for (const text of [a, Buffer.from(a.slice(3), 'base64url').toString('latin1')]) {
    for (const secret of ['device', 'DEVICE', 'sensor-42', 'seq', '1234', 'readings']) t.false(text.includes(secret));
  }
  const lengths = new Set(
    Array.from({ length: 32 }, (_, n) => {
      const other = { device: { S: `DEVICE#${'s'.repeat(n + 1)}` }, seq: { N: '1' } };
      return encodeCursor(other, 'readings', undefined, settings).length;
    }),
  );
  t.true(lengths.size <= 2, `padded to 32 bytes: keys of 32 lengths give cursors of ${lengths.size} lengths`);
  t.deepEqual(decodeCursor(a, 'readings', undefined, settings), key);
});

test('rotation: the first secret signs and encrypts, every listed secret is accepted', (t) => {
  const key = { pk: { S: 'DEVICE#x' }, sk: { N: '7' } };
  for (const mode of ['signed', 'encrypted'] as const) {
    const old = cursorSettings({ secret: OTHER_SECRET, mode });
    const rotating = cursorSettings({ secret: [SECRET, OTHER_SECRET], mode });
    const fresh = cursorSettings({ secret: [SECRET], mode });
    const issuedBefore = encodeCursor(key, 'table', undefined, old);
    t.deepEqual(decodeCursor(issuedBefore, 'table', undefined, rotating), key, `${mode}: old cursors still accepted`);
    const issuedDuring = encodeCursor(key, 'table', undefined, rotating);
    t.deepEqual(decodeCursor(issuedDuring, 'table', undefined, fresh), key, `${mode}: new cursors use the first`);
    t.throws(() => decodeCursor(issuedBefore, 'table', undefined, fresh), {
      instanceOf: InvalidCursorError,
      message: mode === 'signed' ? /not signed with a cursor secret/ : /not encrypted with a cursor secret/,
    });
  }
});

test('cursor options are checked when given: ConfigurationError naming the option', (t) => {
  const bad: Array<[unknown, RegExp]> = [
    [{ secret: 'short' }, /at least 32 bytes \(got a string of 5\)/],
    [{ secret: new Uint8Array(31) }, /at least 32 bytes \(got 31\)/],
    [{ secret: [SECRET, 'short'] }, /secret 1: a secret needs at least 32 bytes/],
    [{ secret: [], mode: 'signed' }, /mode 'signed' needs a secret/],
    [{ mode: 'encrypted' }, /mode 'encrypted' needs a secret/],
    [{ mode: 'unkeyed', secret: SECRET }, /mode 'unkeyed' takes no secret/],
    [{ mode: 'hmac', secret: SECRET }, /mode is 'unkeyed', 'signed' or 'encrypted', got "hmac"/],
    [{ secret: 42 }, /a string or a Uint8Array, got number/],
    ['secret', /expected an object/],
  ];
  for (const [options, message] of bad) {
    const error = t.throws(() => cursorSettings(options as CursorOptions), { instanceOf: ConfigurationError, message });
    t.regex(error?.option ?? '', /^cursors/);
    t.throws(() => new Repository(Reading, { client, cursors: options as CursorOptions }), {
      instanceOf: ConfigurationError,
    });
  }
  t.is(cursorSettings({ secret: new Uint8Array(32) }).mode, 'encrypted');
  t.is(cursorSettings({}).mode, 'unkeyed');
});

test.serial('configureCursors sets the cursors of every table without options of its own', async (t) => {
  const own = new Repository(Reading, { client, tableName: readings.tableName, cursors: { mode: 'unkeyed' } });
  const signedRepo = new Repository(Reading, {
    client,
    tableName: readings.tableName,
    cursors: { secret: OTHER_SECRET, mode: 'signed' },
  });
  const query = (repo: Repository<Reading>) => repo.query.where(`${F.device} = {0}`, K.pk('x')).pageSize(50);
  try {
    configureCursors({ secret: SECRET });
    const page = await x().execute();
    t.regex(page.cursor ?? '', /^e1\./, 'the process-wide default applies to a repository created before');
    t.deepEqual(decodeCursor(page.cursor ?? '', readings.tableName, undefined, encrypted), page.lastEvaluatedKey);
    t.regex((await query(own).execute()).cursor ?? '', /^[A-Za-z0-9_-]{12}\./, 'its own option wins');
    t.regex((await query(signedRepo).execute()).cursor ?? '', /^s1\./);
    await t.throwsAsync(query(own).startAt(page.cursor).execute(), {
      instanceOf: InvalidCursorError,
      message: /it is encrypted, and no cursor secret is configured for this table/,
    });
  } finally {
    configureCursors(undefined);
  }
  t.regex((await x().execute()).cursor ?? '', /^[A-Za-z0-9_-]{12}\./, 'configureCursors(undefined): unkeyed again');
});

test('DynamoDbTable and SingleTable take the same cursors option', async (t) => {
  const table = new DynamoDbTable(client, readings.tableName, {
    partitionKey: 'device',
    sortKey: 'seq',
    cursors: { secret: SECRET, mode: 'signed' },
  });
  const shared = new SingleTable(client, [Reading], { tableName: readings.tableName, cursors: { secret: SECRET } });
  for (const [source, prefix] of [
    [table, /^s1\./],
    [shared, /^e1\./],
  ] as const) {
    const read = () => source.query.where('device = {0}', K.pk('y')).pageSize(50);
    const first = await read().execute();
    t.regex(first.cursor ?? '', prefix);
    const second = await read().startAt(first.cursor).execute();
    t.is(second.items.length, 50);
    const { cursor: unkeyedCursor } = await readings.query.where(`${F.device} = {0}`, K.pk('y')).pageSize(50).execute();
    await t.throwsAsync(read().startAt(unkeyedCursor).execute(), {
      instanceOf: InvalidCursorError,
      message: /it is unkeyed, and this table's cursors are (signed|encrypted)/,
    });
  }
});
