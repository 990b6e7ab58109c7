// A cursor may come with the last page: DynamoDB returns LastEvaluatedKey whenever it stopped at the limit, even
// when nothing follows, so the page after it is empty and carries no cursor. Pinned against DynamoDB Local, so the
// pagination guide ("page until there is no cursor; an empty page without one ends it") stays true, and so the
// helpers that page for the caller (all(), the item iterator, pages()) neither loop nor add items.
import test from 'ava';
import { createTable, fieldsOf, keysOf, Repository } from '../../src/index.js';
import { load, Reading, reading } from '../fixtures/readings.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

const client = testClient();
const readings = new Repository(Reading, { client, tableName: uniqueTableName('cursor-end') });
const F = fieldsOf(Reading);
const K = keysOf(Reading);

test.before(async () => {
  await createTable(client, Reading, { tableName: readings.tableName });
  await load(client, readings.tableName, [reading('two', 1), reading('two', 2)]);
});

const twoItems = () => readings.query.where(`${F.device} = {0}`, K.pk('two'));

for (const [name, read] of [
  ['query', () => twoItems()],
  ['scan', () => readings.scan],
] as const) {
  test(`${name} with limit(1) over 2 items: page 2 has a cursor, page 3 is empty without one`, async (t) => {
    const first = await read().limit(1).execute();
    t.is(first.items.length, 1);
    t.truthy(first.cursor);
    const second = await read().limit(1).startAt(first.cursor).execute();
    t.is(second.items.length, 1);
    t.truthy(second.cursor, 'DynamoDB stopped at the limit, exactly at the end: it still returns where it stopped');
    const third = await read().limit(1).startAt(second.cursor).execute();
    t.deepEqual(third.items, []);
    t.is(third.cursor, undefined, 'the empty page ends it');
    t.deepEqual([...first.items, ...second.items].map((r) => r.seq).sort(), [1, 2]);
  });
}

test('paging until there is no cursor reads every item once and ends after the empty page', async (t) => {
  const seen: number[] = [];
  let requests = 0;
  let cursor: string | undefined;
  do {
    const page = await twoItems().limit(1).startAt(cursor).execute();
    requests += 1;
    seen.push(...page.items.map((r) => r.seq));
    cursor = page.cursor;
  } while (cursor && requests < 10);
  t.deepEqual(seen, [1, 2]);
  t.is(requests, 3);
});

test('all() and the item iterator add nothing for the empty page and stop after it', async (t) => {
  t.deepEqual(
    (await twoItems().pageSize(1).all()).map((r) => r.seq),
    [1, 2],
  );
  const iterated: number[] = [];
  for await (const r of twoItems().pageSize(1)) iterated.push(r.seq);
  t.deepEqual(iterated, [1, 2]);
  t.deepEqual(
    (await twoItems().limit(2).pageSize(1).all()).map((r) => r.seq),
    [1, 2],
  );
  t.deepEqual(
    (await twoItems().limit(5).pageSize(1).execute()).items.map((r) => r.seq),
    [1, 2],
  );
  t.is(await twoItems().pageSize(1).count(), 2);
});

test('pages() yields DynamoDB pages as they come: the last one may be empty, without a cursor, and ends it', async (t) => {
  const pages = [];
  for await (const page of twoItems().pageSize(1).pages()) pages.push(page);
  t.deepEqual(
    pages.map((p) => [p.items.length, p.cursor !== undefined]),
    [
      [1, true],
      [1, true],
      [0, false],
    ],
  );
  // With limit(n), paging stops once n items have come: no request for the empty page.
  const limited = [];
  for await (const page of twoItems().limit(2).pageSize(1).pages()) limited.push(page);
  t.deepEqual(
    limited.map((p) => [p.items.length, p.cursor !== undefined]),
    [
      [1, true],
      [1, true],
    ],
  );
  // execute() with a limit the results do not reach: the last request found the end, so no cursor.
  t.is((await twoItems().limit(5).pageSize(1).execute()).cursor, undefined);
});
