import test from 'ava';
import {
  createTable,
  ExpressionError,
  fieldsOf,
  InvalidRequestError,
  indexesOf,
  keysOf,
  Repository,
  runWithClient,
} from '../../src/index.js';
import { countRequests, load, Reading, reading } from '../fixtures/readings.js';
import { randomAlphanumeric, testClient, uniqueTableName } from '../support/dynamo.js';

const accessKey = `q${randomAlphanumeric(12)}`;
const client = testClient(accessKey);
const readings = new Repository(Reading, { client, tableName: uniqueTableName('readings') });
const F = fieldsOf(Reading);
const K = keysOf(Reading);
const I = indexesOf<'ByKind' | 'ByValue'>(Reading);
const PER_DEVICE = 1500;

test.before(async () => {
  await createTable(client, Reading, { tableName: readings.tableName });
  const items: Reading[] = [];
  for (const device of ['d1', 'd2']) for (let seq = 0; seq < PER_DEVICE; seq++) items.push(reading(device, seq));
  await load(client, readings.tableName, items);
});

const seqs = (items: Array<{ seq?: number }>) => items.map((i) => i.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const d1 = () => readings.query.where(`${F.device} = {0}`, K.pk('d1'));

test('partition equality returns every item of the partition, in sort order, across pages', async (t) => {
  const all = await d1().pageSize(200).all();
  t.is(all.length, PER_DEVICE);
  t.deepEqual(seqs(all), range(0, PER_DEVICE - 1));
  t.true(all[0] instanceof Reading);
  t.is(all[0]?.device, 'd1', 'the DEVICE# prefix is stripped');
});

test('every sort-key operator', async (t) => {
  const q = (template: string, ...values: unknown[]) => readings.query.where(template, K.pk('d2'), ...values).all();
  t.deepEqual(seqs(await q(`${F.device} = {0} AND ${F.seq} = {1}`, 42)), [42]);
  t.deepEqual(seqs(await q(`${F.device} = {0} AND ${F.seq} < {1}`, 3)), [0, 1, 2]);
  t.deepEqual(seqs(await q(`${F.device} = {0} AND ${F.seq} <= {1}`, 2)), [0, 1, 2]);
  t.deepEqual(seqs(await q(`${F.device} = {0} AND ${F.seq} > {1}`, PER_DEVICE - 3)), [PER_DEVICE - 2, PER_DEVICE - 1]);
  t.deepEqual(seqs(await q(`${F.device} = {0} AND ${F.seq} >= {1}`, PER_DEVICE - 2)), [PER_DEVICE - 2, PER_DEVICE - 1]);
  t.deepEqual(seqs(await q(`${F.device} = {0} AND ${F.seq} BETWEEN {1} AND {2}`, 10, 14)), range(10, 14));
  t.deepEqual(seqs(await q(`${F.seq} = {1} AND ${F.device} = {0}`, 7)), [7], 'either order');
});

test('begins_with in a filter', async (t) => {
  const items = await d1().withFilter(`begins_with(${F.label}, {0})`, 'L0001').all();
  t.deepEqual(seqs(items), range(10, 19));
});

test('filters, descending order and a total limit that fills up across pages', async (t) => {
  const tenth = await d1().withFilter(`${F.note} = {0}`, 'tenth').scanForward(false).all();
  t.is(tenth.length, PER_DEVICE / 10);
  t.deepEqual(seqs(tenth).slice(0, 3), [1490, 1480, 1470]);
  const page = await d1().withFilter(`${F.note} = {0}`, 'tenth').limit(25).pageSize(100).execute();
  t.is(page.items.length, 25, 'a filtered limit(25) still returns 25 items');
  t.deepEqual(
    seqs(page.items),
    range(0, 24).map((i) => i * 10),
  );
  t.truthy(page.cursor);
  const next = await d1().withFilter(`${F.note} = {0}`, 'tenth').limit(25).pageSize(100).startAt(page.cursor).execute();
  t.deepEqual(
    seqs(next.items),
    range(25, 49).map((i) => i * 10),
    'the next page starts exactly after the last item',
  );
});

test('execute() without limit is one request; with limit it continues exactly', async (t) => {
  const page = await d1().pageSize(100).execute();
  t.is(page.items.length, 100);
  t.is(page.count, 100);
  t.truthy(page.lastEvaluatedKey);
  const second = await d1().pageSize(100).startAt(page.lastEvaluatedKey).execute();
  t.deepEqual(seqs(second.items), range(100, 199));
  const limited = await d1().limit(5).execute();
  t.deepEqual(seqs(limited.items), range(0, 4));
});

test('projection returns partial instances', async (t) => {
  const items = await d1().withProjection(F.device, F.seq, F.label).limit(3).all();
  t.is(items.length, 3);
  t.true(items[0] instanceof Reading);
  t.is(items[0]?.label, 'L00000');
  t.is(items[0]?.value, undefined);
});

test('GSI and LSI queries', async (t) => {
  const odd = await readings.query.withIndex(I.ByKind).where(`${F.kind} = {0} AND ${F.value} < {1}`, 'odd', 5).all();
  t.true(odd.length > 0);
  t.true(odd.every((r) => r.kind === 'odd' && r.value < 5));
  const byValue = await readings.query
    .withIndex('ByValue')
    .where(`${F.device} = {0} AND ${F.value} BETWEEN {1} AND {2}`, K.pk('d1'), 100, 102)
    .all();
  const expected = range(0, PER_DEVICE - 1).filter((s) => {
    const v = (s * 7919) % 1000;
    return v >= 100 && v <= 102;
  });
  t.deepEqual(
    seqs(byValue).sort((a, b) => (a ?? 0) - (b ?? 0)),
    expected,
  );
  t.true(
    byValue.every((r, i, all) => i === 0 || (all[i - 1]?.value ?? 0) <= r.value),
    'ordered by the LSI sort key',
  );
  const viaGsiPages = await readings.query.withIndex(I.ByKind).where(`${F.kind} = {0}`, 'even').pageSize(250).all();
  t.is(viaGsiPages.length, PER_DEVICE, 'even readings of both devices, over several pages');
});

test('key conditions are checked against the key schema before sending', (t) => {
  const filterOnly = t.throws(() => readings.query.where(`${F.label} = {0}`, 'x'), { instanceOf: ExpressionError });
  t.regex(filterOnly?.message ?? '', /'label' is not the partition key.*withFilter/);
  const wrongSort = t.throws(() => readings.query.where(`${F.device} = {0} AND ${F.label} > {1}`, 'DEVICE#d1', 'a'), {
    instanceOf: ExpressionError,
  });
  t.regex(wrongSort?.message ?? '', /'label' is not the sort key of Reading \('seq'\); use withFilter/);
  t.throws(() => readings.query.where(`${F.device} = {0}`, 'DEVICE#d1').withIndex(I.ByKind), {
    instanceOf: ExpressionError,
  });
  t.throws(() => readings.query.withIndex('NoSuchIndex'), {
    instanceOf: InvalidRequestError,
    message: /declares no index 'NoSuchIndex'/,
  });
  t.throws(() => readings.query.withIndex(I.ByKind).where(`${F.kind} = {0}`, 'odd').consistentRead().toInput(), {
    instanceOf: InvalidRequestError,
    message: /not available on global secondary index ByKind/,
  });
  t.notThrows(
    () => readings.query.withIndex(I.ByValue).where(`${F.device} = {0}`, 'DEVICE#d1').consistentRead().toInput(),
    'LSIs allow it',
  );
  t.throws(() => readings.query.limit(0), { instanceOf: InvalidRequestError });
});

test('count() counts without transferring items', async (t) => {
  t.is(await d1().withFilter(`${F.kind} = {0}`, 'odd').count(), PER_DEVICE / 2);
});

test('iteration stopped early does not fetch further pages', async (t) => {
  const counting = testClient(accessKey);
  const requests = countRequests(counting);
  let seen = 0;
  for await (const r of d1().pageSize(100).withClient(counting)) {
    seen += 1;
    if (r.seq === 150) break;
  }
  t.is(seen, 151);
  t.is(requests.count, 2, 'only the two pages that held the first 151 items');
  await d1().pageSize(100).maxPages(3).withClient(counting).all();
  t.is(requests.count, 5, 'maxPages caps the requests');
});

test('later pages use the client in force when iteration started', async (t) => {
  const ambient = testClient(accessKey);
  const requests = countRequests(ambient);
  const iterator = runWithClient(ambient, () => d1().pageSize(100)[Symbol.asyncIterator]());
  let n = 0;
  for (let r = await runWithClient(ambient, () => iterator.next()); !r.done && n < 250; r = await iterator.next())
    n += 1;
  await iterator.return?.();
  t.is(
    requests.count,
    3,
    'all three pages went through the ambient client, though only the first call ran inside its scope',
  );
});
