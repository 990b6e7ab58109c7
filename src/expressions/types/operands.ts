/**
 * Type-level operands shared by the condition and update grammars: a path,
 * a value placeholder, or `size(path)`; and the uses an operand adds: the
 * type its placeholder must have where it stands, or its `#{n}` name.
 */
import type { PathOperand, ReadPath } from './paths.js';
import type { FromSlot, Use, ValueOperand, ValuePlaceholder } from './placeholders.js';
import type { Head, Next, Tail, Unparsed } from './tokens.js';

/** `size(path)`: a number; the uses are those of the path (`size(#{0})`). */
export interface SizeOperand<Uses extends Use[]> {
  readonly size: true;
  readonly uses: Uses;
}

/** A compile error's message. */
export type Failure = `✗ ${string}`;

/** Condition keywords (any case, never in backticks). */
export type ConditionKeyword = 'AND' | 'OR' | 'NOT' | 'BETWEEN' | 'IN';

/** Update clause keywords. */
export type UpdateKeyword = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';

/** Tokens that cannot start a path: punctuation, value placeholders, list indexes (digits). */
type NotAName =
  | `${'(' | ')' | ',' | '.' | '[' | ']' | '=' | '<' | '>' | '+' | '-' | '{'}${string}`
  | `${number}${string}`;

/** Whether the token `H` can start a path: a name that is not a keyword of the grammar, or `#{n}` (depends on the token only, so it is cached). */
type NameToken<H extends string, Keyword extends string> = H extends `#{${string}}`
  ? true
  : H extends NotAName
    ? false
    : Uppercase<H> extends Keyword
      ? false
      : true;

/**
 * Reads one operand: `[operand | Failure, rest]`, or Unparsed. `size(...)`
 * only in conditions (`Keyword` is ConditionKeyword there). `Names` as in ReadPath.
 */
export type ReadOperand<T, S extends string, Keyword extends string, Names extends boolean> =
  Next<S> extends [infer H extends string, infer R extends string]
    ? H extends `{${infer P}}`
      ? ValuePlaceholder<P> extends infer V extends ValueOperand<number, unknown>
        ? [V, R]
        : Unparsed
      : NameToken<H, Keyword> extends true
        ? Head<R> extends '('
          ? H extends 'size'
            ? [Keyword] extends [ConditionKeyword]
              ? Next<Tail<R>> extends [infer P extends string, infer R2 extends string]
                ? ReadSize<ReadPath<T, P, R2, Names>>
                : Unparsed
              : Unparsed
            : Unparsed
          : ReadPath<T, H, R, Names>
        : Unparsed
    : Unparsed;

type ReadSize<Read> = Read extends [infer P, infer R extends string]
  ? P extends Failure
    ? Read
    : P extends PathOperand<unknown, infer U>
      ? Head<R> extends ')'
        ? [SizeOperand<U>, Tail<R>]
        : Unparsed
      : Unparsed
  : Unparsed;

/** The type of a path or size() operand (unknown for a value). */
export type TypeOf<O> = O extends SizeOperand<Use[]> ? number : O extends PathOperand<infer X, Use[]> ? X : unknown;

/** The uses an operand adds: a placeholder's (of type `Type` unless its spec says otherwise), a path's `#{n}`. */
export type UsesOf<O, Type> =
  O extends ValueOperand<infer I, infer Spec>
    ? [readonly [I, Spec extends FromSlot ? Type : Spec]]
    : O extends { readonly uses: infer U extends Use[] }
      ? U
      : [];
