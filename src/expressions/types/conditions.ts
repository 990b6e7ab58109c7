/**
 * Type-level pass over a condition, filter or key condition. It does not
 * validate the grammar (the run-time parser does, with positions); it reads
 * the template left to right, takes each comparison, BETWEEN, IN and
 * function call, checks their paths and records what type each placeholder
 * must have. AND, OR, NOT and grouping parentheses carry no types and are
 * skipped. What it cannot follow ends the pass with Unparsed (the template
 * is accepted).
 */

import type { DataKeys } from './data-keys.js';
import type { ConditionKeyword, Failure, ReadOperand, SizeOperand, TypeOf, UsesOf } from './operands.js';
import type { DottedPath, NamePlaceholderRefused } from './paths.js';
import type { NameUse, NameValue, Use, ValueOperand, ValuePlaceholder } from './placeholders.js';
import type { AttributeTypeName, ContainedValue, PrefixValue, WholeValue } from './slots.js';
import type { Head, Next, Tail, Unparsed } from './tokens.js';

type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

type Read<T, S extends string, Names extends boolean> = ReadOperand<T, S, ConditionKeyword, Names>;

/** What the second argument of a condition function must be, given its path's type. */
interface FunctionArgument<X> {
  attribute_exists: unknown;
  attribute_not_exists: unknown;
  attribute_type: AttributeTypeName;
  begins_with: PrefixValue<X>;
  contains: ContainedValue<X>;
}

/**
 * The uses, appended to `Acc`, of the placeholders of a condition; a Failure;
 * or Unparsed. `Names` as in ReadPath.
 *
 * The common clauses on a dotted path are each read in one step, with one
 * template-literal match on the whole clause: `path op {n}`,
 * `f(path, {n})`, `f(path)`, `size(path) op {n}` and
 * `path BETWEEN {n} AND {m}`, as are the grouping `(`, `)` and `NOT ` around
 * them and the ` AND ` / ` OR ` between them. Anything else (other spacing,
 * `#{n}` names, indexes, backticks, operands on both sides) goes token by
 * token (Scan), which records the same uses: a fast step that does not
 * apply hands the same text to Scan.
 */
export type ScanCondition<
  T,
  S extends string,
  Names extends boolean,
  Acc extends Use[] = [],
> = S extends `${infer P} ${infer Op} {${infer I}}${infer Rest}`
  ? Op extends Comparator
    ? P extends `#{${infer N}}`
      ? FastName<T, NameUse<N, NameValue<DataKeys<T>>>, ValuePlaceholder<I>, S, Rest, Names, Acc>
      : FastCompare<T, DottedPath<T, P, ConditionKeyword>, ValuePlaceholder<I>, S, Rest, Names, Acc>
    : Op extends 'BETWEEN'
      ? Rest extends ` AND {${infer J}}${infer After}`
        ? FastBetween<
            T,
            DottedPath<T, P, ConditionKeyword>,
            ValuePlaceholder<I>,
            ValuePlaceholder<J>,
            S,
            After,
            Names,
            Acc
          >
        : Other<T, S, Names, Acc>
      : Other<T, S, Names, Acc>
  : Other<T, S, Names, Acc>;

/**
 * A clause that is not `path op {n}` on a dotted path: a grouping `(`, `NOT `, `f(path, {n})`,
 * `f(path)`, `size(path) op {n}` and `path IN ({n}, {m}, ...)` are still
 * read in one step; anything else goes token by token.
 */
type Other<T, S extends string, Names extends boolean, Acc extends Use[]> = S extends `(${infer R}`
  ? ScanCondition<T, R, Names, Acc>
  : S extends `NOT ${infer R}`
    ? ScanCondition<T, R, Names, Acc>
    : S extends `${infer F}(${string}`
      ? F extends FunctionName
        ? FastFunction<T, F, S, Names, Acc>
        : F extends 'size'
          ? FastSize<T, S, Names, Acc>
          : F extends `${infer P} IN `
            ? S extends `${string}(${infer Items})${infer Rest}`
              ? FastIn<T, DottedPath<T, P, ConditionKeyword>, InItems<Items>, S, Rest, Names, Acc>
              : Scan<T, S, Names, Acc>
            : Scan<T, S, Names, Acc>
      : Scan<T, S, Names, Acc>;

/** The value operands of the items of an IN list, `{0}, {1}, ...`, or Unparsed for any other item. */
type InItems<Items extends string, Acc extends unknown[] = []> = Items extends `{${infer I}}, ${infer More}`
  ? ValuePlaceholder<I> extends infer V extends ValueOperand<number, unknown>
    ? InItems<More, [...Acc, V]>
    : Unparsed
  : Items extends `{${infer I}}`
    ? ValuePlaceholder<I> extends infer V extends ValueOperand<number, unknown>
      ? [...Acc, V]
      : Unparsed
    : Unparsed;

/** `path IN ({n}, {m}, ...)`: every item takes the path's whole value. */
type FastIn<T, X, Items, S extends string, Rest extends string, Names extends boolean, Acc extends Use[]> = [
  X,
] extends [Unparsed]
  ? Scan<T, S, Names, Acc>
  : Items extends Unparsed
    ? Scan<T, S, Names, Acc>
    : [X] extends [Failure]
      ? X
      : AfterFast<T, Rest, Names, [...Acc, ...ItemUses<Items, WholeValue<X>>]>;

type ItemUses<Items, Slot, Acc extends Use[] = []> = Items extends [infer V, ...infer More]
  ? ItemUses<More, Slot, [...Acc, ...UsesOf<V, Slot>]>
  : Acc;

/** `#{n} op {m}`: the name's use and the value's (which can be anything, as the attribute is not known here). */
type FastName<T, U, V, S extends string, Rest extends string, Names extends boolean, Acc extends Use[]> = [
  Names,
] extends [false]
  ? NamePlaceholderRefused
  : U extends readonly [infer I extends number, infer Name]
    ? V extends Unparsed
      ? Scan<T, S, Names, Acc>
      : AfterFast<T, Rest, Names, [...Acc, readonly [I, Name], ...UsesOf<V, unknown>]>
    : Scan<T, S, Names, Acc>;

/** `path BETWEEN {n} AND {m}`: both bounds take the path's whole value. */
type FastBetween<T, X, V, W, S extends string, Rest extends string, Names extends boolean, Acc extends Use[]> = [
  X,
] extends [Unparsed]
  ? Scan<T, S, Names, Acc>
  : V extends Unparsed
    ? Scan<T, S, Names, Acc>
    : W extends Unparsed
      ? Scan<T, S, Names, Acc>
      : [X] extends [Failure]
        ? X
        : AfterFast<T, Rest, Names, [...Acc, ...UsesOf<V, WholeValue<X>>, ...UsesOf<W, WholeValue<X>>]>;

type FastCompare<T, X, V, S extends string, Rest extends string, Names extends boolean, Acc extends Use[]> = [
  X,
] extends [Unparsed]
  ? Other<T, S, Names, Acc>
  : [V] extends [Unparsed]
    ? Scan<T, S, Names, Acc>
    : [X] extends [Failure]
      ? X
      : AfterFast<T, Rest, Names, [...Acc, ...UsesOf<V, WholeValue<X>>]>;

type FunctionName = keyof FunctionArgument<unknown>;

/** `f(path, {n})` or `f(path)` in one step, `F` being the next token of `S`. */
type FastFunction<
  T,
  F extends FunctionName,
  S extends string,
  Names extends boolean,
  Acc extends Use[],
> = S extends `${F}(${infer Inside})${infer Rest}`
  ? Inside extends `${infer P}, {${infer I}}`
    ? Fast<T, DottedPath<T, P, ConditionKeyword>, ValuePlaceholder<I>, F, S, Rest, Names, Acc>
    : Fast<T, DottedPath<T, Inside, ConditionKeyword>, NoValue, F, S, Rest, Names, Acc>
  : Slow<T, S, F, Names, Acc>;

/** `size(path) op {n}` in one step. */
type FastSize<
  T,
  S extends string,
  Names extends boolean,
  Acc extends Use[],
> = S extends `size(${infer P}) ${infer _ extends Comparator} {${infer I}}${infer Rest}`
  ? Fast<T, DottedPath<T, P, ConditionKeyword>, ValuePlaceholder<I>, 'number', S, Rest, Names, Acc>
  : Slow<T, S, 'number', Names, Acc>;

/** The type the values of a fast clause take: the path's whole value, a number (size), or a function's argument. */
type SlotOf<Kind, X> = Kind extends FunctionName ? FunctionArgument<X>[Kind] : number;

/**
 * A function call or size() comparison read in one step: `X` is its path's
 * type (or a Failure, or Unparsed when the path is not a plain dotted path),
 * `V` its value placeholder's operand (NoValue for `f(path)`). When either
 * cannot be taken here, the same text is read token by token (Slow), which
 * records the same uses.
 */
type Fast<
  T,
  X,
  V,
  Kind extends FunctionName | 'number',
  S extends string,
  Rest extends string,
  Names extends boolean,
  Acc extends Use[],
> = [X] extends [Unparsed]
  ? Slow<T, S, Kind, Names, Acc>
  : [V] extends [Unparsed]
    ? Slow<T, S, Kind, Names, Acc>
    : [X] extends [Failure]
      ? X
      : AfterFast<T, Rest, Names, [...Acc, ...UsesOf<V, SlotOf<Kind, X>>]>;

/** The value operand of `f(path)`: none, so no uses. */
type NoValue = [];

/** The token-by-token reading of a clause a fast step did not take. */
type Slow<T, S extends string, Kind, Names extends boolean, Acc extends Use[]> = Kind extends FunctionName
  ? Head<Tail<S>> extends '('
    ? ScanFunction<T, Kind, Read<T, Tail<Tail<S>>, Names>, Names, Acc>
    : AfterOperand<T, Read<T, S, Names>, Names, Acc>
  : AfterOperand<T, Read<T, S, Names>, Names, Acc>;

/** After a fast clause: ` AND ` or ` OR ` and the next clause, closing parentheses, or the end, without going through the tokenizer. */
type AfterFast<T, Rest extends string, Names extends boolean, Acc extends Use[]> = Rest extends ''
  ? Acc
  : Rest extends ` ${'AND' | 'OR' | 'and' | 'or'} ${infer Next}`
    ? ScanCondition<T, Next, Names, Acc>
    : Rest extends `)${infer More}`
      ? AfterFast<T, More, Names, Acc>
      : ScanCondition<T, Rest, Names, Acc>;

type Scan<T, S extends string, Names extends boolean, Acc extends Use[]> =
  Next<S> extends [infer H extends string, infer R extends string]
    ? H extends '(' | ')'
      ? ScanCondition<T, R, Names, Acc>
      : Uppercase<H> extends 'AND' | 'OR' | 'NOT'
        ? ScanCondition<T, R, Names, Acc>
        : H extends FunctionName
          ? FastFunction<T, H, S, Names, Acc>
          : H extends 'size'
            ? FastSize<T, S, Names, Acc>
            : AfterOperand<T, Read<T, S, Names>, Names, Acc>
    : Next<S> extends []
      ? Acc
      : Unparsed;

/** `f(path)` or `f(path, operand)`, the path already read. */
type ScanFunction<
  T,
  F extends keyof FunctionArgument<unknown>,
  First,
  Names extends boolean,
  Acc extends Use[],
> = First extends [infer P, infer R extends string]
  ? P extends Failure
    ? P
    : Head<R> extends ')'
      ? ScanCondition<T, Tail<R>, Names, [...Acc, ...UsesOf<P, unknown>]>
      : Head<R> extends ','
        ? Read<T, Tail<R>, Names> extends [infer A, infer After extends string]
          ? A extends Failure
            ? A
            : Head<After> extends ')'
              ? ScanCondition<
                  T,
                  Tail<After>,
                  Names,
                  [...Acc, ...UsesOf<P, unknown>, ...UsesOf<A, FunctionArgument<TypeOf<P>>[F]>]
                >
              : Unparsed
          : Unparsed
        : Unparsed
  : First;

/** After the left operand: a comparison, BETWEEN or IN. */
type AfterOperand<T, Left, Names extends boolean, Acc extends Use[]> = Left extends [infer L, infer R extends string]
  ? L extends Failure
    ? L
    : Next<R> extends [infer Op extends string, infer Rest extends string]
      ? Op extends Comparator
        ? Compare<T, L, Read<T, Rest, Names>, Names, Acc>
        : Uppercase<Op> extends 'BETWEEN'
          ? Between<T, L, Read<T, Rest, Names>, Names, Acc>
          : Uppercase<Op> extends 'IN'
            ? Head<Rest> extends '('
              ? InList<T, L, Tail<Rest>, Names, [...Acc, ...UsesOf<L, unknown>]>
              : Unparsed
            : Unparsed
      : Unparsed
  : Left;

/** A placeholder compared with `O` takes O's whole-value type (a number for size()). */
type Whole<O> = O extends SizeOperand<Use[]> ? number : WholeValue<TypeOf<O>>;

/** `left op right`: a placeholder on either side takes the other side's type. */
type Compare<T, L, Right, Names extends boolean, Acc extends Use[]> = Right extends [
  infer Rt,
  infer Rest extends string,
]
  ? Rt extends Failure
    ? Rt
    : ScanCondition<T, Rest, Names, [...Acc, ...UsesOf<Rt, Whole<L>>, ...UsesOf<L, Whole<Rt>>]>
  : Right;

/** `subject BETWEEN low AND high`, `low` already read. */
type Between<T, S, Low, Names extends boolean, Acc extends Use[]> = Low extends [infer L, infer R extends string]
  ? L extends Failure
    ? L
    : Next<R> extends [infer And extends string, infer Rest extends string]
      ? Uppercase<And> extends 'AND'
        ? Read<T, Rest, Names> extends [infer High, infer After extends string]
          ? High extends Failure
            ? High
            : ScanCondition<
                T,
                After,
                Names,
                [...Acc, ...UsesOf<S, unknown>, ...UsesOf<L, Whole<S>>, ...UsesOf<High, Whole<S>>]
              >
          : Unparsed
        : Unparsed
      : Unparsed
  : Low;

/** `subject IN (a, b, ...)`, after the '('. */
type InList<T, S, Items extends string, Names extends boolean, Acc extends Use[]> =
  Read<T, Items, Names> extends [infer Item, infer R extends string]
    ? Item extends Failure
      ? Item
      : Next<R> extends [infer Sep, infer Rest extends string]
        ? Sep extends ','
          ? InList<T, S, Rest, Names, [...Acc, ...UsesOf<Item, Whole<S>>]>
          : Sep extends ')'
            ? ScanCondition<T, Rest, Names, [...Acc, ...UsesOf<Item, Whole<S>>]>
            : Unparsed
        : Unparsed
    : Unparsed;
