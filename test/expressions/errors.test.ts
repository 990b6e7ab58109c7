import test, { type ExecutionContext } from 'ava';
import { ExpressionError } from '../../src/errors/errors.js';
import { FluentDynamoError } from '../../src/errors/fluent-dynamo-error.js';
import { compileExpression, ExpressionContext, type ExpressionKind } from '../../src/expressions/index.js';

/** Asserts the ExpressionError: its class, position, and a message naming the template and the position, with `fragments`. */
function assertError(
  t: ExecutionContext,
  error: unknown,
  template: string,
  position: number,
  fragments: readonly string[],
): void {
  t.true(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
  t.true(error instanceof FluentDynamoError);
  const e = error as ExpressionError;
  t.is(e.name, 'ExpressionError');
  t.is(e.template, template);
  t.is(e.position, position, e.message);
  t.true(e.message.includes(JSON.stringify(template)), e.message);
  t.true(e.message.includes(`position ${position}`), e.message);
  for (const fragment of fragments)
    t.true(e.message.includes(fragment), `${JSON.stringify(fragment)} not in: ${e.message}`);
}

function compileError(kind: ExpressionKind, template: string): unknown {
  try {
    compileExpression(kind, template);
  } catch (error) {
    return error;
  }
  return undefined;
}

type Case = readonly [kind: ExpressionKind, template: string, position: number, ...fragments: string[]];

const CASES: readonly Case[] = [
  // empty, literals, aliases written by hand
  ['condition', '', 0, 'empty'],
  ['update', '   ', 0, 'empty'],
  ['condition', 'a = 1', 4, 'literal number', '{n}'],
  ['condition', "a = 'x'", 4, 'quoted string', '{n}'],
  ['condition', 'a = "x"', 4, 'quoted string'],
  ['condition', 'name = :name', 7, ':name', '{n}'],
  ['condition', '#name = {0}', 0, "'#name' aliases", 'backticks'],
  ['condition', 'a == {0}', 2, "'=='"],
  ['condition', 'a != {0}', 2, "'<>'"],
  ['condition', 'a = {0} && b = {1}', 8, 'AND or OR'],
  ['condition', 'a = {0} ; b', 8, 'unexpected character'],
  ['condition', '2fa = {0}', 0, 'cannot start with a digit', 'backticks'],
  // braces and placeholders
  ['condition', 'a = {0', 4, "'{' is not closed"],
  ['condition', 'a = {0 AND b = {1}', 6, 'in a placeholder'],
  ['condition', 'a = {0}}', 7, "'}' has no matching '{'"],
  ['condition', 'a = 0}', 5, "'}' has no matching '{'"],
  ['condition', 'a = {}', 4, 'no value index', '{0}'],
  ['condition', 'a = {01}', 5, 'leading zero', '{1}'],
  ['condition', 'a = {x}', 5, 'must start with a value index'],
  ['condition', 'a = { 0 }', 5, 'must start with a value index'],
  ['condition', 'a = {-1}', 5, 'must start with a value index'],
  ['condition', 'a = {0:}', 7, 'empty spec'],
  ['condition', 'a = {0:iso}', 7, 'unknown value spec "iso"', 'o, ttl, ms, s'],
  ['condition', 'a = {99999}', 5, 'too large'],
  ['condition', 'a = {0} AND b = {2}', 16, 'value 1 is never used', 'without gaps'],
  ['condition', 'a = {1}', 4, 'value 0 is never used'],
  // parentheses and trailing operators
  ['condition', '(a = {0}', 0, "'(' is not closed"],
  ['condition', 'a = {0})', 7, "')' has no matching '('"],
  ['condition', '(a = {0} b', 9, 'expected AND, OR'],
  ['condition', 'a = {0} AND', 8, 'ends after AND'],
  ['condition', 'a = {0} OR ', 8, 'ends after OR'],
  ['condition', 'NOT', 0, 'ends after NOT'],
  ['condition', 'a =', 3, 'ends where'],
  ['condition', 'a = {0} b = {1}', 8, 'after a complete condition', 'AND or OR'],
  ['condition', 'a', 1, 'a comparison', 'attribute_exists(a)'],
  ['condition', 'a = {0} = {1}', 8, 'after a complete condition'],
  ['condition', 'a BETWEEN {0} {1}', 14, 'AND between the bounds'],
  ['condition', 'a IN {0}', 5, "'(' after IN"],
  ['condition', 'a IN ({0}', 5, "'(' of IN is not closed"],
  ['condition', 'a IN ()', 6, "found ')'"],
  ['condition', 'a = AND', 4, 'keyword AND', '`AND`'],
  ['condition', 'a. = {0}', 3, "after '.'"],
  ['condition', 'a[x] = {0}', 2, 'list index'],
  ['condition', 'a[{0}] = {1}', 2, 'list index', 'value placeholder cannot be used there'],
  ['condition', 'a[0 = {0}', 1, "'[' is not closed"],
  ['condition', 'a[01] = {0}', 2, 'leading zero'],
  ['condition', '[0] = {0}', 0, 'expected a condition'],
  ['condition', '`a = {0}', 0, 'backtick-quoted name is not closed'],
  ['condition', '`` = {0}', 0, 'backtick-quoted name is empty'],
  // functions
  ['condition', 'foo(a)', 0, 'unknown function foo()', 'attribute_exists'],
  ['condition', 'Size(a) > {0}', 0, 'unknown function Size()', 'case-sensitive', 'size'],
  ['condition', 'size(a)', 0, 'size() is an operand', 'size(tags) > {0}'],
  ['condition', 'size(a) AND b = {0}', 0, 'size() is an operand'],
  ['condition', 'contains(a, {0}) = {1}', 17, 'condition by itself'],
  ['condition', 'begins_with(a, {0}) IN ({1})', 20, 'condition by itself'],
  ['condition', 'a = contains(b, {0})', 4, 'contains() cannot be used', 'condition by itself'],
  ['condition', 'if_not_exists(a, {0}) = {1}', 0, 'if_not_exists() cannot be used', 'SET'],
  ['condition', 'attribute_exists({0})', 17, 'must be a document path'],
  ['condition', 'attribute_exists(a, b)', 0, 'takes 1 argument, got 2', 'attribute_exists(path)'],
  ['condition', 'attribute_exists()', 0, 'takes 1 argument, got 0'],
  ['condition', 'attribute_type(a, b)', 18, 'argument 2 of attribute_type() must be a value placeholder'],
  ['condition', 'begins_with({0}, a)', 12, 'argument 1 of begins_with() must be a document path'],
  ['condition', 'begins_with(a, size(b))', 15, 'argument 2 of begins_with()'],
  ['condition', 'size(size(a)) > {0}', 5, 'argument 1 of size()'],
  ['condition', 'contains(a, {0}', 8, "'(' of contains() is not closed"],
  ['condition', 'contains(a {0})', 11, "',' or ')' in the arguments of contains()"],
  ['condition', 'contains(a, )', 12, 'function argument'],
  ['condition', `a IN (${Array.from({ length: 101 }, (_, i) => `{${i}}`).join(', ')})`, 2, 'at most 100'],
  // DynamoDB: "The first operand must be distinct from the remaining operands"
  ['condition', 'a = a', 4, 'compared with itself'],
  ['condition', 'a.b[0] <> a.b[0]', 10, 'compared with itself'],
  ['condition', 'a BETWEEN {0} AND a', 18, 'compared with itself (BETWEEN)'],
  ['condition', 'a IN ({0}, a)', 11, 'compared with itself (IN)'],
  ['condition', 'contains(a, a)', 12, 'compared with itself (contains())'],
  ['condition', 'begins_with(`a`, a)', 17, 'compared with itself'],
  // key conditions
  ['keyCondition', 'pk = {0} OR sk = {1}', 9, 'OR cannot be used in a key condition'],
  ['keyCondition', 'NOT pk = {0}', 0, 'NOT cannot be used'],
  ['keyCondition', 'pk = {0} AND sk > {1} AND x = {2}', 22, 'at most two parts'],
  ['keyCondition', 'pk = {0} AND sk <> {1}', 16, "'<>' cannot be used"],
  ['keyCondition', 'sk > {0}', 0, 'needs an equality on the partition key'],
  ['keyCondition', 'sk > {0} AND sk < {1}', 13, 'used twice'],
  ['keyCondition', 'pk = {0} AND pk = {1}', 13, 'used twice'],
  ['keyCondition', '{0} = pk', 0, 'key attribute first', 'key = {0}'],
  ['keyCondition', 'pk = sk', 5, 'compared with a value placeholder'],
  ['keyCondition', 'a.b = {0}', 0, 'nested path'],
  ['keyCondition', 'pk[0] = {0}', 0, 'nested path'],
  ['keyCondition', 'pk IN ({0})', 3, 'IN cannot be used'],
  ['keyCondition', 'pk = {0} AND contains(sk, {1})', 13, 'contains() cannot be used in a key condition', 'begins_with'],
  ['keyCondition', 'size(pk) = {0}', 0, 'size() cannot be used in a key condition'],
  ['keyCondition', 'pk = {0} AND begins_with(sk, x)', 29, 'compared with a value placeholder'],
  // updates
  ['update', 'SET', 0, 'SET clause has no actions'],
  ['update', 'SET a = {0} REMOVE', 12, 'REMOVE clause has no actions'],
  ['update', 'SET a = {0},', 11, 'not followed by an action'],
  ['update', 'SET a = {0}, REMOVE b', 11, 'not followed by an action'],
  ['update', 'SET a = {0} SET b = {1}', 12, 'SET clause appears twice', 'separated by'],
  ['update', 'a = {0} SET b = {1}', 8, 'SET clause appears twice'],
  ['update', 'SET a = {0} AND b = {1}', 12, 'not joined with AND', "','"],
  ['update', 'SET a = {0} b = {1}', 12, "',' or a clause keyword"],
  ['update', 'SET a {0}', 6, "'=' after the path"],
  ['update', 'SET a = ', 8, 'ends where'],
  ['update', 'SET a = b + c + {0}', 14, 'only one + or -'],
  ['update', 'SET a = list_append(a, {0}) + {1}', 8, 'list_append() cannot be used with + or -'],
  ['update', 'SET a = if_not_exists(a, list_append(a, {0}))', 25, 'cannot be nested'],
  ['update', 'SET a = list_append(list_append(a, {0}), {1})', 20, 'cannot be nested'],
  ['update', 'SET a = if_not_exists({0}, {1})', 22, 'argument 1 of if_not_exists() must be a document path'],
  ['update', 'SET a = list_append(a)', 8, 'takes 2 arguments, got 1'],
  ['update', 'SET a = size(b)', 8, 'size() cannot be used in an update expression'],
  ['update', 'SET a = attribute_exists(b)', 8, 'attribute_exists() cannot be used in an update expression'],
  ['update', 'SET a = nope(b)', 8, 'unknown function nope()', 'if_not_exists, list_append'],
  ['update', 'SET a = (b + {0}', 8, "'(' is not closed"],
  ['update', 'ADD a b', 6, 'a value {n} after the path of ADD'],
  ['update', 'DELETE a', 8, 'a value {n} after the path of DELETE'],
  ['update', 'REMOVE a {0}', 9, "',' or a clause keyword"],
  ['update', 'SET a = {0}, a = {1}', 13, 'overlaps the path a', 'Two document paths overlap'],
  ['update', 'SET a = {0} REMOVE a.b', 19, 'overlaps'],
  ['update', 'REMOVE tags ADD tags[0] {0}', 16, 'overlaps'],
  ['update', 'SET `x`.y = {0} DELETE x {1}', 23, 'overlaps'],
  ['update', 'SET remove = {0}', 4, 'keyword remove', '`remove`'],
  // projections
  ['projection', 'a, {0}', 3, 'cannot contain values'],
  ['projection', 'a, a.b', 3, 'overlaps'],
  ['projection', 'a[0], a', 6, 'overlaps'],
  ['projection', 'a b', 2, "',' between paths"],
  ['projection', 'a,', 2, 'ends where'],
  ['projection', 'size(a)', 4, "',' between paths"],
];

for (const [kind, template, position, ...fragments] of CASES) {
  test(`${kind} ${JSON.stringify(template).slice(0, 60)} -> position ${position}`, (t) => {
    assertError(t, compileError(kind, template), template, position, fragments);
  });
}

// ------------------------------------------------------------ render-time errors

test('render: too few values names the first placeholder without one', (t) => {
  const template = 'a = {0} AND b = {1}';
  const error = t.throws(() => compileExpression('condition', template).render(new ExpressionContext(), ['x']));
  assertError(t, error, template, 16, ['needs 2 values, got 1', 'pass a value for {1}']);
});

test('render: too many values', (t) => {
  const template = 'a = {0} AND b = {1}';
  const error = t.throws(() => compileExpression('condition', template).render(new ExpressionContext(), [1, 2, 3]));
  assertError(t, error, template, template.length, ['template needs 2 values, got 3']);
});

test('render: a template without placeholders takes no values', (t) => {
  const template = 'attribute_exists(a)';
  const error = t.throws(() => compileExpression('condition', template).render(new ExpressionContext(), [1]));
  assertError(t, error, template, template.length, ['needs 0 values, got 1']);
});

test('render: undefined is refused, and nothing is registered', (t) => {
  const template = 'a = {0} AND b = {1}';
  const ctx = new ExpressionContext();
  const error = t.throws(() => compileExpression('condition', template).render(ctx, ['x', undefined]));
  assertError(t, error, template, 16, ['value 1 is undefined', 'no undefined']);
  t.is(ctx.values, undefined);
  t.is(ctx.names, undefined);
});

test('render: null is a value (NULL)', (t) => {
  const ctx = new ExpressionContext();
  compileExpression('condition', 'a = {0}').render(ctx, [null]);
  t.deepEqual(ctx.values, { ':v0': { NULL: true } });
});

test('render: extra actions are refused for other kinds', (t) => {
  const error = t.throws(
    () => compileExpression('condition', 'a = {0}').render(new ExpressionContext(), [1], { SET: ['#n9 = :v9'] }),
    {
      instanceOf: ExpressionError,
    },
  );
  t.regex(error.message, /only update expressions/);
});

test('unknown kind and non-string template', (t) => {
  t.throws(() => compileExpression('filter' as ExpressionKind, 'a = {0}'), {
    instanceOf: ExpressionError,
    message: /unknown expression kind/,
  });
  t.throws(() => compileExpression('condition', 42 as unknown as string), {
    instanceOf: ExpressionError,
    message: /must be a string/,
  });
});

test('errors are not cached: the same broken template throws every time', (t) => {
  t.throws(() => compileExpression('condition', 'a = {'), { instanceOf: ExpressionError });
  t.throws(() => compileExpression('condition', 'a = {'), { instanceOf: ExpressionError });
});
