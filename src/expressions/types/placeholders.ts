/**
 * Type-level reading of placeholders, `{n}`, `{n:spec}` and `#{n}`, with the
 * index and spec rules of the run-time tokenizer, and the `Use` records the
 * grammar pass collects: which value index must have which type.
 */
import type { Unparsed } from './tokens.js';

type Digits<N extends number, Acc extends string[] = []> = Acc['length'] extends N
  ? Acc[number]
  : Digits<N, [...Acc, `${Acc['length']}`]>;

/**
 * Indexes checked at the type level: `{0}` to `{63}`, written without
 * leading zeros. The run time allows up to 4 digits; a template with a
 * higher index is left to it (a tuple of that many values would cost more
 * to check than it can catch).
 */
type IndexText = Digits<64>;

type IndexOf<N extends string> = N extends `${infer I extends number}` ? I : never;

/** `o`, `ttl` and `ms` format a Date; `s` takes anything (String(value)). */
interface SpecValue {
  o: Date;
  ttl: Date;
  ms: Date;
  s: unknown;
}

/** One use of a value: its index and the type the value must have there. */
export type Use = readonly [index: number, type: unknown];

/** Marks a `{n}` without a spec: the place it stands decides its type. */
export interface FromSlot {
  readonly fromSlot: true;
}

/** A value placeholder: its index, and the type its spec requires (or FromSlot). */
export interface ValueOperand<I extends number, Type> {
  readonly value: I;
  readonly type: Type;
}

/** The operand of the token `{P}`, or Unparsed where the run time would refuse it. */
export type ValuePlaceholder<P extends string> = P extends IndexText
  ? ValueOperand<IndexOf<P>, FromSlot>
  : P extends `${infer N extends IndexText}:${infer Spec}`
    ? Spec extends keyof SpecValue
      ? ValueOperand<IndexOf<N>, SpecValue[Spec]>
      : Unparsed
    : Unparsed;

/** A `#{n}` value names an attribute: any string (checked against the entity at run time), the property names offered first. */
export type NameValue<Names extends string> = Names | (string & {});

/** The use of `#{P}`'s value, or Unparsed. */
export type NameUse<P extends string, Name> = P extends IndexText ? readonly [IndexOf<P>, Name] : Unparsed;
