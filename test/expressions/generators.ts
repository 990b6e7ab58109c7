/**
 * fast-check generators of expression templates, built from the grammar, with
 * values whose types fit the attributes they meet (so that DynamoDB, given a
 * seed item of the shape below, evaluates them without type errors).
 *
 * A generated template is first a list of fragments (text and value
 * references); `assemble` numbers the values, in a rotated order so that
 * `{1}` may come before `{0}`.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';

export type AttrType = 'S' | 'N' | 'L' | 'SS' | 'NS' | 'M';

/** A document path of the seed item, as written in templates, with its type and its elements (for overlap checks). */
export interface PoolPath {
  readonly text: string;
  readonly type: AttrType;
  readonly elements: readonly (string | number)[];
  readonly key?: boolean;
}

function p(text: string, type: AttrType, elements: readonly (string | number)[], key = false): PoolPath {
  return { text, type, elements, key };
}

/** Paths of the seed item: reserved words (name, status, data, count, size, year, value, comment), backtick-quoted names, nested paths, list elements. */
export const PATHS: readonly PoolPath[] = [
  p('pk', 'S', ['pk'], true),
  p('sk', 'S', ['sk'], true),
  p('name', 'S', ['name']),
  p('status', 'S', ['status']),
  p('Comment', 'S', ['Comment']),
  p('contains', 'S', ['contains']),
  p('`user-id`', 'S', ['user-id']),
  p('`a.b`', 'S', ['a.b']),
  p('`odd``name`', 'S', ['odd`name']),
  p('`and`', 'S', ['and']),
  p('data.city', 'S', ['data', 'city']),
  p('address.city', 'S', ['address', 'city']),
  p('data.nested.deep', 'S', ['data', 'nested', 'deep']),
  p('tags[0]', 'S', ['tags', 0]),
  p('tags[1]', 'S', ['tags', 1]),
  p('count', 'N', ['count']),
  p('size', 'N', ['size']),
  p('year', 'N', ['year']),
  p('total', 'N', ['total']),
  p('value', 'N', ['value']),
  p('größe', 'N', ['größe']),
  p('data.zip', 'N', ['data', 'zip']),
  p('tags', 'L', ['tags']),
  p('comments', 'L', ['comments']),
  p('labels', 'SS', ['labels']),
  p('scores', 'NS', ['scores']),
  p('data', 'M', ['data']),
  p('address', 'M', ['address']),
  p('data.nested', 'M', ['data', 'nested']),
];

/** Paths the seed item does not have, for SET of new attributes. */
const FRESH_PATHS: readonly PoolPath[] = [
  p('extra', 'S', ['extra']),
  p('`new-attr`', 'S', ['new-attr']),
  p('data.added', 'S', ['data', 'added']),
  p('address.zip', 'S', ['address', 'zip']),
  p('tags[9]', 'S', ['tags', 9]),
  p('date', 'S', ['date']),
];

/** Every attribute name (path segment) the generators use. */
export const KNOWN_SEGMENTS: ReadonlySet<string> = new Set(
  [...PATHS, ...FRESH_PATHS, p('counter', 'N', ['counter'])].flatMap((path) =>
    path.elements.filter((e): e is string => typeof e === 'string'),
  ),
);

/** The item the paths above describe. */
export function seedItem(pk: string, sk: string): Record<string, AttributeValue> {
  return {
    pk: { S: pk },
    sk: { S: sk },
    name: { S: 'seed name' },
    status: { S: 'active' },
    Comment: { S: 'a comment' },
    contains: { S: 'c' },
    'user-id': { S: 'u1' },
    'a.b': { S: 'ab' },
    'odd`name': { S: 'odd' },
    and: { S: 'and' },
    data: { M: { city: { S: 'Paris' }, zip: { N: '75000' }, nested: { M: { deep: { S: 'deep' } } } } },
    address: { M: { city: { S: 'Lyon' } } },
    tags: { L: [{ S: 't0' }, { S: 't1' }, { S: 't2' }] },
    comments: { L: [{ S: 'c0' }] },
    count: { N: '1' },
    size: { N: '2' },
    year: { N: '2020' },
    total: { N: '3' },
    value: { N: '4' },
    größe: { N: '5' },
    labels: { SS: ['l1', 'l2'] },
    scores: { NS: ['1', '2'] },
  };
}

/** A value of a template, and whether its text is distinctive enough to be searched for in the rendered expression. */
export interface ValueRef {
  readonly value: unknown;
  readonly spec?: string;
  readonly distinctive: boolean;
}

export type Frag = readonly (string | ValueRef)[];

export interface Generated {
  readonly template: string;
  readonly values: unknown[];
  /** The value references in index order. */
  readonly refs: ValueRef[];
}

/** Numbers the value references of `frag` ({0}, {1}, ...), rotated by `rotation`. */
export function assemble(frag: Frag, rotation = 0): Generated {
  const refs = frag.filter((piece): piece is ValueRef => typeof piece !== 'string');
  const n = refs.length;
  const ordered: ValueRef[] = new Array(n);
  let k = 0;
  let template = '';
  for (const piece of frag) {
    if (typeof piece === 'string') {
      template += piece;
      continue;
    }
    const index = (k + rotation) % n;
    ordered[index] = piece;
    template += piece.spec === undefined ? `{${index}}` : `{${index}:${piece.spec}}`;
    k++;
  }
  return { template, values: ordered.map((r) => r.value), refs: ordered };
}

/** The texts a value must never show up as in the rendered expression (after its spec). */
export function valueTexts(ref: ValueRef): string[] {
  if (!ref.distinctive) return [];
  let value = ref.value;
  if (value instanceof Date) {
    if (ref.spec === 'ttl') value = Math.floor(value.getTime() / 1000);
    else if (ref.spec === 'ms') value = value.getTime();
    else value = value.toISOString();
  }
  if (Array.isArray(value) || value instanceof Set) return [...value].map(String);
  if (typeof value === 'object' && value !== null) return Object.values(value).map(String);
  return [String(value)];
}

// ---------------------------------------------------------------- values

export interface ValueArbitraries {
  readonly string: fc.Arbitrary<string>;
  readonly number: fc.Arbitrary<number>;
}

/** Values that cannot be confused with anything in a rendered expression. */
export const distinctiveValues: ValueArbitraries = {
  string: fc
    .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 6, maxLength: 12 })
    .map((s) => `zq${s}`),
  number: fc.oneof(
    fc.integer({ min: 1_000_003, max: 9_999_999 }),
    fc.integer({ min: 1_000_003, max: 9_999_999 }).map((n) => n + 0.25),
  ),
};

const DATE = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
});

function ref(value: unknown, spec?: string, distinctive = true): ValueRef {
  return spec === undefined ? { value, distinctive } : { value, spec, distinctive };
}

function typedValue(type: AttrType, v: ValueArbitraries): fc.Arbitrary<ValueRef> {
  switch (type) {
    case 'S':
      return fc.oneof(
        { weight: 4, arbitrary: v.string.map((s) => ref(s)) },
        { weight: 1, arbitrary: DATE.map((d) => ref(d, 'o')) },
      );
    case 'N':
      return fc.oneof(
        { weight: 4, arbitrary: v.number.map((n) => ref(n)) },
        { weight: 1, arbitrary: DATE.map((d) => ref(d, 'ttl')) },
        { weight: 1, arbitrary: DATE.map((d) => ref(d, 'ms')) },
      );
    case 'L':
      return fc.array(v.string, { minLength: 1, maxLength: 3 }).map((a) => ref(a));
    case 'SS':
      return fc.uniqueArray(v.string, { minLength: 1, maxLength: 3 }).map((a) => ref(new Set(a)));
    case 'NS':
      return fc.uniqueArray(v.number, { minLength: 1, maxLength: 3 }).map((a) => ref(new Set(a)));
    case 'M':
      return fc.record({ x: v.string, y: v.number }).map((m) => ref(m));
  }
}

/** Two values of a type, low <= high (DynamoDB rejects BETWEEN with bounds the wrong way round). */
function orderedPair(type: 'S' | 'N', v: ValueArbitraries): fc.Arbitrary<[ValueRef, ValueRef]> {
  if (type === 'S') {
    return fc.tuple(v.string, v.string).map(([a, b]) => (a <= b ? [ref(a), ref(b)] : [ref(b), ref(a)]));
  }
  return fc.tuple(v.number, v.number).map(([a, b]) => (a <= b ? [ref(a), ref(b)] : [ref(b), ref(a)]));
}

// ---------------------------------------------------------------- spelling

const space = fc.constantFrom(' ', ' ', ' ', '  ', '\n', '\t');
const optSpace = fc.constantFrom('', ' ', ' ', ' ');

/** A keyword in a random case (keywords are case-insensitive). */
function keyword(word: string): fc.Arbitrary<string> {
  return fc.constantFrom(word, word, word.toLowerCase(), word[0] + word.slice(1).toLowerCase());
}

function pick<T>(items: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...items);
}

// ---------------------------------------------------------------- conditions

export interface ConditionOptions {
  /** Paths conditions may refer to (a query filter may not refer to key attributes). */
  readonly paths: readonly PoolPath[];
  readonly values: ValueArbitraries;
  /** Nesting depth of AND / OR / NOT. */
  readonly depth: number;
}

const COMPARATORS = ['=', '<>', '<', '<=', '>', '>='] as const;
const TYPE_NAMES = ['S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'NULL', 'L', 'M'];

export function conditionArb(options: ConditionOptions): fc.Arbitrary<Frag> {
  const { paths, values: v } = options;
  const ofType = (...types: AttrType[]): PoolPath[] => paths.filter((path) => types.includes(path.type));
  const scalar = ofType('S', 'N');
  const sizable = ofType('S', 'L', 'SS', 'NS', 'M');

  /** A value or another path of the same type (DynamoDB rejects a path compared with itself). */
  const operandLike = (path: PoolPath): fc.Arbitrary<string | ValueRef> => {
    const others = paths.filter((other) => other.type === path.type && other !== path);
    return others.length === 0
      ? typedValue(path.type, v)
      : fc.oneof(
          { weight: 3, arbitrary: typedValue(path.type, v) },
          { weight: 1, arbitrary: pick(others).map((other) => other.text) },
        );
  };

  const compare = pick(scalar).chain((path) =>
    fc
      .tuple(pick(COMPARATORS), operandLike(path), fc.boolean(), optSpace, optSpace)
      .map(
        ([op, other, swap, s1, s2]): Frag => (swap ? [other, s1, op, s2, path.text] : [path.text, s1, op, s2, other]),
      ),
  );
  const valueVsValue = fc
    .tuple(typedValue('S', v), pick(COMPARATORS), typedValue('S', v))
    .map(([a, op, b]): Frag => [a, ` ${op} `, b]);
  const size = fc
    .tuple(pick(sizable), pick(COMPARATORS), typedValue('N', v), optSpace)
    .map(([path, op, value, s]): Frag => [`size${s}(${path.text})`, ` ${op} `, value]);
  const between = fc
    .constantFrom<'S' | 'N'>('S', 'N')
    .chain((type) =>
      fc.tuple(pick(ofType(type)), orderedPair(type, v), keyword('BETWEEN'), keyword('AND'), space, space),
    )
    .map(
      ([path, [low, high], kwBetween, kwAnd, s1, s2]): Frag => [
        path.text,
        s1,
        kwBetween,
        ' ',
        low,
        s2,
        kwAnd,
        ' ',
        high,
      ],
    );
  const sizeBetween = fc
    .tuple(pick(sizable), orderedPair('N', v))
    .map(([path, [low, high]]): Frag => [`size(${path.text}) BETWEEN `, low, ' AND ', high]);
  const inList = fc
    .constantFrom<'S' | 'N'>('S', 'N')
    .chain((type) =>
      fc.tuple(pick(ofType(type)), fc.array(typedValue(type, v), { minLength: 1, maxLength: 4 }), keyword('IN')),
    )
    .map(([path, list, kw]): Frag => {
      const frag: (string | ValueRef)[] = [path.text, ` ${kw} (`];
      list.forEach((value, i) => {
        if (i > 0) frag.push(', ');
        frag.push(value);
      });
      frag.push(')');
      return frag;
    });
  const exists = fc
    .tuple(pick(['attribute_exists', 'attribute_not_exists']), pick(paths))
    .map(([fn, path]): Frag => [`${fn}(${path.text})`]);
  const attributeType = fc
    .tuple(pick(paths), pick(TYPE_NAMES))
    .map(([path, type]): Frag => [`attribute_type(${path.text}, `, ref(type, undefined, false), ')']);
  const beginsWith = fc
    .tuple(pick(ofType('S')), typedValue('S', v))
    .map(([path, value]): Frag => [`begins_with(${path.text}, `, value, ')']);
  const containsArbs: fc.Arbitrary<Frag>[] = [];
  const containers = ofType('S', 'L', 'SS');
  if (containers.length > 0) {
    containsArbs.push(
      fc
        .tuple(pick(containers), typedValue('S', v))
        .map(([path, value]): Frag => [`contains(${path.text},`, ' ', value, ')']),
    );
  }
  if (ofType('NS').length > 0) {
    containsArbs.push(
      fc.tuple(pick(ofType('NS')), v.number).map(([path, n]): Frag => [`contains(${path.text}, `, ref(n), ')']),
    );
  }

  const leaves: fc.Arbitrary<Frag>[] = [
    compare,
    compare,
    valueVsValue,
    between,
    inList,
    exists,
    attributeType,
    ...containsArbs,
  ];
  if (sizable.length > 0) leaves.push(size, sizeBetween);
  if (ofType('S').length > 0) leaves.push(beginsWith);
  const leaf = fc.oneof(...leaves);

  /** Optionally wrapped in parentheses, even redundant ones: the compiler must drop those DynamoDB would reject. */
  const wrapped = (arb: fc.Arbitrary<Frag>): fc.Arbitrary<Frag> =>
    fc
      .tuple(arb, fc.constantFrom(0, 0, 0, 1, 2), optSpace)
      .map(
        ([frag, parens, s]): Frag => (parens === 0 ? frag : ['('.repeat(parens), s, ...frag, s, ')'.repeat(parens)]),
      );

  const byDepth: fc.Arbitrary<Frag>[] = [wrapped(leaf)];
  for (let depth = 1; depth <= options.depth; depth++) {
    const inner = byDepth[depth - 1];
    const join = (word: 'AND' | 'OR'): fc.Arbitrary<Frag> =>
      fc
        .tuple(fc.array(inner, { minLength: 2, maxLength: 3 }), keyword(word), space)
        .map(([items, kw, s]): Frag => items.flatMap((item, i) => (i === 0 ? [...item] : [s, kw, ' ', ...item])));
    const not = fc.tuple(inner, keyword('NOT')).map(([item, kw]): Frag => [kw, ' ', '(', ...item, ')']);
    const bareNot = fc.tuple(leaf, keyword('NOT')).map(([item, kw]): Frag => [kw, ' ', ...item]);
    byDepth.push(wrapped(fc.oneof({ weight: 2, arbitrary: leaf }, join('AND'), join('OR'), not, bareNot)));
  }
  return byDepth[options.depth];
}

// ---------------------------------------------------------------- key conditions

export function keyConditionArb(
  v: ValueArbitraries,
  partitionValues: fc.Arbitrary<string> = v.string,
): fc.Arbitrary<Frag> {
  const partition = partitionValues.map((value): Frag => ['pk = ', ref(value)]);
  const sort = fc.oneof(
    fc.tuple(pick(['=', '<', '<=', '>', '>=']), v.string).map(([op, value]): Frag => [`sk ${op} `, ref(value)]),
    orderedPair('S', v).map(([low, high]): Frag => ['sk BETWEEN ', low, ' AND ', high]),
    v.string.map((value): Frag => ['begins_with(sk, ', ref(value), ')']),
  );
  const parens = (frag: Frag, on: boolean): Frag => (on ? ['(', ...frag, ')'] : frag);
  return fc
    .tuple(
      partition,
      fc.option(sort, { nil: undefined }),
      fc.boolean(),
      keyword('AND'),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([pk, sk, sortFirst, and, p1, p2, whole]): Frag => {
      if (sk === undefined) return parens(pk, p1);
      const [first, second] = sortFirst ? [parens(sk, p1), parens(pk, p2)] : [parens(pk, p1), parens(sk, p2)];
      return parens([...first, ` ${and} `, ...second], whole);
    });
}

// ---------------------------------------------------------------- updates

function overlaps(a: PoolPath, b: PoolPath): boolean {
  const n = Math.min(a.elements.length, b.elements.length);
  for (let i = 0; i < n; i++) if (a.elements[i] !== b.elements[i]) return false;
  return true;
}

interface Action {
  readonly clause: 'SET' | 'REMOVE' | 'ADD' | 'DELETE';
  readonly target: PoolPath;
  readonly frag: Frag;
}

export function updateArb(v: ValueArbitraries): fc.Arbitrary<Frag> {
  const writable = PATHS.filter((path) => !path.key);
  const ofType = (type: AttrType): PoolPath[] => writable.filter((path) => path.type === type);
  const set = (target: PoolPath, value: fc.Arbitrary<Frag>): fc.Arbitrary<Action> =>
    fc
      .tuple(value, optSpace)
      .map(([frag, s]) => ({ clause: 'SET', target, frag: [target.text, s, '=', ' ', ...frag] }));

  const setString = pick(ofType('S')).chain((target) =>
    set(
      target,
      fc.oneof(
        typedValue('S', v).map((value): Frag => [value]),
        pick(ofType('S')).map((other): Frag => [other.text]),
        fc
          .tuple(pick(ofType('S')), typedValue('S', v))
          .map(([other, value]): Frag => [`if_not_exists(${other.text}, `, value, ')']),
        typedValue('S', v).map((value): Frag => [`if_not_exists(${target.text}, `, value, ')']),
        typedValue('S', v).map((value): Frag => ['(', value, ')']),
      ),
    ),
  );
  const setNumber = pick(ofType('N')).chain((target) =>
    set(
      target,
      fc.oneof(
        typedValue('N', v).map((value): Frag => [value]),
        fc
          .tuple(pick(ofType('N')), pick(['+', '-']), typedValue('N', v))
          .map(([other, op, value]): Frag => [other.text, ` ${op} `, value]),
        fc.tuple(typedValue('N', v), typedValue('N', v)).map(([a, b]): Frag => [a, ' + ', b]),
        fc.tuple(pick(ofType('N')), pick(ofType('N'))).map(([a, b]): Frag => [a.text, ' - ', b.text]),
        fc
          .tuple(typedValue('N', v), typedValue('N', v))
          .map(([a, b]): Frag => [`if_not_exists(${target.text}, `, a, ') + ', b]),
        fc
          .tuple(pick(ofType('N')), typedValue('N', v))
          .map(([other, value]): Frag => [`if_not_exists(${other.text}, if_not_exists(${target.text}, `, value, '))']),
      ),
    ),
  );
  const setList = pick(ofType('L')).chain((target) =>
    set(
      target,
      fc.oneof(
        typedValue('L', v).map((value): Frag => [`list_append(${target.text}, `, value, ')']),
        typedValue('L', v).map((value): Frag => ['list_append(', value, `, ${target.text})`]),
        fc
          .tuple(typedValue('L', v), typedValue('L', v))
          .map(([a, b]): Frag => [`list_append(if_not_exists(${target.text}, `, a, '), ', b, ')']),
        typedValue('L', v).map((value): Frag => [value]),
      ),
    ),
  );
  const setFresh = pick(FRESH_PATHS).chain((target) =>
    set(
      target,
      fc
        .oneof(
          typedValue('S', v),
          typedValue('N', v),
          typedValue('L', v),
          typedValue('M', v),
          fc.constant(ref(true, undefined, false)),
        )
        .map((value): Frag => [value]),
    ),
  );
  const remove = pick(writable).map((target): Action => ({ clause: 'REMOVE', target, frag: [target.text] }));
  const addNumber = fc
    .tuple(pick([...ofType('N'), p('counter', 'N', ['counter'])]), typedValue('N', v))
    .map(([target, value]): Action => ({ clause: 'ADD', target, frag: [target.text, ' ', value] }));
  const addSet = pick([...ofType('SS'), ...ofType('NS')]).chain((target) =>
    typedValue(target.type, v).map((value): Action => ({ clause: 'ADD', target, frag: [target.text, ' ', value] })),
  );
  const deleteSet = pick([...ofType('SS'), ...ofType('NS')]).chain((target) =>
    typedValue(target.type, v).map((value): Action => ({ clause: 'DELETE', target, frag: [target.text, ' ', value] })),
  );

  const action = fc.oneof(setString, setNumber, setList, setFresh, remove, addNumber, addSet, deleteSet);
  return fc
    .tuple(
      fc.array(action, { minLength: 1, maxLength: 6 }),
      fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 4, maxLength: 4 }),
      fc.boolean(),
      fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    )
    .map(([actions, clauseOrder, omitSet, lowerCase]): Frag => {
      const kept: Action[] = [];
      for (const a of actions) if (!kept.some((k) => overlaps(k.target, a.target))) kept.push(a);
      const clauses = (['SET', 'REMOVE', 'ADD', 'DELETE'] as const)
        .map((clause, i) => ({ clause, order: clauseOrder[i], actions: kept.filter((a) => a.clause === clause) }))
        .filter((c) => c.actions.length > 0)
        .sort((a, b) => a.order - b.order);
      const frag: (string | ValueRef)[] = [];
      clauses.forEach((c, i) => {
        const word = lowerCase[i] ? c.clause.toLowerCase() : c.clause;
        if (i > 0) frag.push(' ');
        if (!(i === 0 && c.clause === 'SET' && omitSet)) frag.push(word, ' ');
        c.actions.forEach((a, k) => {
          if (k > 0) frag.push(', ');
          frag.push(...a.frag);
        });
      });
      return frag;
    });
}

// ---------------------------------------------------------------- projections

export function projectionArb(paths: readonly PoolPath[] = PATHS): fc.Arbitrary<string> {
  return fc
    .tuple(fc.shuffledSubarray([...paths], { minLength: 1, maxLength: 6 }), pick([', ', ',', ' , ']))
    .map(([chosen, sep]) => {
      const kept: PoolPath[] = [];
      for (const path of chosen) if (!kept.some((k) => overlaps(k, path))) kept.push(path);
      return kept.map((path) => path.text).join(sep);
    });
}

// ---------------------------------------------------------------- broken templates

const NOISE = [...'{}()[],.:#\'"=<>!+-`_ 0123456789abcXYZ\n', '{0}', '{1:o}', 'AND', 'OR', 'NOT', 'SET', 'size(', ')'];

/** A template with random characters inserted, deleted or replaced. */
export function mutatedArb(template: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat(),
    fc.constantFrom('insert', 'delete', 'replace'),
    fc.constantFrom(...NOISE),
    fc.integer({ min: 1, max: 3 }),
  );
  return fc.tuple(template, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([text, edits]) => {
    let out = text;
    for (const [at, op, noise, length] of edits) {
      const i = out.length === 0 ? 0 : at % (out.length + 1);
      if (op === 'insert') out = out.slice(0, i) + noise + out.slice(i);
      else if (op === 'delete') out = out.slice(0, i) + out.slice(i + length);
      else out = out.slice(0, i) + noise + out.slice(i + length);
    }
    return out;
  });
}
