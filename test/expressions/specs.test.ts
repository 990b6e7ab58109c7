import test from 'ava';
import { ExpressionError } from '../../src/errors/errors.js';
import { compileExpression, ExpressionContext, SPEC_NAMES } from '../../src/expressions/index.js';

const DATE = new Date('2024-02-29T12:34:56.789Z');

function storedValue(template: string, value: unknown) {
  const ctx = new ExpressionContext();
  compileExpression('condition', template).render(ctx, [value]);
  return ctx.values?.[':v0'];
}

test('known specs', (t) => {
  t.deepEqual(SPEC_NAMES, ['o', 'ttl', 'ms', 's']);
});

test('{n:o} is the ISO-8601 string of a Date', (t) => {
  t.deepEqual(storedValue('a = {0:o}', DATE), { S: '2024-02-29T12:34:56.789Z' });
});

test('{n:ttl} is epoch seconds, rounded down', (t) => {
  t.deepEqual(storedValue('a = {0:ttl}', DATE), { N: String(Math.floor(DATE.getTime() / 1000)) });
  t.deepEqual(storedValue('a = {0:ttl}', new Date(1999)), { N: '1' });
});

test('{n:ms} is epoch milliseconds', (t) => {
  t.deepEqual(storedValue('a = {0:ms}', DATE), { N: String(DATE.getTime()) });
});

test('{n:s} is String(value)', (t) => {
  t.deepEqual(storedValue('a = {0:s}', 42), { S: '42' });
  t.deepEqual(storedValue('a = {0:s}', true), { S: 'true' });
  t.deepEqual(storedValue('a = {0:s}', 10n), { S: '10' });
});

test('a Date without a spec is stored as its ISO string by the default converter', (t) => {
  t.deepEqual(storedValue('a = {0}', DATE), { S: '2024-02-29T12:34:56.789Z' });
});

test('the same index with different specs', (t) => {
  const ctx = new ExpressionContext();
  const text = compileExpression('update', 'SET a = {0:o}, b = {0:ttl}, c = {0}').render(ctx, [DATE]);
  t.is(text, 'SET #n0 = :v0, #n1 = :v1, #n2 = :v2');
  t.deepEqual(ctx.values, {
    ':v0': { S: DATE.toISOString() },
    ':v1': { N: String(Math.floor(DATE.getTime() / 1000)) },
    ':v2': { S: DATE.toISOString() },
  });
});

for (const spec of ['o', 'ttl', 'ms']) {
  for (const [label, value] of [
    ['a number', 1700000000000],
    ['a string', '2024-01-01'],
    ['an invalid Date', new Date(Number.NaN)],
    ['null', null],
  ] as const) {
    test(`{n:${spec}} refuses ${label} at render time, naming the index`, (t) => {
      const template = `a = {0} AND b = {1:${spec}}`;
      const compiled = compileExpression('condition', template);
      const error = t.throws(() => compiled.render(new ExpressionContext(), ['x', value]), {
        instanceOf: ExpressionError,
      });
      t.is(error.position, 16);
      t.is(error.template, template);
      t.true(error.message.includes(`value 1 must be a valid Date for the spec ${spec}`), error.message);
      t.true(error.message.includes(JSON.stringify(template)));
      t.true(error.message.includes('position 16'));
      // The value itself is not in the message (it may be personal data).
      if (typeof value === 'string') t.false(error.message.includes(value));
    });
  }
}

test('the spec is applied before the converter, which sees the slot', (t) => {
  const seen: unknown[] = [];
  const ctx = new ExpressionContext((value, slot) => {
    seen.push([value, slot]);
    return { S: String(value) };
  });
  compileExpression('condition', 'expiresAt < {0:ttl}').render(ctx, [new Date(5000)]);
  t.deepEqual(seen, [[5, { index: 0, spec: 'ttl', attribute: 'expiresAt' }]]);
});
