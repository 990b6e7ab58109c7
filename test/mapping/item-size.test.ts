import test from 'ava';
import fc from 'fast-check';
import { numberSize, scalarBound, scalarSize, utf8Length } from '../../src/mapping/item-size.js';

test('utf8Length counts the bytes Buffer.byteLength counts, for any string (lone surrogates included)', (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 200 })), (text) => {
      return utf8Length(text) === Buffer.byteLength(text, 'utf8');
    }),
    { numRuns: 2000 },
  );
  t.is(utf8Length('é€😀'), 2 + 3 + 4);
});

// Each size was measured against DynamoDB Local: the longest string that still fits a 400 KB item beside the number.
const MEASURED: ReadonlyArray<readonly [string, number]> = [
  ['0', 1],
  ['-0', 1],
  ['0.0', 1],
  ['1', 2],
  ['-1', 3],
  ['10', 2],
  ['-12345', 5],
  ['1.5', 3],
  ['15e-1', 3],
  ['1.5e3', 2],
  ['0.001', 2],
  ['0.05', 2],
  ['-0.5', 3],
  ['99.99', 3],
  ['12.34', 3],
  ['100.001', 5],
  ['123000', 3],
  ['1234567', 5],
  ['123.456e10', 5],
  ['1e125', 2],
  ['1e-130', 2],
  ['-9.99e125', 4],
  ['9'.repeat(38), 20],
  [`-${'9'.repeat(38)}`, 21],
];

for (const [text, bytes] of MEASURED) {
  test(`the number ${text.length > 12 ? `${text.slice(0, 12)}...` : text} is ${bytes} byte(s), as DynamoDB counts it`, (t) => {
    t.is(numberSize(text), bytes);
    t.is(scalarSize({ N: text }), bytes);
  });
}

test('sets count their members; booleans and nulls one byte; binaries their length', (t) => {
  t.is(scalarSize({ SS: ['ab', 'é'] }), 4);
  t.is(scalarSize({ NS: ['1', '1.5'] }), 5);
  t.is(scalarSize({ BS: [new Uint8Array(3), new Uint8Array(4)] }), 7);
  t.is(scalarSize({ BOOL: false }), 1);
  t.is(scalarSize({ NULL: true }), 1);
  t.is(scalarSize({ B: new Uint8Array(10) }), 10);
});

test('the cheap bound is never below the exact size (it only decides when exact counting is needed)', (t) => {
  const number = fc
    .oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer())
    .filter((n) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 1e126))
    .map(String);
  const scalar = fc.oneof(
    fc.string({ unit: 'binary' }).map((S) => ({ S })),
    number.map((N) => ({ N })),
    fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1 }).map((SS) => ({ SS })),
    fc.array(number, { minLength: 1 }).map((NS) => ({ NS })),
    fc.uint8Array().map((B) => ({ B })),
    fc.boolean().map((BOOL) => ({ BOOL })),
  );
  fc.assert(
    fc.property(scalar, (av) => scalarBound(av) >= scalarSize(av)),
    { numRuns: 3000 },
  );
  t.pass();
});
