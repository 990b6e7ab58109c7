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
import type { DottedPath, NamePlaceholderRefused, PathOperand } from './paths.js';
import type { Use, ValueOperand, ValuePlaceholder } from './placeholders.js';
import type { ListValue, WholeValue } from './slots.js';
import type { Head, Next, Tail, Unparsed } from './tokens.js';

/** An operand of an update; `#{n}` is refused here (names are the schema). */
type Read<T, S extends string> = ReadOperand<T, S, UpdateKeyword, false>;

/** A path (a target): a placeholder where a path belongs is left to the run time. */
type ReadTarget<T, S extends string> =
  Read<T, S> extends [ValueOperand<number, unknown>, string] ? Unparsed : Read<T, S>;

/**
 * The uses of an update's placeholders; a Failure; or Unparsed. The most
 * common SET action, `path = {n}` with a dotted path, is taken in one step
 * (FastSet), as are a leading `SET ` before it and the `, ` after it;
 * everything else token by token.
 */
export type ScanUpdate<T, S extends string, Clause extends UpdateKeyword = 'SET', Acc extends Use[] = []> = [
  Clause,
] extends ['SET']
  ? S extends `${infer P} = {${infer I}}${infer Rest}`
    ? P extends `SET ${infer Target}`
      ? ScanUpdate<T, `${Target} = {${I}}${Rest}`, 'SET', Acc>
      : FastSet<T, DottedPath<T, P, UpdateKeyword>, ValuePlaceholder<I>, S, Rest, Acc>
    : Scan<T, S, Clause, Acc>
  : Scan<T, S, Clause, Acc>;

type FastSet<T, X, V, S extends string, Rest extends string, Acc extends Use[]> = [X] extends [Unparsed]
  ? Scan<T, S, 'SET', Acc>
  : [V] extends [Unparsed]
    ? Scan<T, S, 'SET', Acc>
    : Rest extends `${'' | ' '}${'+' | '-'}${string}`
      ? Scan<T, S, 'SET', Acc>
      : [X] extends [Failure]
        ? X
        : Rest extends `, ${infer Next}`
          ? ScanUpdate<T, Next, 'SET', [...Acc, ...UsesOf<V, WholeValue<X>>]>
          : ScanUpdate<T, Rest, 'SET', [...Acc, ...UsesOf<V, WholeValue<X>>]>;

type Scan<T, S extends string, Clause extends UpdateKeyword, Acc extends Use[]> =
  Next<S> extends [infer H extends string, infer R extends string]
    ? H extends ',' | ')'
      ? ScanUpdate<T, R, Clause, Acc>
      : H extends `#{${string}}`
        ? NamePlaceholderRefused
        : Uppercase<H> extends infer K extends UpdateKeyword
          ? ScanUpdate<T, R, K, Acc>
          : ReadTarget<T, S> extends [infer P, infer Rest extends string]
            ? P extends Failure
              ? P
              : Clause extends 'SET'
                ? Head<Rest> extends '='
                  ? SetValue<T, TypeOf<P>, SkipOpen<Tail<Rest>>, Acc>
                  : Unparsed
                : Clause extends 'REMOVE'
                  ? ScanUpdate<T, Rest, Clause, Acc>
                  : Read<T, Rest> extends [
                        infer Value extends ValueOperand<number, unknown>,
                        infer After extends string,
                      ]
                    ? ScanUpdate<T, After, Clause, [...Acc, ...UsesOf<Value, WholeValue<TypeOf<P>>>]>
                    : Unparsed
            : Unparsed
    : Next<S> extends []
      ? Acc
      : Unparsed;

/** Parentheses around a whole SET value (the closing ones are skipped by ScanUpdate). */
type SkipOpen<S extends string> = Head<S> extends '(' ? SkipOpen<Tail<S>> : S;

/** `operand` or `operand (+|-) operand` after `target =`, `X` being the target's type. */
type SetValue<T, X, S extends string, Acc extends Use[]> =
  ReadValue<T, X, S> extends [infer A, infer R extends string, infer U extends Use[]]
    ? Head<R> extends '+' | '-'
      ? ReadValue<T, X, Tail<R>> extends [infer B, infer After extends string, infer U2 extends Use[]]
        ? ScanUpdate<T, After, 'SET', [...Acc, ...U, ...U2, ...UsesOf<A, number>, ...UsesOf<B, number>]>
        : FailureOf<ReadValue<T, X, Tail<R>>>
      : ScanUpdate<T, R, 'SET', [...Acc, ...U, ...UsesOf<A, WholeValue<X>>]>
    : FailureOf<ReadValue<T, X, S>>;

type FailureOf<Read> = Read extends Failure ? Read : Unparsed;

/**
 * One operand of a SET value: `[operand, rest, uses inside it]`, a Failure,
 * or Unparsed. A call is returned as the path operand its result stands for.
 */
type ReadValue<T, X, S extends string> =
  Next<S> extends [infer H extends string, infer R extends string]
    ? H extends 'if_not_exists' | 'list_append'
      ? Head<R> extends '('
        ? H extends 'if_not_exists'
          ? IfNotExists<T, X, ReadTarget<T, Tail<R>>>
          : ListAppend<T, X, ReadValue<T, X, Tail<R>>>
        : Unparsed
      : Read<T, S> extends [infer O, infer Rest extends string]
        ? O extends Failure
          ? O
          : [O, Rest, []]
        : Unparsed
    : Unparsed;

/** `if_not_exists(p, operand)`, p read: stands for p; a placeholder operand takes p's type. */
type IfNotExists<T, X, First> = First extends [infer P, infer R extends string]
  ? P extends Failure
    ? P
    : Head<R> extends ','
      ? CloseCall<ReadValue<T, X, Tail<R>>, P, TypeOf<P>>
      : Unparsed
  : Unparsed;

/** `list_append(a, b)`, a read: each placeholder argument takes a list of the other's (or the target's) elements. */
type ListAppend<T, X, First> = First extends [infer A, infer R extends string, infer UA extends Use[]]
  ? Head<R> extends ','
    ? ReadValue<T, X, Tail<R>> extends [infer B, infer After extends string, infer UB extends Use[]]
      ? Head<After> extends ')'
        ? [PathOperand<X, []>, Tail<After>, [...UA, ...UB, ...UsesOf<A, ListOf<B, X>>, ...UsesOf<B, ListOf<A, X>>]]
        : Unparsed
      : FailureOf<ReadValue<T, X, Tail<R>>>
    : Unparsed
  : FailureOf<First>;

/** The list type for the other argument of list_append: its path's elements, or the target's. */
type ListOf<Other, X> = Other extends PathOperand<infer Y, Use[]> ? ListValue<Y> : ListValue<X>;

/** Ends `if_not_exists(p, last)`: `last` read, then ')'; a placeholder `last` takes `Type`. */
type CloseCall<Last, Result, Type> = Last extends [infer A, infer R extends string, infer U extends Use[]]
  ? Head<R> extends ')'
    ? [Result, Tail<R>, [...U, ...UsesOf<A, WholeValue<Type>>]]
    : Unparsed
  : FailureOf<Last>;
