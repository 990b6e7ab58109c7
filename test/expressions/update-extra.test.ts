import test from 'ava';
import { ExpressionError } from '../../src/errors/errors.js';
import { compileExpression, ExpressionContext } from '../../src/expressions/index.js';

/** What a builder does: render its own actions with the same context, then merge them. */
function withExtra(
  template: string,
  values: unknown[],
  build: (ctx: ExpressionContext) => Parameters<ReturnType<typeof compileExpression>['render']>[2],
) {
  const ctx = new ExpressionContext();
  const compiled = compileExpression('update', template);
  const text = compiled.render(ctx, values, build(ctx));
  return { text, names: ctx.names, values: ctx.values };
}

test('extra SET actions are merged into the SET clause', (t) => {
  const out = withExtra('SET a = {0} REMOVE b', [1], (ctx) => ({
    SET: [`${ctx.name('updatedAt')} = ${ctx.value('2024', { index: 0, spec: undefined, attribute: 'updatedAt' })}`],
  }));
  // The builder's actions were rendered first, so they got the first alias and placeholder.
  t.is(out.text, 'SET #n1 = :v1, #n0 = :v0 REMOVE #n2');
  t.deepEqual(out.names, { '#n0': 'updatedAt', '#n1': 'a', '#n2': 'b' });
});

test('clauses missing from the template are appended in SET, REMOVE, ADD, DELETE order', (t) => {
  t.is(
    compileExpression('update', 'DELETE s {0}').render(new ExpressionContext(), [new Set(['x'])], {
      ADD: ['#v :one'],
      SET: ['#u = :now', '#w = :w'],
      REMOVE: ['#r'],
    }),
    'DELETE #n0 :v0 SET #u = :now, #w = :w REMOVE #r ADD #v :one',
  );
});

test('template clause order is kept, extras merged into each', (t) => {
  t.is(
    compileExpression('update', 'ADD n {0} SET a = {1}').render(new ExpressionContext(), [1, 2], {
      SET: ['#x = :x'],
      ADD: ['#y :y'],
    }),
    'ADD #n0 :v0, #y :y SET #n1 = :v1, #x = :x',
  );
});

test('empty or absent extra lists change nothing', (t) => {
  const compiled = compileExpression('update', 'SET a = {0}');
  t.is(compiled.render(new ExpressionContext(), [1], {}), 'SET #n0 = :v0');
  t.is(compiled.render(new ExpressionContext(), [1], { SET: [], REMOVE: [] }), 'SET #n0 = :v0');
  t.is(compiled.render(new ExpressionContext(), [1], undefined), 'SET #n0 = :v0');
});

test('an empty extra action is refused', (t) => {
  t.throws(() => compileExpression('update', 'SET a = {0}').render(new ExpressionContext(), [1], { SET: [' '] }), {
    instanceOf: ExpressionError,
  });
});

test('assigned tells the builder which attributes the template writes already', (t) => {
  const compiled = compileExpression('update', 'SET updatedAt = {0:o}, address.city = {1} REMOVE tags[0]');
  t.deepEqual([...compiled.assigned], ['updatedAt', 'address', 'tags']);
});
