import test from 'ava';
import { createTable, fieldsOf, InvalidRequestError, Repository } from '../../src/index.js';
import { countRequests, load, Reading, reading } from '../fixtures/readings.js';
import { randomAlphanumeric, testClient, uniqueTableName } from '../support/dynamo.js';

const accessKey = `s${randomAlphanumeric(12)}`;
const client = testClient(accessKey);
const readings = new Repository(Reading, { client, tableName: uniqueTableName('scan') });
const F = fieldsOf(Reading);
const DEVICES = ['a', 'b', 'c', 'd'];
const PER_DEVICE = 600;
const TOTAL = DEVICES.length * PER_DEVICE;

test.before(async () => {
  await createTable(client, Reading, { tableName: readings.tableName });
  await load(
    client,
    readings.tableName,
    DEVICES.flatMap((d) => Array.from({ length: PER_DEVICE }, (_, s) => reading(d, s))),
  );
});

const id = (r: Reading) => `${r.device}/${r.seq}`;

test('a scan reads every item across pages, with filters', async (t) => {
  const all = await readings.scan.pageSize(500).all();
  t.is(all.length, TOTAL);
  t.is(new Set(all.map(id)).size, TOTAL);
  t.is(await readings.scan.withFilter(`${F.kind} = {0}`, 'odd').count(), TOTAL / 2);
});

test('segments split the table without overlap', async (t) => {
  const parts = await Promise.all([0, 1, 2].map((i) => readings.scan.segment(i, 3).all()));
  const ids = parts.flat().map(id);
  t.is(ids.length, TOTAL);
  t.is(new Set(ids).size, TOTAL);
  t.throws(() => readings.scan.segment(3, 3), { instanceOf: InvalidRequestError });
});

test('parallel(n) returns each item exactly once', async (t) => {
  const seen = new Map<string, number>();
  for await (const r of readings.scan.pageSize(100).parallel(4)) seen.set(id(r), (seen.get(id(r)) ?? 0) + 1);
  t.is(seen.size, TOTAL);
  t.true([...seen.values()].every((n) => n === 1));
});

test('parallel scan stops fetching when the consumer breaks out', async (t) => {
  const counting = testClient(accessKey);
  const requests = countRequests(counting);
  let n = 0;
  for await (const _ of readings.scan.pageSize(50).withClient(counting).parallel(4)) {
    n += 1;
    if (n === 10) break;
  }
  const afterBreak = requests.count;
  t.true(afterBreak <= 8, `at most one page in flight and one waiting per segment, got ${afterBreak}`);
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.is(requests.count, afterBreak, 'nothing is fetched after the loop ended');
});

test('parallel scan honours a total limit', async (t) => {
  const items: Reading[] = [];
  for await (const r of readings.scan.pageSize(100).limit(250).parallel(3)) items.push(r);
  t.is(items.length, 250);
  t.is(new Set(items.map(id)).size, 250);
});

test('a failing segment ends the parallel scan with its error', async (t) => {
  const missing = new Repository(Reading, { client, tableName: 'no-such-scan-table' });
  await t.throwsAsync(
    async () => {
      for await (const _ of missing.scan.parallel(3)) {
        // nothing to read
      }
    },
    { name: 'DynamoRequestError', message: /ResourceNotFoundException/ },
  );
});
