/**
 * Templates generated against an entity spec (support/generated-entities.ts): conditions, key conditions and
 * updates whose names are drawn from the entity's property and stored names and whose values fit what they are
 * placed against. Each value slot also carries a value of the wrong type for it (when there is one), and each
 * template can be rendered with one name or one value replaced, for the refusal properties.
 */
import fc from 'fast-check';
import {
  type AttrSpec,
  declaredNames,
  type EntitySpec,
  goodValueOf,
  INNER_NAMES,
  identifier,
  KEYWORDS,
  type KeySpec,
  keyPart,
  storedOf,
  wrongValueOf,
} from './generated-entities.js';

export interface Slot {
  readonly good: unknown;
  /** A value of the wrong type for this slot; undefined when every value fits (an Object attribute). */
  readonly bad?: unknown;
}

export type Piece = string | { readonly name: string } | { readonly slot: Slot };

/** A template as pieces: text, names (which a mutation may replace) and value slots. */
export type Pieces = readonly Piece[];

/** A SET of a whole value, to read back after the update. */
export interface Written {
  readonly property: string;
  /** The key below the attribute, for a SET of a path (`nested.label`, `extra.k`). */
  readonly sub?: string;
  readonly value: unknown;
}

export interface UpdateTemplate {
  readonly pieces: Pieces;
  readonly written: readonly Written[];
}

export interface Rendered {
  readonly template: string;
  readonly values: unknown[];
}

/** One name replaced (`name`), or one value slot's good value replaced by its bad one (`value`). */
export type Mutation =
  | { readonly kind: 'name'; readonly at: number; readonly by: string }
  | { readonly kind: 'value'; readonly at: number };

export function render(pieces: Pieces, mutation?: Mutation): Rendered {
  let template = '';
  const values: unknown[] = [];
  let names = 0;
  let slots = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') template += piece;
    else if ('name' in piece) {
      template += mutation?.kind === 'name' && mutation.at === names ? mutation.by : piece.name;
      names += 1;
    } else {
      const replaced = mutation?.kind === 'value' && mutation.at === slots;
      template += `{${values.length}}`;
      values.push(replaced ? piece.slot.bad : piece.slot.good);
      slots += 1;
    }
  }
  return { template, values };
}

export const nameCount = (pieces: Pieces): number => pieces.filter((p) => typeof p === 'object' && 'name' in p).length;

/** The indexes of the slots that have a wrong value. */
export const badSlots = (pieces: Pieces): number[] =>
  pieces
    .filter((p): p is { slot: Slot } => typeof p === 'object' && 'slot' in p)
    .flatMap((p, i) => (p.slot.bad === undefined ? [] : [i]));

const nameOf = (spec: KeySpec | AttrSpec): fc.Arbitrary<Piece> =>
  fc.constantFrom(spec.property, storedOf(spec)).map((name) => ({ name }));

const slot = (good: fc.Arbitrary<unknown>, bad?: unknown): fc.Arbitrary<Piece> =>
  good.map((g) => ({ slot: bad === undefined ? { good: g } : { good: g, bad } }));

const small = fc.integer({ min: 0, max: 5 });

/** `parts` in order, text pieces as they are. */
const seq = (...parts: Array<fc.Arbitrary<Piece> | string>): fc.Arbitrary<Piece[]> =>
  fc.tuple(...parts.map((p) => (typeof p === 'string' ? fc.constant(p) : p)));

/** DynamoDB orders numbers by value and strings by their UTF-8 bytes. */
function ascending(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return Buffer.compare(Buffer.from(String(x)), Buffer.from(String(y)));
}

/** `n BETWEEN low AND high`: DynamoDB refuses bounds out of order. */
const between = (a: AttrSpec): fc.Arbitrary<Piece[]> =>
  fc.tuple(nameOf(a), goodValueOf[a.kind], goodValueOf[a.kind]).map(([name, x, y]): Piece[] => {
    const [low, high] = [x, y].sort(ascending);
    const bad = wrongValueOf[a.kind];
    return [name, ' BETWEEN ', { slot: { good: low, bad } }, ' AND ', { slot: { good: high, bad } }];
  });

/** Conditions on one attribute, of its kind. */
function attributeClause(a: AttrSpec): fc.Arbitrary<Piece[]> {
  const n = nameOf(a);
  const v = () => slot(goodValueOf[a.kind], wrongValueOf[a.kind]);
  const size = seq('size(', n, ') > ', slot(small, '3'));
  const any = [seq('attribute_exists(', n, ')'), seq('attribute_not_exists(', n, ')')];
  switch (a.kind) {
    case 'String':
      return fc.oneof(
        ...any,
        seq(n, ' = ', v()),
        seq(n, ' <> ', v()),
        seq(n, ' < ', v()),
        between(a),
        seq(n, ' IN (', v(), ', ', v(), ')'),
        seq('begins_with(', n, ', ', slot(goodValueOf.String, 5), ')'),
        seq('contains(', n, ', ', slot(goodValueOf.String, 5), ')'),
        size,
      );
    case 'Number':
      return fc.oneof(
        ...any,
        seq(n, ' = ', v()),
        seq(n, ' >= ', v()),
        between(a),
        seq(n, ' IN (', v(), ', ', v(), ')'),
      );
    case 'Boolean':
      return fc.oneof(...any, seq(n, ' = ', v()), seq(n, ' <> ', v()));
    case 'Date':
      return fc.oneof(...any, seq(n, ' = ', v()), seq(n, ' < ', v()));
    case 'Set':
      return fc.oneof(...any, seq('contains(', n, ', ', slot(fc.stringMatching(/^[a-z]{1,5}$/), { a: 1 }), ')'), size);
    case 'Array':
      return fc.oneof(
        ...any,
        seq(n, ' = ', v()),
        seq('contains(', n, ', ', slot(fc.stringMatching(/^[a-z]{1,5}$/)), ')'),
        size,
      );
    case 'Nested': {
      const label = fc.constantFrom(...INNER_NAMES.label).map((name): Piece => ({ name }));
      const count = fc.constant<Piece>({ name: 'count' });
      return fc.oneof(
        ...any,
        seq(n, '.', label, ' = ', slot(goodValueOf.String, 42)),
        seq('begins_with(', n, '.', label, ', ', slot(goodValueOf.String, 42), ')'),
        seq(n, '.', count, ' >= ', slot(small, 'x')),
        seq('attribute_exists(', n, '.', count, ')'),
        size,
      );
    }
    case 'Object':
      return fc.oneof(
        ...any,
        // Below an Object attribute any name goes, and any value.
        seq(n, '.', fc.constantFrom('a', 'b', 'zz'), ' = ', slot(goodValueOf.Object)),
        seq('attribute_type(', n, ', ', slot(fc.constantFrom('M', 'S', 'N', 'L'), 'STRING'), ')'),
        size,
        seq(n, ' = ', v()),
      );
  }
}

/** The stored form of a key value. */
export const storedKey = (k: KeySpec, part: string): string => (k.prefix ? `${k.prefix}#${part}` : part);

/**
 * A key compared for equality: by property with a bare part (the format is applied), by stored name with the
 * stored form. The wrong value: a boolean by property; by stored name, the bare part when the key has a prefix.
 */
function keyEquality(k: KeySpec): fc.Arbitrary<Piece[]> {
  return fc.tuple(fc.boolean(), keyPart).map(([byStored, part]): Piece[] => {
    const stored = byStored && k.stored !== undefined;
    if (!stored) return [{ name: k.property }, ' = ', { slot: { good: part, bad: true } }];
    return [
      { name: storedOf(k) },
      ' = ',
      { slot: k.prefix ? { good: storedKey(k, part), bad: part } : { good: part, bad: true } },
    ];
  });
}

/** A condition of 1 to 3 clauses joined by AND / OR, sometimes negated; on keys too when `keys`. */
export function condition(spec: EntitySpec, keys: boolean): fc.Arbitrary<Pieces> {
  const clauses = [
    ...spec.attrs.map(attributeClause),
    ...(keys ? [keyEquality(spec.pk), ...(spec.sk ? [keyEquality(spec.sk)] : [])] : []),
  ];
  const clause = fc.oneof(...clauses);
  return fc
    .tuple(fc.array(fc.tuple(clause, fc.constantFrom(' AND ', ' OR '), fc.boolean()), { minLength: 1, maxLength: 3 }))
    .map(([parts]) =>
      parts.flatMap(([pieces, join, negate], i) => [
        ...(i === 0 ? [] : [join]),
        ...(negate ? ['NOT (', ...pieces, ')'] : pieces),
      ]),
    );
}

/**
 * A key condition: the partition key by property (bare part) or stored name (stored form), and maybe a sort key
 * condition: equality, begins_with, a range; by stored name, ranges and begins_with take stored text as it is.
 */
export function keyCondition(spec: EntitySpec, pkPart: string): fc.Arbitrary<Pieces> {
  const pk = spec.pk;
  const partition = fc
    .boolean()
    .map((byStored): Piece[] =>
      byStored && pk.stored !== undefined
        ? [
            { name: pk.stored },
            ' = ',
            { slot: pk.prefix ? { good: storedKey(pk, pkPart), bad: pkPart } : { good: pkPart, bad: true } },
          ]
        : [{ name: pk.property }, ' = ', { slot: { good: pkPart, bad: true } }],
    );
  const sk = spec.sk;
  if (!sk) return partition;
  const skName = nameOf(sk);
  const part = keyPart.map((good): Piece => ({ slot: { good, bad: true } }));
  const sortClause = fc.oneof(
    keyEquality(sk),
    seq('begins_with(', skName, ', ', part, ')'),
    seq(skName, ' > ', part),
    fc.tuple(skName, keyPart, keyPart).map(([name, x, y]): Piece[] => {
      const [low, high] = [x, y].sort(ascending);
      return [name, ' BETWEEN ', { slot: { good: low, bad: true } }, ' AND ', { slot: { good: high, bad: true } }];
    }),
  );
  return fc
    .tuple(partition, fc.option(sortClause, { nil: undefined }))
    .map(([p, s]) => (s === undefined ? p : [...p, ' AND ', ...s]));
}

interface Action {
  readonly clause: 'SET' | 'REMOVE' | 'ADD' | 'DELETE';
  readonly pieces: Piece[];
  readonly written?: Written;
}

/** Update actions on one attribute, of its kind. */
function actionOn(a: AttrSpec): fc.Arbitrary<Action> {
  const n = nameOf(a);
  const setWhole = fc.tuple(n, goodValueOf[a.kind]).map(
    ([name, value]): Action => ({
      clause: 'SET',
      pieces: [
        name,
        ' = ',
        { slot: wrongValueOf[a.kind] === undefined ? { good: value } : { good: value, bad: wrongValueOf[a.kind] } },
      ],
      written: { property: a.property, value },
    }),
  );
  const remove = n.map((name): Action => ({ clause: 'REMOVE', pieces: [name] }));
  const action = (clause: Action['clause'], ...parts: Array<fc.Arbitrary<Piece> | string>) =>
    seq(...parts).map((pieces): Action => ({ clause, pieces }));
  const v = slot(goodValueOf[a.kind], wrongValueOf[a.kind]);
  switch (a.kind) {
    case 'Number':
      return fc.oneof(
        setWhole,
        remove,
        action('SET', n, ' = ', n, ' + ', slot(small, '1')),
        action('SET', n, ' = if_not_exists(', n, ', ', v, ') - ', slot(small, '1')),
        action('ADD', n, ' ', slot(small, '1')),
      );
    case 'Set':
      return fc.oneof(setWhole, remove, action('ADD', n, ' ', v), action('DELETE', n, ' ', v));
    case 'Array':
      return fc.oneof(
        setWhole,
        remove,
        action('SET', n, ' = list_append(', n, ', ', slot(goodValueOf.Array, 'x'), ')'),
      );
    case 'String':
      return fc.oneof(setWhole, remove, action('SET', n, ' = if_not_exists(', n, ', ', v, ')'));
    case 'Nested': {
      const label = fc.constantFrom(...INNER_NAMES.label).map((name): Piece => ({ name }));
      return fc.oneof(
        setWhole,
        remove,
        fc.tuple(n, label, goodValueOf.String).map(
          ([name, l, value]): Action => ({
            clause: 'SET',
            pieces: [name, '.', l, ' = ', { slot: { good: value, bad: 42 } }],
            written: { property: a.property, sub: 'label', value },
          }),
        ),
        action('SET', n, '.', fc.constant<Piece>({ name: 'count' }), ' = ', n, '.count + ', slot(small, '1')),
      );
    }
    case 'Object':
      return fc.oneof(
        setWhole,
        remove,
        fc.tuple(n, fc.constantFrom('a', 'b', 'zz'), fc.oneof(goodValueOf.String, goodValueOf.Number)).map(
          ([name, k, value]): Action => ({
            clause: 'SET',
            pieces: [name, `.${k} = `, { slot: { good: value } }],
            written: { property: a.property, sub: k, value },
          }),
        ),
      );
    default:
      return fc.oneof(setWhole, remove);
  }
}

/** An update of 1 to 3 distinct attributes, clauses grouped as DynamoDB wants them. */
export function update(spec: EntitySpec): fc.Arbitrary<UpdateTemplate> {
  return fc
    .uniqueArray(fc.nat({ max: spec.attrs.length - 1 }), { minLength: 1, maxLength: 3 })
    .chain((picked) => fc.tuple(...picked.map((i) => actionOn(spec.attrs[i] as AttrSpec))))
    .map((actions) => {
      const pieces: Piece[] = [];
      for (const clause of ['SET', 'REMOVE', 'ADD', 'DELETE'] as const) {
        const of = actions.filter((a) => a.clause === clause);
        if (of.length === 0) continue;
        pieces.push(pieces.length === 0 ? `${clause} ` : ` ${clause} `);
        for (const [i, a] of of.entries()) pieces.push(...(i === 0 ? [] : [', ']), ...a.pieces);
      }
      return { pieces, written: actions.flatMap((a) => (a.written ? [a.written] : [])) };
    });
}

/** A name that is not declared: a typo of a declared one, or another identifier. */
export function undeclared(spec: EntitySpec): fc.Arbitrary<string> {
  const declared = declaredNames(spec);
  const real = fc.constantFrom(...declared).filter((n) => n !== '_type');
  const typo = fc
    .tuple(real, fc.nat(), fc.constantFrom('drop', 'double', 'swap', 'case', 'append'))
    .map(([n, i, how]) => {
      const at = i % n.length;
      switch (how) {
        case 'drop':
          return n.slice(0, at) + n.slice(at + 1);
        case 'double':
          return n.slice(0, at) + (n[at] as string) + n.slice(at);
        case 'swap':
          return at + 1 < n.length
            ? n.slice(0, at) + (n[at + 1] as string) + (n[at] as string) + n.slice(at + 2)
            : `${n}x`;
        case 'case':
          return n.slice(0, at) + (n[at] as string).toUpperCase() + n.slice(at + 1);
        default:
          return `${n}s`;
      }
    });
  return fc
    .oneof(typo, identifier)
    .filter((n) => /^[A-Za-z][A-Za-z0-9_]*$/.test(n) && !declared.has(n) && !KEYWORDS.has(n.toLowerCase()));
}

/** A mutation of `pieces`: one name replaced by an undeclared one. */
export const nameMutation = (spec: EntitySpec, pieces: Pieces): fc.Arbitrary<Mutation> =>
  fc.tuple(fc.nat({ max: nameCount(pieces) - 1 }), undeclared(spec)).map(([at, by]) => ({ kind: 'name', at, by }));

/** A mutation of `pieces`: one value replaced by one of the wrong type, or undefined when no slot has one. */
export const valueMutation = (pieces: Pieces): fc.Arbitrary<Mutation | undefined> => {
  const slots = badSlots(pieces);
  return slots.length === 0
    ? fc.constant(undefined)
    : fc.constantFrom(...slots).map((at): Mutation => ({ kind: 'value', at }));
};
