/**
 * Compile-time checking of expression templates on typed repositories: the
 * types the builders' `where`, `set` and `withFilter` take.
 *
 * A literal template is read a token at a time at the type level (tokens.ts,
 * conditions.ts, updates.ts). Its paths must be the entity's data properties
 * (paths.ts), it must number its placeholders from {0} without gaps, and each
 * value must fit where its placeholder stands (slots.ts). A wrong template
 * makes the template parameter's type a readable message ("✗ ..."); wrong
 * values are refused by the values' tuple type.
 *
 * What is not checked, and left to the run-time parser (which checks
 * everything, with positions): templates typed `string`, templates with
 * `${string}` holes (interpolated fieldsOf names), untyped tables and single tables (items open to any name), and any
 * template whose grammar the type-level pass cannot follow.
 */
import type { ScanCondition } from './conditions.js';
import type { Failure } from './operands.js';
import type { Unparsed } from './tokens.js';
import type { ScanUpdate } from './updates.js';

/** `condition`: conditions and filters (`#{n}` allowed); `keyCondition`: a query's key condition; `update`: SET/REMOVE/ADD/DELETE. */
export type TemplateKind = 'condition' | 'keyCondition' | 'update';

/**
 * Whether `S` is a string literal (or a union of them): not `string`, not a template with holes.
 * `Record<S, 1>` has a required key only for a literal `S` (for `string` and `${string}` patterns it is an index signature).
 * A union of literals is checked member by member: its values are then one of the members' tuples.
 */
type IsLiteral<S extends string> = Record<never, never> extends Record<S, 1> ? false : true;

/** Untyped tables (`Record<string, unknown>` items) and single tables (unions with it) take any name. */
type IsOpenEntity<T> = true extends (T extends unknown ? (string extends keyof T ? true : false) : never)
  ? true
  : false;

/**
 * The values' tuple when the placeholders appear as {0}, {1}, {2}, ... each
 * once (most templates): one step per two placeholders. Anything else (a value
 * used twice, out of order, or missing) goes through BuildValues.
 *
 * The uses are taken apart by patterns that match them exactly
 * (`[readonly [infer I, infer X], ...infer R]`) and never related to `Use[]`:
 * relating a tuple to an array type, or to a tuple of another shape, makes
 * the checker build all of the tuple's array members, which costs more than
 * the rest of the step. For the same reason the expected index is counted
 * with Succ rather than read as the values' `['length']` (reading a
 * property of a new tuple builds its members too).
 */
type InOrder<Uses, Rest = Uses, N extends number = 0, Acc extends unknown[] = []> = Rest extends [
  readonly [infer I, infer X],
  readonly [infer J, infer Y],
  ...infer R,
]
  ? I extends N
    ? J extends Succ[N]
      ? InOrder<Uses, R, Succ2[N], [...Acc, X, Y]>
      : BuildValues<Uses, IndexesOf<Uses>>
    : BuildValues<Uses, IndexesOf<Uses>>
  : Rest extends [readonly [infer I, infer X]]
    ? I extends N
      ? [...Acc, X]
      : BuildValues<Uses, IndexesOf<Uses>>
    : Acc;

/** `Succ[n]` is n + 1, for the indexes checked at the type level (see IndexText). Written out, as building it costs every program more than reading it. */
// biome-ignore format: a table of numbers
type Succ = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
  33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62,
  63, 64,
];

/** `Succ2[n]` is n + 2. */
// biome-ignore format: a table of numbers
type Succ2 = [
  2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
  34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
  64, 65,
];

/** The indexes the uses name. */
type IndexesOf<Uses> = Uses extends [readonly [infer I, infer _], ...infer R] ? I | IndexesOf<R> : never;

/** The values' tuple, or a Failure: the n-th value must fit every place `{n}` stands. */
type BuildValues<Uses, Left, Acc extends unknown[] = []> = [Left] extends [never]
  ? Acc
  : Acc['length'] extends Left
    ? BuildValues<Uses, Exclude<Left, Acc['length']>, [...Acc, SlotType<Uses, Acc['length']>]>
    : `✗ the template has no {${Acc['length']}}: number the placeholders from {0} without gaps (every value passed must appear in the template)`;

/** The intersection of the types the uses of index `I` require. */
type SlotType<Uses, I extends number, Acc = unknown> = Uses extends [readonly [infer N, infer X], ...infer R]
  ? SlotType<R, I, N extends I ? Acc & X : Acc>
  : Acc;

/** The uses of the template's placeholders, a Failure, or Unparsed. `#{n}` names are offered the property names. */
type Scan<T, S extends string, K extends TemplateKind> = K extends 'update'
  ? ScanUpdate<T, S>
  : ScanCondition<T, S, K extends 'condition' ? true : false>;

/** The values' tuple, a Failure, or Unparsed, for a literal template on a typed entity. */
type Analyze<T, S extends string, K extends TemplateKind> =
  Scan<T, S, K> extends infer Uses ? (Uses extends Failure | Unparsed ? Uses : InOrder<Uses>) : never;

/** The analysis, or Unparsed where nothing is checked. The checks on `S` come first, so a `string` template never looks at `T`. */
type Verdict<T, S extends string, K extends TemplateKind> =
  IsLiteral<S> extends true ? (IsOpenEntity<T> extends true ? Unparsed : Analyze<T, S, K>) : Unparsed;

/**
 * The type of a template parameter: the template itself when it is correct
 * (or cannot be checked), else the message of its first mistake, so that
 * the compile error reads `Argument of type '"SET stauts = {0}"' is not
 * assignable to parameter of type '"✗ stauts is not a property of ..."'`.
 * `S` is inferred from the argument.
 */
export type CheckedTemplate<T, S extends string, K extends TemplateKind> =
  Verdict<T, S, K> extends infer E extends Failure ? E : S;

/** The values a template takes: one per placeholder index, of the type its places require (`unknown[]` where unchecked). */
export type TemplateValues<T, S extends string, K extends TemplateKind> =
  Verdict<T, S, K> extends infer V extends unknown[] ? V : unknown[];
