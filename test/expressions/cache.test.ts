import test from 'ava';
import { cachedExpressionCount, clearExpressionCache, MAX_CACHED_EXPRESSIONS } from '../../src/expressions/compile.js';
import { compileExpression, projectionOf } from '../../src/expressions/index.js';

// One test: the cache is module state, and ava runs the tests of a file concurrently.
test('compiled templates are cached per (kind, template), bounded', (t) => {
  clearExpressionCache();
  const a = compileExpression('condition', 'a = {0}');
  t.is(compileExpression('condition', 'a = {0}'), a);
  t.not(compileExpression('condition', 'a = {0} '), a, 'another template text is another entry');
  t.not(compileExpression('keyCondition', 'a = {0}'), a, 'another kind is another entry');
  t.is(compileExpression('keyCondition', 'a = {0}').kind, 'keyCondition');
  t.is(cachedExpressionCount(), 3);

  t.is(projectionOf(['a', 'b.c']), compileExpression('projection', 'a, b.c'));
  t.is(projectionOf(['a', 'b.c']).template, 'a, b.c');

  for (let i = 0; i < MAX_CACHED_EXPRESSIONS + 500; i++) compileExpression('condition', `a${i} = {0}`);
  t.is(cachedExpressionCount(), MAX_CACHED_EXPRESSIONS);
  t.not(compileExpression('condition', 'a = {0}'), a, 'the oldest entries were evicted');
  t.is(
    compileExpression('condition', `a${MAX_CACHED_EXPRESSIONS + 499} = {0}`),
    compileExpression('condition', `a${MAX_CACHED_EXPRESSIONS + 499} = {0}`),
  );
  clearExpressionCache();
  t.is(cachedExpressionCount(), 0);
});

test('compiled expressions are frozen', (t) => {
  const compiled = compileExpression('update', 'SET a = {0}');
  t.true(Object.isFrozen(compiled));
  t.true(Object.isFrozen(compiled.slots));
  t.true(Object.isFrozen(compiled.slots[0]));
});

test('projectionOf refuses an empty list', (t) => {
  t.throws(() => projectionOf([]), { message: /at least one attribute path/ });
});
