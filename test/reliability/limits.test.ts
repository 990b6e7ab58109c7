// DynamoDB's limits, checked before sending (src/mapping/item-limits.ts, number-text.ts), agree with
// DynamoDB Local at each boundary: the largest request the library accepts is stored, and the smallest it
// refuses, sent raw past the library, is refused by DynamoDB Local too (a ValidationException). So the checks
// refuse nothing DynamoDB would take, and let through nothing it would refuse.
import {
  type AttributeValue,
  type DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import test, { type ExecutionContext } from 'ava';
import {
  createTable,
  FluentDynamoError,
  InvalidRequestError,
  MappingError,
  type PutItemBuilder,
  Repository,
  TransactWriteItemsRequestBuilder,
} from '../../src/index.js';
import { itemSize } from '../../src/mapping/item-limits.js';
import { KitchenSink } from '../fixtures/entities.js';
import { randomAlphanumeric, testClient, uniqueTableName } from '../support/dynamo.js';
import { ItemKeys, TenantItem, tenantItem } from './support/entities.js';
import { figuresFor } from './support/figures.js';

const figures = figuresFor(test, 'limits');
type Item = Record<string, AttributeValue>;

let direct: DynamoDBClient;
let sent = 0;
let items: Repository<TenantItem>;
let sinks: Repository<KitchenSink>;

test.before(async () => {
  direct = testClient(`l${randomAlphanumeric(12)}`);
  direct.middlewareStack.add(
    (next) => async (args) => {
      sent += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countSent' },
  );
  const itemsTable = uniqueTableName('limits-items');
  const sinksTable = uniqueTableName('limits-sinks');
  await createTable(direct, TenantItem, { tableName: itemsTable });
  await createTable(direct, KitchenSink, { tableName: sinksTable });
  items = new Repository(TenantItem, { client: direct, tableName: itemsTable });
  sinks = new Repository(KitchenSink, { client: direct, tableName: sinksTable });
});
test.after.always(() => direct?.destroy());

const sink = (patch: Partial<KitchenSink>) => Object.assign(new KitchenSink(), { id: 'k', rev: 1, ...patch });

/** `levels` maps inside each other, the innermost empty. */
const nested = (levels: number): Record<string, unknown> => {
  const root: Record<string, unknown> = {};
  let at = root;
  for (let i = 1; i < levels; i++) {
    at.n = {};
    at = at.n as Record<string, unknown>;
  }
  return root;
};

/** The library refuses the put with a named error, sending nothing. */
async function refusedHere<T>(t: ExecutionContext, put: () => PutItemBuilder<T>, what: string): Promise<void> {
  const before = sent;
  figures.badInputs += 1;
  figures.operations += 1;
  const error = await t.throwsAsync(async () => put().execute(), undefined, what);
  t.true(error instanceof InvalidRequestError || error instanceof MappingError, `${what}: ${error?.name}`);
  t.true(error instanceof FluentDynamoError);
  t.is(sent, before, `${what}: nothing sent`);
}

/** DynamoDB Local refuses the raw item (past the library's checks) with a ValidationException. */
async function refusedThere(t: ExecutionContext, table: string, item: Item, what: string): Promise<void> {
  figures.operations += 1;
  const error = await t.throwsAsync(direct.send(new PutItemCommand({ TableName: table, Item: item })), undefined, what);
  t.is(error?.name, 'ValidationException', `${what}: ${error?.message}`);
}

/** The item a put would send, one string attribute lengthened by `extra` characters. */
function lengthened(item: Item, attribute: string, extra: string): Item {
  const value = item[attribute] as AttributeValue;
  if (value.S !== undefined) return { ...item, [attribute]: { S: value.S + extra } };
  const list = value.L as AttributeValue[];
  return { ...item, [attribute]: { L: [{ S: (list[0]?.S ?? '') + extra }] } };
}

test.serial(
  'item size: an item of exactly 400 KB by our count is stored; one byte more is refused here and there',
  async (t) => {
    // The size of the item as sent (version included), then the one string that brings it to 409,600 bytes.
    const probe = items.put.withItem(tenantItem('t', 'big', 1, [''])).toInput().Item as Item;
    const fill = 400 * 1024 - itemSize(probe, 'probe');
    const largest = tenantItem('t', 'big', 1, ['x'.repeat(fill)]);
    t.is(itemSize(items.put.withItem(largest).toInput().Item as Item, 'largest'), 409_600);
    await items.put.withItem(largest).execute();
    const { item } = await items.get.withKey({ tenantId: 't', itemId: 'big' }).consistentRead().execute();
    t.is(item?.ops[0]?.length, fill);
    figures.writesVerified += 1;

    await refusedHere(t, () => items.put.withItem(tenantItem('t', 'big2', 1, ['x'.repeat(fill)])), '409,601 bytes');
    const over = lengthened(items.put.withItem(largest).toInput().Item as Item, 'ops', 'x');
    await refusedThere(t, items.tableName, { ...over, sk: { S: 'ITEM#big' } }, '409,601 bytes');
    // Multi-byte characters count their UTF-8 bytes: 'é' is two.
    const accented = tenantItem('t', 'big', 1, [`${'é'.repeat(fill / 2)}${fill % 2 ? 'x' : ''}`]);
    t.is(itemSize(items.put.withItem(accented).toInput().Item as Item, 'accented'), 409_600);
    await items.put.withItem(accented).skipVersionCheck().execute();
    await refusedHere(t, () => items.put.withItem(tenantItem('t', 'big3', 1, [`${'é'.repeat(fill / 2 + 1)}`])), 'é');
  },
);

test.serial(
  'key sizes: 2,048 bytes of partition key and 1,024 of sort key (UTF-8) are stored; one more byte is refused here and there',
  async (t) => {
    // pk = 'TENANT#' + tenantId (7 + 2,041 bytes), sk = 'ITEM#' + itemId (5 + 1,019 bytes); 'é' is two bytes.
    const tenantId = `${'é'.repeat(1020)}a`;
    const itemId = `${'ü'.repeat(509)}b`;
    const keyed = (tenant: string, id: string) => Object.assign(tenantItem(tenant, id, 1, []), { group: undefined });
    await items.put.withItem(keyed(tenantId, itemId)).execute();
    const { item } = await items.get.withKey({ tenantId, itemId }).consistentRead().execute();
    t.is(item?.tenantId, tenantId);
    figures.writesVerified += 1;

    await refusedHere(t, () => items.put.withItem(keyed(`${tenantId}b`, 'k')), 'partition key 2,049 bytes');
    await refusedHere(t, () => items.put.withItem(keyed('t', `${itemId}c`)), 'sort key 1,025 bytes');
    const error = await t.throwsAsync(async () =>
      items.get.withKey({ tenantId: `${tenantId}b`, itemId: 'k' }).execute(),
    );
    t.true(error instanceof InvalidRequestError, 'a key too long to exist is refused on reads too');
    t.regex(error?.message ?? '', /partition key pk is 2,049 bytes/);
    await refusedThere(t, items.tableName, { pk: { S: `TENANT#${tenantId}b` }, sk: { S: 'ITEM#k' } }, 'pk 2,049');
    await refusedThere(t, items.tableName, { pk: { S: 'TENANT#t' }, sk: { S: `ITEM#${itemId}c` } }, 'sk 1,025');
  },
);

test.serial(
  'index keys: a 2,048-byte index partition key is stored; 2,049 bytes is refused here and there',
  async (t) => {
    const group = (bytes: number) => `TENANT#t#G#${'g'.repeat(bytes - 11)}`;
    await items.put.withItem(Object.assign(tenantItem('t', 'g1', 1, []), { group: group(2048) })).execute();
    await refusedHere(
      t,
      () => items.put.withItem(Object.assign(tenantItem('t', 'g2', 1, []), { group: group(2049) })),
      'index key',
    );
    await refusedThere(
      t,
      items.tableName,
      { pk: { S: 'TENANT#t' }, sk: { S: 'ITEM#g2' }, group: { S: group(2049) } },
      'index key 2,049',
    );
  },
);

test.serial(
  'numbers: the edges of DynamoDB range and precision are stored; just beyond is refused here and there',
  async (t) => {
    const stored = [9.99999999999999e125, -9.99999999999999e125, 1e-130, -1e-130, 0];
    for (const count of stored) await sinks.put.withItem(sink({ count })).execute();
    await sinks.put.withItem(sink({ count: BigInt('9'.repeat(38)) as unknown as number })).execute();
    await sinks.put.withItem(sink({ count: BigInt(`1${'0'.repeat(125)}`) as unknown as number })).execute();
    const { item } = await sinks.get.withKey({ id: 'k', rev: 1 }).consistentRead().execute();
    t.is(item?.count, 1e125);
    figures.writesVerified += 1;

    const refused = ['1e126', '-1e126', '1e-131', '9'.repeat(39), `1${'0'.repeat(126)}`];
    for (const text of refused) {
      const value = text.length > 30 ? (BigInt(text) as unknown as number) : Number(text);
      await refusedHere(t, () => sinks.put.withItem(sink({ count: value })), text);
      await refusedThere(t, sinks.tableName, { id: { S: 'k' }, rev: { N: '2' }, count: { N: text } }, text);
    }
  },
);

test.serial(
  'nesting: 31 maps inside each other are stored; a 32nd is refused here and there; so is an empty map key',
  async (t) => {
    await sinks.put.withItem(sink({ rev: 3, doc: nested(31) })).execute();
    const { item } = await sinks.get.withKey({ id: 'k', rev: 3 }).consistentRead().execute();
    t.deepEqual(item?.doc, nested(31));
    figures.writesVerified += 1;
    await refusedHere(t, () => sinks.put.withItem(sink({ rev: 4, doc: nested(32) })), 'nested 32');
    let raw: AttributeValue = { M: {} };
    for (let i = 1; i < 32; i++) raw = { M: { n: raw } };
    await refusedThere(t, sinks.tableName, { id: { S: 'k' }, rev: { N: '4' }, doc: raw }, 'nested 32');

    // The errors say where: the path to the 32nd map, the map with the empty key.
    const deepError = await t.throwsAsync(async () => sinks.put.withItem(sink({ rev: 4, doc: nested(32) })).execute());
    t.regex(deepError?.message ?? '', /KitchenSink: doc(\.n)+\.\.\. nests more than 31 maps and lists/);
    const emptyError = await t.throwsAsync(async () =>
      sinks.put.withItem(sink({ rev: 6, doc: { a: [{ ok: 1 }, { '': 1 }] } })).execute(),
    );
    t.is(emptyError?.message, 'KitchenSink: doc.a[1] holds an empty map key, which DynamoDB refuses');
    await sinks.put.withItem(sink({ rev: 5, doc: { ' ': 1 } })).execute();
    await refusedHere(t, () => sinks.put.withItem(sink({ rev: 6, doc: { '': 1 } })), 'empty map key');
    await refusedThere(
      t,
      sinks.tableName,
      { id: { S: 'k' }, rev: { N: '6' }, doc: { M: { '': { N: '1' } } } },
      'empty key',
    );
  },
);

test.serial(
  'transactions: items of exactly 4 MB in all are written; one byte more is refused here and there',
  async (t) => {
    const count = 11;
    const total = 4 * 1024 * 1024;
    const id = (i: number) => `i${String(i).padStart(2, '0')}`;
    // Each item's size without its fill, then fills that bring the sum to exactly 4 MB (the remainder on the first).
    const bare = Array.from({ length: count }, (_, i) =>
      itemSize(items.put.withItem(tenantItem('tx', id(i), i, [''])).toInput().Item as Item, 'probe'),
    );
    const each = Math.floor((total - bare.reduce((a, b) => a + b, 0)) / count);
    const rest = total - bare.reduce((a, b) => a + b, 0) - count * each;
    const fills = bare.map((_, i) => each + (i === 0 ? rest : 0));
    const build = (extra: number) => {
      const tx = new TransactWriteItemsRequestBuilder(direct);
      fills.forEach((fill, i) => {
        tx.put(items, (b) =>
          b.withItem(tenantItem('tx', id(i), i, ['y'.repeat(fill + (i === 0 ? extra : 0))])).skipVersionCheck(),
        );
      });
      return tx;
    };
    const sizes =
      build(0)
        .toInput()
        .TransactItems?.map((e) => itemSize(e.Put?.Item as Item, 'tx')) ?? [];
    t.is(
      sizes.reduce((a, b) => a + b, 0),
      total,
    );
    await build(0).execute();
    const stored = await items.query
      .where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId: 'tx' }))
      .consistentRead()
      .all();
    t.is(stored.length, count);
    figures.writesVerified += count;

    const before = sent;
    const error = await t.throwsAsync(build(1).execute(), { instanceOf: InvalidRequestError });
    t.regex(error?.message ?? '', /4 MB/);
    t.is(sent, before, 'nothing sent');
    figures.badInputs += 1;
    const input = build(0).toInput();
    const first = input.TransactItems?.[0]?.Put as { Item: Item };
    first.Item = lengthened(first.Item, 'ops', 'y');
    const raw = await t.throwsAsync(direct.send(new TransactWriteItemsCommand(input)));
    t.is(raw?.name, 'ValidationException');
    t.regex(raw?.message ?? '', /4MB/);
  },
);
