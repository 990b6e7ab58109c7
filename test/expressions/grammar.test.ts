import test from 'ava';
import {
  compileExpression,
  ExpressionContext,
  type ExpressionKind,
  type ExtraUpdateActions,
} from '../../src/expressions/index.js';

function render(kind: ExpressionKind, template: string, values: readonly unknown[] = [], extra?: ExtraUpdateActions) {
  const ctx = new ExpressionContext();
  const text = compileExpression(kind, template).render(ctx, values, extra);
  return { text, names: ctx.names, values: ctx.values };
}

// ------------------------------------------------------------ conditions

test('attribute_not_exists of a key', (t) => {
  t.deepEqual(render('condition', 'attribute_not_exists(pk)'), {
    text: 'attribute_not_exists(#n0)',
    names: { '#n0': 'pk' },
    values: undefined,
  });
});

test('reserved words are aliased like any name', (t) => {
  const out = render('condition', 'name = {0} AND status = {1} AND data = {2} AND count = {3} AND size = {4}', [
    'n',
    's',
    'd',
    1,
    2,
  ]);
  t.is(out.text, '#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 = :v3 AND #n4 = :v4');
  t.deepEqual(out.names, { '#n0': 'name', '#n1': 'status', '#n2': 'data', '#n3': 'count', '#n4': 'size' });
  t.deepEqual(out.values, {
    ':v0': { S: 'n' },
    ':v1': { S: 's' },
    ':v2': { S: 'd' },
    ':v3': { N: '1' },
    ':v4': { N: '2' },
  });
});

test('nested AND / OR / NOT keep their meaning with minimal parentheses', (t) => {
  t.is(
    render('condition', 'status = {0} AND (size(tags) > {1} OR NOT contains(tags, {2}))', ['a', 1, 'x']).text,
    '#n0 = :v0 AND (size(#n1) > :v1 OR NOT contains(#n1, :v2))',
  );
  t.is(render('condition', 'NOT (a = {0} AND b = {1})', [1, 2]).text, 'NOT (#n0 = :v0 AND #n1 = :v1)');
  t.is(render('condition', 'NOT a = {0} AND b = {1}', [1, 2]).text, 'NOT #n0 = :v0 AND #n1 = :v1');
  t.is(
    render('condition', '(a = {0} OR b = {1}) AND c = {2}', [1, 2, 3]).text,
    '(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2',
  );
  t.is(render('condition', 'a = {0} OR (b = {1} AND c = {2})', [1, 2, 3]).text, '#n0 = :v0 OR #n1 = :v1 AND #n2 = :v2');
});

test('redundant parentheses are dropped (DynamoDB rejects them)', (t) => {
  t.is(render('condition', '((a = {0}))', [1]).text, '#n0 = :v0');
  t.is(render('condition', '((a = {0}) AND ((b = {1})))', [1, 2]).text, '#n0 = :v0 AND #n1 = :v1');
  t.is(render('condition', 'NOT ((attribute_exists(a)))').text, 'NOT attribute_exists(#n0)');
});

test('keywords are case-insensitive and rendered upper case', (t) => {
  t.is(
    render('condition', 'a between {0} and {1} or not b in ({2})', [1, 2, 3]).text,
    '#n0 BETWEEN :v0 AND :v1 OR NOT #n1 IN (:v2)',
  );
});

test('BETWEEN, IN and every comparator', (t) => {
  t.is(render('condition', 'a BETWEEN {0} AND {1}', [1, 2]).text, '#n0 BETWEEN :v0 AND :v1');
  t.is(render('condition', 'a IN ({0}, {1}, b)', [1, 2]).text, '#n0 IN (:v0, :v1, #n1)');
  for (const op of ['=', '<>', '<', '<=', '>', '>=']) {
    t.is(render('condition', `a ${op} {0}`, [1]).text, `#n0 ${op} :v0`);
    t.is(render('condition', `a${op}b`).text, `#n0 ${op} #n1`);
  }
});

test('document paths: maps, lists, backtick-quoted names', (t) => {
  const out = render(
    'condition',
    'address.city = {0} AND tags[0] <> {1} AND a[1][2].b = {2} AND `user-id`.`x.y` = {3}',
    ['c', 't', 'n', 'u'],
  );
  t.is(out.text, '#n0.#n1 = :v0 AND #n2[0] <> :v1 AND #n3[1][2].#n4 = :v2 AND #n5.#n6 = :v3');
  t.deepEqual(out.names, {
    '#n0': 'address',
    '#n1': 'city',
    '#n2': 'tags',
    '#n3': 'a',
    '#n4': 'b',
    '#n5': 'user-id',
    '#n6': 'x.y',
  });
  t.deepEqual(render('condition', 'attribute_exists(`odd``name`)').names, { '#n0': 'odd`name' });
  t.deepEqual(render('condition', '`AND` = {0}', [1]).names, { '#n0': 'AND' });
  t.deepEqual(render('condition', 'a.and = {0}', [1]).names, { '#n0': 'a', '#n1': 'and' });
});

test('unicode identifiers and whitespace between tokens', (t) => {
  t.is(render('condition', 'größe\n>=\t{0}', [1]).text, '#n0 >= :v0');
  t.is(render('condition', 'size (tags) > {0}', [1]).text, 'size(#n0) > :v0');
  t.is(render('condition', 'a . b [ 0 ] = {0}', [1]).text, '#n0.#n1[0] = :v0');
});

test('a path may be compared with a part of itself, or with itself through size()', (t) => {
  t.is(
    render('condition', 'a.b = a AND a[0] = a[1] AND size(a) = size(a) AND {0} BETWEEN a AND a', [1]).text,
    '#n0.#n1 = #n0 AND #n0[0] = #n0[1] AND size(#n0) = size(#n0) AND :v0 BETWEEN #n0 AND #n0',
  );
});

test('every condition function', (t) => {
  t.is(render('condition', 'attribute_exists(a.b)').text, 'attribute_exists(#n0.#n1)');
  t.is(render('condition', 'attribute_type(a, {0})', ['S']).text, 'attribute_type(#n0, :v0)');
  t.is(render('condition', 'begins_with(sk, {0})', ['x']).text, 'begins_with(#n0, :v0)');
  t.is(render('condition', 'begins_with(sk, prefix)').text, 'begins_with(#n0, #n1)');
  t.is(render('condition', 'contains(tags, {0})', ['x']).text, 'contains(#n0, :v0)');
  t.is(render('condition', 'contains(a, size(b))').text, 'contains(#n0, size(#n1))');
  t.is(render('condition', 'size(a) = size(b)').text, 'size(#n0) = size(#n1)');
});

test('function names are only functions before (', (t) => {
  t.is(render('condition', 'size = {0} AND contains = {1}', [1, 2]).text, '#n0 = :v0 AND #n1 = :v1');
  t.is(render('condition', 'size(size) > {0}', [1]).text, 'size(#n0) > :v0');
});

test('the same name gets one alias; every value its own placeholder', (t) => {
  const out = render('condition', 'a = {0} OR a = {0} OR a.a = {1}', ['x', 'y']);
  t.is(out.text, '#n0 = :v0 OR #n0 = :v1 OR #n0.#n0 = :v2');
  t.deepEqual(out.values, { ':v0': { S: 'x' }, ':v1': { S: 'x' }, ':v2': { S: 'y' } });
});

test('placeholders may come in any order and repeat', (t) => {
  const compiled = compileExpression('condition', 'b = {1} AND a = {0} AND c = {1}');
  t.is(compiled.valueCount, 2);
  t.deepEqual(
    compiled.slots.map((s) => s.index),
    [1, 0, 1],
  );
  const ctx = new ExpressionContext();
  t.is(compiled.render(ctx, ['A', 'B']), '#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2');
  t.deepEqual(ctx.values, { ':v0': { S: 'B' }, ':v1': { S: 'A' }, ':v2': { S: 'B' } });
});

// ------------------------------------------------------------ value slots

test('ValueSlot.attribute: the whole top-level attribute a value stands for', (t) => {
  const attrs = (kind: ExpressionKind, template: string) =>
    compileExpression(kind, template).slots.map((s) => s.attribute);
  t.deepEqual(attrs('condition', 'a = {0}'), ['a']);
  t.deepEqual(attrs('condition', '{0} < a'), ['a']);
  t.deepEqual(attrs('condition', 'a BETWEEN {0} AND {1}'), ['a', 'a']);
  t.deepEqual(attrs('condition', 'a IN ({0}, {1})'), ['a', 'a']);
  t.deepEqual(attrs('condition', 'a.b = {0} AND tags[0] = {1} AND {2} = {3}'), [
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  t.deepEqual(attrs('condition', 'begins_with(a, {0}) AND contains(b, {1}) AND size(c) > {2}'), [
    undefined,
    undefined,
    undefined,
  ]);
  t.deepEqual(attrs('condition', 'attribute_type(a, {0})'), [undefined]);
  t.deepEqual(attrs('update', 'SET a = {0}, b = if_not_exists(b, {1}), c = c + {2}, d = list_append(d, {3})'), [
    'a',
    'b',
    undefined,
    undefined,
  ]);
  t.deepEqual(attrs('update', 'SET a = if_not_exists(b, {0}), x.y = {1}'), ['a', undefined]);
  t.deepEqual(attrs('update', 'ADD a {0} DELETE s {1}'), ['a', 's']);
  t.deepEqual(attrs('update', 'ADD a.b {0}'), [undefined]);
  t.deepEqual(compileExpression('condition', 'a = {0:o}').slots, [{ index: 0, spec: 'o', attribute: 'a' }]);
});

test('attributes lists every top-level name; assigned and clauses only for updates', (t) => {
  const condition = compileExpression('condition', 'a.b = {0} AND size(c[0]) > {1} AND attribute_exists(`d-e`)');
  t.deepEqual([...condition.attributes], ['a', 'c', 'd-e']);
  t.is(condition.assigned.size, 0);
  t.is(condition.clauses.size, 0);
  t.is(condition.keyCondition, undefined);
  const update = compileExpression('update', 'REMOVE x.y ADD n {0} SET a = b + {1}');
  t.deepEqual([...update.attributes], ['x', 'n', 'a', 'b']);
  t.deepEqual([...update.assigned], ['x', 'n', 'a']);
  t.deepEqual([...update.clauses], ['REMOVE', 'ADD', 'SET']);
  t.deepEqual([...compileExpression('projection', 'a, b.c, d[0]').attributes], ['a', 'b', 'd']);
});

// ------------------------------------------------------------ key conditions

test('key condition: partition only', (t) => {
  const compiled = compileExpression('keyCondition', 'pk = {0}');
  t.deepEqual(compiled.keyCondition, {
    partition: { attribute: 'pk', slot: { index: 0, spec: undefined, attribute: 'pk' } },
  });
  t.is(render('keyCondition', 'pk = {0}', ['p']).text, '#n0 = :v0');
});

test('key condition: every sort key operator', (t) => {
  for (const op of ['=', '<', '<=', '>', '>='] as const) {
    const compiled = compileExpression('keyCondition', `pk = {0} AND sk ${op} {1}`);
    t.like(compiled.keyCondition, { partition: { attribute: 'pk' }, sort: { attribute: 'sk', operator: op } });
    t.deepEqual(compiled.keyCondition?.sort?.slots, [{ index: 1, spec: undefined, attribute: 'sk' }]);
  }
  const between = compileExpression('keyCondition', 'pk = {0} AND sk BETWEEN {1} AND {2}');
  t.is(between.keyCondition?.sort?.operator, 'BETWEEN');
  t.deepEqual(
    between.keyCondition?.sort?.slots.map((s) => s.index),
    [1, 2],
  );
  const begins = compileExpression('keyCondition', 'pk = {0} AND begins_with(sk, {1})');
  t.deepEqual(begins.keyCondition?.sort, {
    attribute: 'sk',
    operator: 'begins_with',
    slots: [{ index: 1, spec: undefined, attribute: undefined }],
  });
});

test('key condition: partition second, parentheses, reserved names', (t) => {
  const compiled = compileExpression('keyCondition', '(sk <= {1}) and (status = {0})');
  t.like(compiled.keyCondition, {
    partition: { attribute: 'status', slot: { index: 0 } },
    sort: { attribute: 'sk', operator: '<=' },
  });
  t.is(compiled.keyCondition?.partition.slot, compiled.slots[1]);
  t.is(render('keyCondition', '(sk <= {1}) and (status = {0})', ['p', 's']).text, '#n0 <= :v0 AND #n1 = :v1');
  // Two equalities: the first is taken as the partition key.
  t.like(compileExpression('keyCondition', 'a = {0} AND b = {1}').keyCondition, {
    partition: { attribute: 'a' },
    sort: { attribute: 'b', operator: '=' },
  });
});

// ------------------------------------------------------------ updates

test('update: SET with specs', (t) => {
  const date = new Date('2024-05-06T07:08:09.010Z');
  t.deepEqual(render('update', 'SET name = {0}, updatedAt = {1:o}', ['Jane', date]), {
    text: 'SET #n0 = :v0, #n1 = :v1',
    names: { '#n0': 'name', '#n1': 'updatedAt' },
    values: { ':v0': { S: 'Jane' }, ':v1': { S: '2024-05-06T07:08:09.010Z' } },
  });
});

test('update: every clause and SET value form', (t) => {
  const out = render(
    'update',
    'SET a = a + {0}, b = list_append(b, {1}), c = if_not_exists(c, {2}) REMOVE d, e[1] ADD n {3} DELETE s {4}',
    [1, [2], 3, 4, new Set(['x'])],
  );
  t.is(
    out.text,
    'SET #n0 = #n0 + :v0, #n1 = list_append(#n1, :v1), #n2 = if_not_exists(#n2, :v2) REMOVE #n3, #n4[1] ADD #n5 :v3 DELETE #n6 :v4',
  );
  t.deepEqual(out.values?.[':v4'], { SS: ['x'] });
  t.is(
    render('update', 'SET a = list_append(if_not_exists(a, {0}), {1}), b = {2} - b, c = if_not_exists(c, {3}) + {4}', [
      [],
      [1],
      1,
      0,
      1,
    ]).text,
    'SET #n0 = list_append(if_not_exists(#n0, :v0), :v1), #n1 = :v2 - #n1, #n2 = if_not_exists(#n2, :v3) + :v4',
  );
  t.is(render('update', 'SET a = (b + {0})', [1]).text, 'SET #n0 = #n1 + :v0');
  t.is(
    render('update', 'SET a = if_not_exists(a, if_not_exists(b, {0}))', [1]).text,
    'SET #n0 = if_not_exists(#n0, if_not_exists(#n1, :v0))',
  );
});

test('update: without a keyword the template is SET; clauses in any order and case', (t) => {
  t.is(render('update', 'name = {0}', ['x']).text, 'SET #n0 = :v0');
  t.is(render('update', 'name = {0} remove b', ['x']).text, 'SET #n0 = :v0 REMOVE #n1');
  t.is(render('update', 'remove b Set a = {0}', ['x']).text, 'REMOVE #n0 SET #n1 = :v0');
  t.is(render('update', 'DELETE s {0} ADD n {1}', [new Set(['a']), 1]).text, 'DELETE #n0 :v0 ADD #n1 :v1');
});

test('update: AND, OR, BETWEEN, IN, NOT are names in updates', (t) => {
  t.deepEqual(render('update', 'SET in = {0}, and = {1}', [1, 2]).names, { '#n0': 'in', '#n1': 'and' });
});

test('update: sibling list elements do not overlap', (t) => {
  t.is(
    render('update', 'SET a[0] = {0}, a[1] = {1} REMOVE a[2]', [1, 2]).text,
    'SET #n0[0] = :v0, #n0[1] = :v1 REMOVE #n0[2]',
  );
  t.is(render('update', 'SET a.b = {0}, a.c = {1}', [1, 2]).text, 'SET #n0.#n1 = :v0, #n0.#n2 = :v1');
  t.is(render('update', 'SET a = b, b = a').text, 'SET #n0 = #n1, #n1 = #n0');
});

// ------------------------------------------------------------ projections

test('projection', (t) => {
  t.deepEqual(render('projection', 'a, b.c, d[0], `user-id`, and, SET'), {
    text: '#n0, #n1.#n2, #n3[0], #n4, #n5, #n6',
    names: { '#n0': 'a', '#n1': 'b', '#n2': 'c', '#n3': 'd', '#n4': 'user-id', '#n5': 'and', '#n6': 'SET' },
    values: undefined,
  });
  t.is(compileExpression('projection', 'a,b').valueCount, 0);
});
