/**
 * Type-level operands shared by the condition and update grammars: a path,
 * a value placeholder, or `size(path)`; and the uses a placeholder gets from
 * the operand it stands against.
 */
import type { PathOperand, ReadPath } from './paths.js';
import type { SlotIndex, Use } from './placeholders.js';
import type { Unparsed } from './tokens.js';

/** A value placeholder operand (`{0}`, `{1:o}`). */
export interface ValueOperand<H extends string> {
  readonly value: H;
}

/** `size(path)`: a number. */
export interface SizeOperand {
  readonly size: true;
}

/** A compile error's message. */
export type Failure = `✗ ${string}`;

/** Condition keywords (any case, never in backticks). */
export type ConditionKeyword = 'AND' | 'OR' | 'NOT' | 'BETWEEN' | 'IN';

/** Update clause keywords. */
export type UpdateKeyword = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';

/** Tokens that cannot start a path: punctuation, placeholders (`{`), list indexes (digits). */
type NotAName =
  | `${'(' | ')' | ',' | '.' | '[' | ']' | '=' | '<' | '>' | '+' | '-' | '{' | '#'}${string}`
  | `${number}${string}`;

/** Whether `H` (followed by `R`) starts a path: a name that is not a keyword of the grammar and not a call. */
export type StartsPath<H extends string, R extends string[], Keyword extends string> = H extends `#{${string}}`
  ? true
  : H extends NotAName
    ? false
    : Uppercase<H> extends Keyword
      ? false
      : R extends ['(', ...string[]]
        ? false
        : true;

export type Operand = PathOperand<unknown> | ValueOperand<string> | SizeOperand;

/** Reads one operand: `[operand or error, rest]`, or Unparsed. `size(...)` only where `AllowSize`. */
export type ReadOperand<T, Toks extends string[], Keyword extends string, AllowSize extends boolean> = Toks extends [
  infer H extends string,
  ...infer R extends string[],
]
  ? H extends `{${string}}`
    ? [ValueOperand<H>, R]
    : AllowSize extends true
      ? H extends 'size'
        ? R extends ['(', infer P extends string, ...infer Rest extends string[]]
          ? ReadSize<ReadPath<T, P, Rest>>
          : ReadPlainPath<T, H, R, Keyword>
        : ReadPlainPath<T, H, R, Keyword>
      : ReadPlainPath<T, H, R, Keyword>
  : Unparsed;

type ReadPlainPath<T, H extends string, R extends string[], Keyword extends string> =
  StartsPath<H, R, Keyword> extends true ? ReadPath<T, H, R> : Unparsed;

type ReadSize<Read> = Read extends [infer P, [')', ...infer Rest extends string[]]]
  ? P extends Failure
    ? [P, Rest]
    : [SizeOperand, Rest]
  : Read extends [Failure, string[]]
    ? Read
    : Unparsed;

/** The type a placeholder standing against `O` must have as a whole value. */
export type TypeOf<O> = O extends SizeOperand ? number : O extends PathOperand<infer X> ? X : unknown;

/** The use of `O`'s value, if `O` is a placeholder without a spec: `[[index, Type]]`, else `[]`. */
export type UsesOf<O, Type> =
  O extends ValueOperand<infer H> ? ([SlotIndex<H>] extends [never] ? [] : [readonly [SlotIndex<H>, Type]]) : [];

/** Uses (appended to `Acc`) of the value operands among `Os`, each of type `Type`. */
export type UsesOfAll<Os extends unknown[], Type, Acc extends Use[]> = Os extends [infer O, ...infer R]
  ? UsesOfAll<R, Type, [...Acc, ...UsesOf<O, Type>]>
  : Acc;
