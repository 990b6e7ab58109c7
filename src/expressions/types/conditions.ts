/**
 * Type-level pass over a condition, filter or key condition. It does not
 * validate the grammar (the run-time parser does, with positions); it walks
 * the tokens left to right, reads each comparison, BETWEEN, IN and function
 * call, checks their paths and records what type each placeholder must have.
 * AND, OR, NOT and grouping parentheses carry no types and are skipped. What
 * it cannot follow ends the pass with Unparsed (the template is accepted).
 */
import type { ConditionKeyword, Failure, Operand, ReadOperand, TypeOf, UsesOf, UsesOfAll } from './operands.js';
import type { Use } from './placeholders.js';
import type { AttributeTypeName, ContainedValue, PrefixValue, WholeValue } from './slots.js';
import type { Unparsed } from './tokens.js';

type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

type Read<T, Toks extends string[]> = ReadOperand<T, Toks, ConditionKeyword, true>;

/** What the value argument of a condition function must be, given its path's type. */
interface FunctionArgument<X> {
  attribute_type: AttributeTypeName;
  begins_with: PrefixValue<X>;
  contains: ContainedValue<X>;
}

type ConditionFunction = 'attribute_exists' | 'attribute_not_exists' | keyof FunctionArgument<unknown>;

export type ScanCondition<T, Toks extends string[], Acc extends Use[] = []> = Toks extends [
  infer H extends string,
  ...infer R extends string[],
]
  ? H extends '(' | ')'
    ? ScanCondition<T, R, Acc>
    : Uppercase<H> extends 'AND' | 'OR' | 'NOT'
      ? H extends `\`${string}`
        ? AfterOperand<T, Read<T, Toks>, Acc>
        : ScanCondition<T, R, Acc>
      : H extends ConditionFunction
        ? R extends ['(', ...infer Args extends string[]]
          ? ScanFunction<T, H, Read<T, Args>, Acc>
          : AfterOperand<T, Read<T, Toks>, Acc>
        : AfterOperand<T, Read<T, Toks>, Acc>
  : Acc;

/** `f(path)` or `f(path, operand)`, the first operand already read. */
type ScanFunction<T, F extends ConditionFunction, First, Acc extends Use[]> = First extends [
  infer P,
  infer R extends string[],
]
  ? P extends Failure
    ? P
    : R extends [')', ...infer Rest extends string[]]
      ? ScanCondition<T, Rest, Acc>
      : R extends [',', ...infer Rest extends string[]]
        ? Read<T, Rest> extends [infer A, [')', ...infer After extends string[]]]
          ? A extends Failure
            ? A
            : ScanCondition<
                T,
                After,
                [
                  ...Acc,
                  ...UsesOf<A, F extends keyof FunctionArgument<unknown> ? FunctionArgument<TypeOf<P>>[F] : unknown>,
                ]
              >
          : Read<T, Rest> extends [infer A extends Failure, string[]]
            ? A
            : Unparsed
        : Unparsed
  : First;

/** After the left operand: a comparison, BETWEEN or IN. */
type AfterOperand<T, Left, Acc extends Use[]> = Left extends [infer L, infer R extends string[]]
  ? L extends Failure
    ? L
    : R extends [Comparator, ...infer Rest extends string[]]
      ? Compare<T, L, Read<T, Rest>, Acc>
      : R extends [infer K extends string, ...infer Rest extends string[]]
        ? Uppercase<K> extends 'BETWEEN'
          ? Between<T, L, Read<T, Rest>, Acc>
          : Uppercase<K> extends 'IN'
            ? Rest extends ['(', ...infer Items extends string[]]
              ? InList<T, L, Items, Acc>
              : Unparsed
            : Unparsed
        : Unparsed
  : Left;

/** `left op right`: a placeholder on either side takes the other side's whole-value type. */
type Compare<T, L, Right, Acc extends Use[]> = Right extends [infer Rt, infer Rest extends string[]]
  ? Rt extends Failure
    ? Rt
    : ScanCondition<T, Rest, [...Acc, ...UsesOf<Rt, Whole<L>>, ...UsesOf<L, Whole<Rt>>]>
  : Right;

type Whole<O> = O extends Operand ? (O extends { size: true } ? number : WholeValue<TypeOf<O>>) : unknown;

/** `subject BETWEEN low AND high`. */
type Between<T, S, Low, Acc extends Use[]> = Low extends [
  infer L,
  [infer And extends string, ...infer Rest extends string[]],
]
  ? L extends Failure
    ? L
    : Uppercase<And> extends 'AND'
      ? Read<T, Rest> extends [infer High, infer After extends string[]]
        ? High extends Failure
          ? High
          : ScanCondition<T, After, UsesOfAll<[L, High], Whole<S>, Acc>>
        : Unparsed
      : Unparsed
  : Low extends [Failure, string[]]
    ? Low[0]
    : Unparsed;

/** `subject IN (a, b, ...)`, after the '('. */
type InList<T, S, Toks extends string[], Acc extends Use[]> =
  Read<T, Toks> extends [infer Item, infer R extends string[]]
    ? Item extends Failure
      ? Item
      : R extends [',', ...infer Rest extends string[]]
        ? InList<T, S, Rest, [...Acc, ...UsesOf<Item, Whole<S>>]>
        : R extends [')', ...infer Rest extends string[]]
          ? ScanCondition<T, Rest, [...Acc, ...UsesOf<Item, Whole<S>>]>
          : Unparsed
    : Unparsed;
