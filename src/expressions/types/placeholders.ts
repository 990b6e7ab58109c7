/**
 * Type-level reading of placeholders: `{n}`, `{n:spec}` and `#{n}`, with the
 * index and spec rules of the run-time tokenizer. Every placeholder of the
 * template is collected here, in one pass, whatever the grammar around it:
 * that gives the number of values even where the grammar pass cannot tell
 * what a value stands against, and the spec's type, which wins over the slot.
 */
import type { Unparsed } from './tokens.js';

type Digits<N extends number, Acc extends string[] = []> = Acc['length'] extends N
  ? Acc[number]
  : Digits<N, [...Acc, `${Acc['length']}`]>;

/**
 * Indexes checked at the type level: `{0}` to `{63}`. The run time allows
 * up to 4 digits; a template with a higher index is left to it (a tuple of
 * that many values would cost more to check than it can catch).
 */
type IndexText = Digits<64>;

/** `o`, `ttl` and `ms` format a Date; `s` takes anything (String(value)). */
interface SpecValue {
  o: Date;
  ttl: Date;
  ms: Date;
  s: unknown;
}

/** One use of a value: its index and the type the value must have there. */
export type Use = readonly [index: number, type: unknown];

/** The index of `{n}` without a spec (the slot decides its type), or never. */
export type SlotIndex<H extends string> = H extends `{${infer N extends IndexText}}` ? IndexOf<N> : never;

/** A `#{n}` value names an attribute: any string (checked against the entity at run time), the property names offered first. */
export type NameValue<Names extends string> = Names | (string & {});

type IndexOf<N extends string> = N extends `${infer I extends number}` ? I : never;

/** `{n}` (type from its slot, added by the grammar pass) or `{n:spec}` (the spec's type); Unparsed if the run time would refuse it. */
type ValueUse<P extends string> = P extends IndexText
  ? readonly [IndexOf<P>, unknown]
  : P extends `${infer N extends IndexText}:${infer Spec}`
    ? Spec extends keyof SpecValue
      ? readonly [IndexOf<N>, SpecValue[Spec]]
      : Unparsed
    : Unparsed;

type NameUse<P extends string, Names extends string> = P extends IndexText
  ? readonly [IndexOf<P>, NameValue<Names>]
  : Unparsed;

/**
 * All placeholders' uses: `{n}` as unknown (the grammar pass adds its slot's
 * type), `{n:spec}` as the spec's type, `#{n}` as a name. Where `#{n}` is not
 * allowed (updates, key conditions), it is an error.
 */
export type CollectPlaceholders<
  Toks extends string[],
  Names extends string,
  NamesAllowed extends boolean,
  Acc extends Use[] = [],
> = Toks extends [infer H extends string, ...infer R extends string[]]
  ? H extends `{${infer P}}`
    ? ValueUse<P> extends infer U extends Use
      ? CollectPlaceholders<R, Names, NamesAllowed, [...Acc, U]>
      : Unparsed
    : H extends `#{${infer P}}`
      ? NamesAllowed extends false
        ? '✗ a name placeholder #{n} is only allowed in conditions and filters (name the attribute in the template)'
        : NameUse<P, Names> extends infer U extends Use
          ? CollectPlaceholders<R, Names, NamesAllowed, [...Acc, U]>
          : Unparsed
      : CollectPlaceholders<R, Names, NamesAllowed, Acc>
  : Acc;
