/**
 * Type-level pass over an update expression: SET, REMOVE, ADD and DELETE
 * actions, in any order (no leading keyword means SET). Like the condition
 * pass, it checks paths and records the type of each placeholder; grammar
 * mistakes are left to the run-time parser (Unparsed).
 *
 * SET values: `{0}` takes the target's type; `a + {0}` / `{0} - a` take
 * numbers; `if_not_exists(p, {0})` takes p's type; `list_append(a, {0})` and
 * `list_append({0}, a)` take a list of a's elements.
 */
import type { Failure, ReadOperand, TypeOf, UpdateKeyword, UsesOf } from './operands.js';
import type { PathOperand } from './paths.js';
import type { Use } from './placeholders.js';
import type { ListValue, WholeValue } from './slots.js';
import type { Unparsed } from './tokens.js';

type ReadPathOnly<T, Toks extends string[]> =
  ReadOperand<T, Toks, UpdateKeyword, false> extends infer P
    ? P extends [{ value: string }, string[]]
      ? Unparsed
      : P
    : never;

export type ScanUpdate<
  T,
  Toks extends string[],
  Clause extends UpdateKeyword = 'SET',
  Acc extends Use[] = [],
> = Toks extends [infer H extends string, ...infer R extends string[]]
  ? H extends ',' | ')'
    ? ScanUpdate<T, R, Clause, Acc>
    : Uppercase<H> extends infer K extends UpdateKeyword
      ? ScanUpdate<T, R, K, Acc>
      : ReadPathOnly<T, Toks> extends [infer P, infer Rest extends string[]]
        ? P extends Failure
          ? P
          : Clause extends 'SET'
            ? Rest extends ['=', ...infer V extends string[]]
              ? SetValue<T, TypeOf<P>, SkipOpen<V>, Acc>
              : Unparsed
            : Clause extends 'REMOVE'
              ? ScanUpdate<T, Rest, Clause, Acc>
              : Rest extends [infer Value extends `{${string}}`, ...infer After extends string[]]
                ? ScanUpdate<T, After, Clause, [...Acc, ...UsesOf<{ value: Value }, WholeValue<TypeOf<P>>>]>
                : Unparsed
        : ReadPathOnly<T, Toks>
  : Acc;

type SkipOpen<Toks extends string[]> = Toks extends ['(', ...infer R extends string[]] ? SkipOpen<R> : Toks;

/** `operand` or `operand (+|-) operand` after `target =`. */
type SetValue<T, X, Toks extends string[], Acc extends Use[]> =
  ReadUpdateOperand<T, X, Toks> extends [infer A, infer R extends string[], infer U extends Use[]]
    ? R extends ['+' | '-', ...infer Rest extends string[]]
      ? ReadUpdateOperand<T, X, Rest> extends [infer B, infer After extends string[], infer U2 extends Use[]]
        ? ScanUpdate<T, After, 'SET', [...Acc, ...U, ...U2, ...UsesOf<A, number>, ...UsesOf<B, number>]>
        : FailureOf<ReadUpdateOperand<T, X, Rest>>
      : ScanUpdate<T, R, 'SET', [...Acc, ...U, ...UsesOf<A, WholeValue<X>>]>
    : FailureOf<ReadUpdateOperand<T, X, Toks>>;

/** The operand of a read result (or the Failure itself). */
type OperandOf<Read> = Read extends [infer O, ...unknown[]] ? O : Read;

type FailureOf<Read> = Read extends Failure ? Read : Unparsed;

/**
 * One operand of a SET value, `X` being the target's type: `[operand, rest,
 * uses inside it]`, a Failure, or Unparsed. A call is returned as the path
 * operand its result stands for.
 */
type ReadUpdateOperand<T, X, Toks extends string[]> = Toks extends ['if_not_exists', '(', ...infer R extends string[]]
  ? ReadPathOnly<T, R> extends [infer P, [',', ...infer Rest extends string[]]]
    ? P extends Failure
      ? P
      : CloseCall<
          ReadUpdateOperand<T, X, Rest>,
          P,
          [UsesOf<OperandOf<ReadUpdateOperand<T, X, Rest>>, WholeValue<TypeOf<P>>>]
        >
    : FailureOf<OperandOf<ReadPathOnly<T, R>>>
  : Toks extends ['list_append', '(', ...infer R extends string[]]
    ? ReadUpdateOperand<T, X, R> extends [infer A, [',', ...infer Rest extends string[]], infer UA extends Use[]]
      ? CloseCall<
          ReadUpdateOperand<T, X, Rest>,
          PathOperand<X>,
          [
            UA,
            UsesOf<A, ListOf<OperandOf<ReadUpdateOperand<T, X, Rest>>, X>>,
            UsesOf<OperandOf<ReadUpdateOperand<T, X, Rest>>, ListOf<A, X>>,
          ]
        >
      : FailureOf<ReadUpdateOperand<T, X, R>>
    : ReadOperand<T, Toks, UpdateKeyword, false> extends [infer O, infer R extends string[]]
      ? O extends Failure
        ? O
        : [O, R, []]
      : ReadOperand<T, Toks, UpdateKeyword, false>;

/** The list type for the other argument of list_append: its path's elements, or the target's. */
type ListOf<Other, X> = Other extends PathOperand<infer Y> ? ListValue<Y> : ListValue<X>;

/** Ends a call: the last argument read as `Last`, then ')'; the call stands for `Result`, with the uses in `Uses`. */
type CloseCall<Last, Result, Uses extends Use[][]> = Last extends [
  infer A,
  [')', ...infer Rest extends string[]],
  infer U extends Use[],
]
  ? A extends Failure
    ? A
    : [Result, Rest, [...U, ...Flatten<Uses>]]
  : FailureOf<Last>;

type Flatten<L extends Use[][], Acc extends Use[] = []> = L extends [infer H extends Use[], ...infer R extends Use[][]]
  ? Flatten<R, [...Acc, ...H]>
  : Acc;
