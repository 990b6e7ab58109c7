// Stored numbers read back exactly or not at all: a number is read as a JavaScript number only when writing it
// back stores the same decimal value (DynamoDB keeps 38 significant digits, a double 15-17); integers beyond that
// read as bigints where the type allows it, and everything else is a MappingError saying how to read it. Dates
// that are no dates are a MappingError too, not an Invalid Date.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import fc from 'fast-check';
import { checkStartKey } from '../../src/builders/read/key-checks.js';
import {
  Attribute,
  Index,
  InvalidCursorError,
  MappingError,
  PartitionKey,
  Repository,
  SortKey,
  Table,
} from '../../src/index.js';
import { fromDynamicAttribute, toDynamicAttribute } from '../../src/mapping/dynamic-value.js';
import { entityToItem, itemToEntity } from '../../src/mapping/entity-mapper.js';
import { dateConverter, numberConverter, setConverter } from '../../src/mapping/typed-converters.js';
import { entityMetadata } from '../../src/metadata/compile-entity.js';

@Table('ledgers')
class Ledger {
  @PartitionKey() id!: string;
  @Attribute({ type: BigInt }) account!: bigint;
  @Attribute({ type: Number }) balance?: number;
  @Attribute({ type: Set }) tags?: Set<number | bigint>;
  @Attribute({ type: Object }) extra?: unknown;
}

@Table('ledgers')
class NumberKeyed {
  @PartitionKey() id!: number;
}

@Table('ledgers')
class PrefixedNumberKey {
  @PartitionKey() pk!: string;
  @SortKey({ prefix: 'SEQ' }) seq!: number;
}

@Table('ledgers')
@PartitionKey({ attribute: 'pk', template: 'ORDER#{orderId}' })
class TemplatedNumberKey {
  @Attribute({ type: Number }) orderId!: number;
}

@Table('ledgers')
class ByAccount {
  @PartitionKey() id!: string;
  @Index('byAccount', { role: 'partition' })
  @Attribute({ type: BigInt })
  account!: bigint;
}

const read = (av: AttributeValue) => numberConverter.fromDynamo(av);
const BIG = '12345678901234567890';

// An oracle independent of the library: the decimal value of a number text, as DynamoDB compares numbers.
function decimal(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a number: ${text}`);
  const [, sign, whole = '', fraction = '', exponent = '0'] = m;
  const all = whole + fraction;
  const digits = all.replace(/^0+/, '').replace(/0+$/, '');
  if (digits === '') return '0';
  const trailing = all.replace(/^0+/, '').length - digits.length;
  return `${sign === '-' ? '-' : ''}${digits}e${Number(exponent) - fraction.length + trailing}`;
}

test('numbers a double holds exactly read as numbers, however DynamoDB writes them', (t) => {
  for (const [text, value] of [
    ['1', 1],
    ['-0', -0],
    ['1.5', 1.5],
    ['1E+3', 1000],
    ['1.20E+2', 120],
    ['0.1', 0.1],
    ['123456789012345', 123456789012345],
    ['1.0000000000000000000', 1],
    ['12345678901234567000', 12345678901234567000],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['0.000000000000000000001', 1e-21],
    ['-1.2345678901234567E-100', -1.2345678901234567e-100],
  ] as const) {
    t.is(read({ N: text }), value, text);
    t.is(fromDynamicAttribute({ N: text }), value, text);
  }
});

test('a stored Number a double cannot hold is a MappingError with the stored text and the fix', (t) => {
  const integer = t.throws(() => read({ N: BIG }), { instanceOf: MappingError });
  t.regex(integer.message, new RegExp(BIG));
  t.regex(integer.message, /\{ type: BigInt \}/);
  t.regex(integer.message, /\{ type: String \}/);
  const fraction = t.throws(() => read({ N: '0.12345678901234567891' }), { instanceOf: MappingError });
  t.regex(fraction.message, /0\.12345678901234567891/);
  t.regex(fraction.message, /\{ type: String \}/);
  t.notRegex(fraction.message, /BigInt/, 'a fraction cannot be a bigint');
  t.throws(() => read({ N: '9007199254740993' }), { instanceOf: MappingError });
});

test('through the entity mapper the error names the class and the property', (t) => {
  const meta = entityMetadata(Ledger);
  const error = t.throws(() => itemToEntity(meta, { id: { S: 'l1' }, account: { N: '1' }, balance: { N: BIG } }), {
    instanceOf: MappingError,
  });
  t.regex(error.message, /^Ledger\.balance: /);
  t.is(error.entity, 'Ledger');
  t.is(error.property, 'balance');
});

test('a BigInt attribute writes bigints and safe integers, and reads its N exactly', (t) => {
  const meta = entityMetadata(Ledger);
  const item = entityToItem(meta, Object.assign(new Ledger(), { id: 'l1', account: 12345678901234567890n }));
  t.deepEqual(item.account, { N: BIG });
  t.is(itemToEntity<Ledger>(meta, item).account, 12345678901234567890n);
  t.deepEqual(entityToItem(meta, Object.assign(new Ledger(), { id: 'l1', account: 42 })).account, { N: '42' });
  for (const [text, value] of [
    ['1E+3', 1000n],
    ['1.20E+2', 120n],
    ['-0', 0n],
    ['99999999999999999999999999999999999999', 10n ** 38n - 1n],
    ['1.0', 1n],
  ] as const) {
    t.is(itemToEntity<Ledger>(meta, { id: { S: 'l1' }, account: { N: text } }).account, value, text);
  }
  for (const bad of [1.5, 2 ** 60, '7']) {
    const error = t.throws(() => entityToItem(meta, Object.assign(new Ledger(), { id: 'l1', account: bad })), {
      instanceOf: MappingError,
    });
    t.is(error.property, 'account');
  }
  for (const text of ['1.5', '1E-3', '12345678901234567890.5']) {
    const error = t.throws(() => itemToEntity(meta, { id: { S: 'l1' }, account: { N: text } }), {
      instanceOf: MappingError,
    });
    t.regex(error.message, /^Ledger\.account: /);
    t.true(error.message.includes(text), text);
  }
});

test('dynamic values: an exact number stays a number, an inexact integer is a bigint, an inexact fraction is refused', (t) => {
  t.is(fromDynamicAttribute({ N: BIG }), 12345678901234567890n);
  t.is(fromDynamicAttribute({ N: '-1.2345678901234567890E+25' }), -12345678901234567890000000n);
  t.deepEqual(fromDynamicAttribute({ M: { a: { L: [{ N: BIG }, { N: '2' }] } } }), {
    a: [12345678901234567890n, 2],
  });
  t.deepEqual(fromDynamicAttribute({ NS: [BIG, '1.5'] }), new Set([12345678901234567890n, 1.5]));
  const error = t.throws(() => fromDynamicAttribute({ M: { a: { N: '0.12345678901234567891' } } }), {
    instanceOf: MappingError,
  });
  t.regex(error.message, /0\.12345678901234567891/);
  t.regex(error.message, /type: String/);
  t.throws(() => fromDynamicAttribute({ NS: ['1', '0.12345678901234567891'] }), { instanceOf: MappingError });

  const meta = entityMetadata(Ledger);
  const item = { id: { S: 'l1' }, account: { N: '1' }, extra: { M: { big: { N: BIG } } } };
  const entity = itemToEntity<Ledger>(meta, item);
  t.deepEqual(entity.extra, { big: 12345678901234567890n });
  t.deepEqual(entityToItem(meta, entity).extra, { M: { big: { N: BIG } } }, 'written back, the same number');
  const nested = t.throws(
    () => itemToEntity(meta, { id: { S: 'l1' }, account: { N: '1' }, extra: { N: '1.00000000000000000001' } }),
    { instanceOf: MappingError },
  );
  t.is(nested.property, 'extra');
});

test('typed Set attributes read NS members by the same rule', (t) => {
  t.deepEqual(setConverter.fromDynamo({ NS: [BIG, '3'] }), new Set([12345678901234567890n, 3]));
  t.throws(() => setConverter.fromDynamo({ NS: ['0.12345678901234567891'] }), { instanceOf: MappingError });
  const meta = entityMetadata(Ledger);
  const entity = itemToEntity<Ledger>(meta, { id: { S: 'l1' }, account: { N: '1' }, tags: { NS: [BIG, '3'] } });
  t.deepEqual(entityToItem(meta, entity).tags, { NS: [BIG, '3'] });
});

test('number keys a double cannot hold are refused, not read as another key', (t) => {
  const simple = t.throws(() => itemToEntity(entityMetadata(NumberKeyed), { id: { N: BIG } }), {
    instanceOf: MappingError,
  });
  t.true(simple.message.includes(BIG));
  t.is(simple.property, 'id');
  t.is(itemToEntity<NumberKeyed>(entityMetadata(NumberKeyed), { id: { N: '12345' } }).id, 12345);
  t.throws(() => itemToEntity(entityMetadata(PrefixedNumberKey), { pk: { S: 'p' }, seq: { S: `SEQ#${BIG}` } }), {
    instanceOf: MappingError,
  });
  t.is(
    itemToEntity<PrefixedNumberKey>(entityMetadata(PrefixedNumberKey), { pk: { S: 'p' }, seq: { S: 'SEQ#7' } }).seq,
    7,
  );
  t.throws(() => itemToEntity(entityMetadata(TemplatedNumberKey), { pk: { S: `ORDER#${BIG}` } }), {
    instanceOf: MappingError,
  });
  t.is(itemToEntity<TemplatedNumberKey>(entityMetadata(TemplatedNumberKey), { pk: { S: 'ORDER#9' } }).orderId, 9);
});

test('a number inside a string key is read only when written as numbers are: 007 would be written back as 7', (t) => {
  for (const text of ['007', '7.0', '7e0', '+7', '-0']) {
    const prefixed = t.throws(
      () => itemToEntity(entityMetadata(PrefixedNumberKey), { pk: { S: 'p' }, seq: { S: `SEQ#${text}` } }),
      { instanceOf: MappingError },
      text,
    );
    t.true(prefixed.message.includes(JSON.stringify(text)), prefixed.message);
    t.throws(() => itemToEntity(entityMetadata(TemplatedNumberKey), { pk: { S: `ORDER#${text}` } }), {
      instanceOf: MappingError,
    });
  }
  // A read key written back is the same key.
  const meta = entityMetadata(PrefixedNumberKey);
  for (const text of ['0', '7', '-7', '1.5', '1e+21', '1e-7']) {
    const entity = itemToEntity<PrefixedNumberKey>(meta, { pk: { S: 'p' }, seq: { S: `SEQ#${text}` } });
    t.deepEqual(entityToItem(meta, entity).seq, { S: `SEQ#${text}` }, text);
  }
  // A number key stored as N is compared as a number: DynamoDB keeps one form of each.
  t.is(itemToEntity<NumberKeyed>(entityMetadata(NumberKeyed), { id: { N: '7.0' } }).id, 7);
});

test('a stored date that is no date is a MappingError naming the stored text', (t) => {
  const iso = t.throws(() => dateConverter('iso').fromDynamo({ S: 'not a date' }), { instanceOf: MappingError });
  t.regex(iso.message, /"not a date"/);
  const huge = t.throws(() => dateConverter('epochSeconds').fromDynamo({ N: '1E+125' }), {
    instanceOf: MappingError,
  });
  t.regex(huge.message, /1E\+125/);
  t.throws(() => dateConverter('epochMillis').fromDynamo({ N: '9E+15' }), { instanceOf: MappingError });
  t.deepEqual(dateConverter('epochSeconds').fromDynamo({ N: '1700000000' }), new Date(1_700_000_000_000));
  t.deepEqual(dateConverter('iso').fromDynamo({ S: '2026-01-31T10:00:00.000Z' }), new Date('2026-01-31T10:00:00.000Z'));
});

/** Decimal texts DynamoDB accepts: up to 38 significant digits, magnitudes 1E-130 to below 1E+126, in its forms. */
const storedNumber = fc
  .record({
    negative: fc.boolean(),
    // Lengths drawn evenly from 1 to 38 (short ones would otherwise dominate).
    digits: fc
      .integer({ min: 1, max: 38 })
      .chain((length) =>
        fc.tuple(
          fc.integer({ min: 1, max: 9 }),
          fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length - 1, maxLength: length - 1 }),
        ),
      )
      .map(([first, rest]) => `${first}${rest.join('')}`),
    // 0.<digits> × 10^exponent, so the magnitude stays within DynamoDB's range.
    exponent: fc.integer({ min: -129, max: 125 }),
    form: fc.constantFrom('scientific', 'plain', 'padded'),
  })
  .map(({ negative, digits, exponent, form }) => {
    const sign = negative ? '-' : '';
    if (form === 'scientific') return `${sign}0.${digits}E${exponent >= 0 ? '+' : ''}${exponent}`;
    // Plain decimal: digits with the point placed by the exponent (zeros added as needed).
    const point = exponent;
    const text =
      point <= 0
        ? `0.${'0'.repeat(-point)}${digits}`
        : point >= digits.length
          ? digits + '0'.repeat(point - digits.length)
          : `${digits.slice(0, point)}.${digits.slice(point)}`;
    return sign + (form === 'padded' ? `00${text}${text.includes('.') ? '000' : ''}` : text);
  });

test('property: a stored number reads back to the same decimal value or is a MappingError, never another number', (t) => {
  let exact = 0;
  let refused = 0;
  fc.assert(
    fc.property(storedNumber, (text) => {
      for (const [readIt, write] of [
        [read, numberConverter.toDynamo],
        [fromDynamicAttribute, toDynamicAttribute],
      ] as const) {
        let value: unknown;
        try {
          value = readIt({ N: text });
        } catch (error) {
          if (!(error instanceof MappingError)) throw error;
          refused += 1;
          continue;
        }
        exact += 1;
        const back = write(value)?.N;
        if (back === undefined || decimal(back) !== decimal(text)) {
          throw new Error(`${text} read as ${String(value)}, written back as ${back}`);
        }
      }
    }),
    { numRuns: 2000 },
  );
  t.true(exact > 0 && refused > 0, `both outcomes occur (${exact} exact, ${refused} refused)`);
});

test('property: big integers round-trip through BigInt attributes and dynamic values', (t) => {
  const meta = entityMetadata(Ledger);
  const limit = 10n ** 38n - 1n;
  fc.assert(
    fc.property(fc.bigInt({ min: -limit, max: limit }), fc.integer({ min: 0, max: 88 }), (n, zeros) => {
      const value = n * 10n ** BigInt(zeros);
      const item = entityToItem(meta, Object.assign(new Ledger(), { id: 'l', account: value, extra: value }));
      const back = itemToEntity<Ledger>(meta, item);
      if (back.account !== value) throw new Error(`${value} read back as ${back.account}`);
      const extra = back.extra as number | bigint;
      if (decimal(String(extra)) !== decimal(String(value))) throw new Error(`${value} read back as ${extra}`);
      if (decimal(String(toDynamicAttribute(extra)?.N)) !== decimal(String(value))) {
        throw new Error(`${value} written back dynamically as another number`);
      }
    }),
    { numRuns: 1000 },
  );
  t.pass();
});

test('a start key of another partition is refused even when both numbers round to the same double', (t) => {
  const table = { partition: 'pk', sort: undefined };
  const key = { pk: { N: '12345678901234567891' } };
  t.throws(() => checkStartKey('t', key, table, undefined, { attribute: 'pk', value: { N: BIG } }), {
    instanceOf: InvalidCursorError,
  });
  t.notThrows(() =>
    checkStartKey('t', { pk: { N: '1.50' } }, table, undefined, { attribute: 'pk', value: { N: '15E-1' } }),
  );
});

test('a BigInt attribute may be an index key, queried with a bigint, and takes integers only in updates', (t) => {
  const repo = new Repository(ByAccount, { client: { send: async () => ({}) } as never, tableName: 'x' });
  const input = repo.query.withIndex('byAccount').where('account = {0}', 12345678901234567890n).toInput();
  t.deepEqual(Object.values(input.ExpressionAttributeValues ?? {}), [{ N: BIG }]);
  // Written, a BigInt attribute takes integers only, or the item would no longer read back.
  t.deepEqual(
    Object.values(
      repo.update.withKey({ id: 'a' }).set('SET account = {0}', 7n).toInput().ExpressionAttributeValues ?? {},
    ),
    [{ N: '7' }],
  );
  const error = t.throws(
    () =>
      repo.update
        .withKey({ id: 'a' })
        .set('SET account = {0}', 1.5 as unknown as bigint)
        .toInput(),
    { instanceOf: MappingError },
  );
  t.is(error.property, 'account');
});
