import test from 'ava';
import { ExpressionError, MappingError } from '../../src/errors/errors.js';
import { compileExpression, ExpressionContext, escapeName } from '../../src/expressions/index.js';

const SLOT = { index: 0, spec: undefined, attribute: undefined };

test('a new context has no names and no values (undefined, not empty maps)', (t) => {
  const ctx = new ExpressionContext();
  t.is(ctx.names, undefined);
  t.is(ctx.values, undefined);
});

test('name() dedupes aliases; value() always makes a new placeholder', (t) => {
  const ctx = new ExpressionContext();
  t.is(ctx.name('a'), '#n0');
  t.is(ctx.name('b'), '#n1');
  t.is(ctx.name('a'), '#n0');
  t.is(ctx.value('x', SLOT), ':v0');
  t.is(ctx.value('x', SLOT), ':v1');
  t.deepEqual(ctx.names, { '#n0': 'a', '#n1': 'b' });
  t.deepEqual(ctx.values, { ':v0': { S: 'x' }, ':v1': { S: 'x' } });
});

test('odd names are safe as aliases: __proto__, constructor, dots, spaces', (t) => {
  const ctx = new ExpressionContext();
  for (const name of ['__proto__', 'constructor', 'a.b', 'with space', '#n0', ':v0']) ctx.name(name);
  t.deepEqual(ctx.names, {
    '#n0': '__proto__',
    '#n1': 'constructor',
    '#n2': 'a.b',
    '#n3': 'with space',
    '#n4': '#n0',
    '#n5': ':v0',
  });
});

test('an empty name is refused', (t) => {
  t.throws(() => new ExpressionContext().name(''), { instanceOf: ExpressionError });
});

test('one context shared by several expressions of a request', (t) => {
  const ctx = new ExpressionContext();
  const key = compileExpression('keyCondition', 'pk = {0}').render(ctx, ['p']);
  const filter = compileExpression('condition', 'status = {0} AND pk <> {1}').render(ctx, ['s', 'q']);
  const projection = compileExpression('projection', 'pk, status, name').render(ctx, []);
  t.is(key, '#n0 = :v0');
  t.is(filter, '#n1 = :v1 AND #n0 <> :v2');
  t.is(projection, '#n0, #n1, #n2');
  t.deepEqual(ctx.names, { '#n0': 'pk', '#n1': 'status', '#n2': 'name' });
  t.deepEqual(Object.keys(ctx.values ?? {}), [':v0', ':v1', ':v2']);
});

test('default conversion: util-dynamodb, class instances as maps, undefined members removed', (t) => {
  class Point {
    constructor(
      readonly x: number,
      readonly y?: number,
    ) {}
  }
  const ctx = new ExpressionContext();
  ctx.value(new Point(1), SLOT);
  ctx.value({ a: 1, b: undefined, c: ['x'] }, SLOT);
  ctx.value(new Set(['a', 'b']), SLOT);
  ctx.value(new Uint8Array([1]), SLOT);
  ctx.value(true, SLOT);
  t.deepEqual(ctx.values, {
    ':v0': { M: { x: { N: '1' } } },
    ':v1': { M: { a: { N: '1' }, c: { L: [{ S: 'x' }] } } },
    ':v2': { SS: ['a', 'b'] },
    ':v3': { B: new Uint8Array([1]) },
    ':v4': { BOOL: true },
  });
});

test('a custom converter gets the value and its slot', (t) => {
  const calls: unknown[] = [];
  const ctx = new ExpressionContext((value, slot) => {
    calls.push({ value, slot });
    return { S: `converted:${String(value)}` };
  });
  compileExpression('condition', 'a = {0} AND begins_with(b, {1})').render(ctx, [1, 'p']);
  t.deepEqual(calls, [
    { value: 1, slot: { index: 0, spec: undefined, attribute: 'a' } },
    { value: 'p', slot: { index: 1, spec: undefined, attribute: undefined } },
  ]);
  t.deepEqual(ctx.values, { ':v0': { S: 'converted:1' }, ':v1': { S: 'converted:p' } });
});

test('conversion failures become MappingError with the cause', (t) => {
  const ctx = new ExpressionContext();
  const error = t.throws(() => compileExpression('condition', 'a = {0}').render(ctx, [new Set()]), {
    instanceOf: MappingError,
  });
  t.regex(error.message, /value 0/);
  t.truthy(error.cause);
  t.is(error.property, 'a');
  const custom = new ExpressionContext(() => {
    throw new MappingError('custom');
  });
  t.throws(() => custom.value(1, SLOT), { instanceOf: MappingError, message: 'custom' });
});

test('escapeName: identifiers as is, anything else in backticks', (t) => {
  t.is(escapeName('status'), 'status');
  t.is(escapeName('größe'), 'größe');
  t.is(escapeName('user-id'), '`user-id`');
  t.is(escapeName('a.b'), '`a.b`');
  t.is(escapeName('and'), '`and`');
  t.is(escapeName('Set'), '`Set`');
  t.is(escapeName('2fa'), '`2fa`');
  t.is(escapeName('odd`name'), '`odd``name`');
  for (const name of ['user-id', 'and', 'odd`name', 'a.b', 'x y', '日本', 'IN']) {
    const ctx = new ExpressionContext();
    compileExpression('condition', `${escapeName(name)} = {0}`).render(ctx, [1]);
    t.deepEqual(ctx.names, { '#n0': name });
  }
});
