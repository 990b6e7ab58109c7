/**
 * Type-level document paths: reads `a`, `` `user-id` ``, `a.b[0].c` or
 * `#{n}.x` from the front of the template and resolves it against the
 * entity type, segment by segment, as deep as the types go.
 *
 * The first segment is always checked (it must be a data property of the
 * entity). A later segment is checked where the type before it is an object
 * type (a nested class or plain object type), because there the stored map
 * has exactly those keys; Date, Set, Map, Uint8Array, arrays accessed by
 * name, primitives and `unknown` stop the checking (the path's type becomes
 * `unknown`), because what is stored there is not described by the
 * TypeScript type (a converter decides).
 */
import type { DataKeys } from './data-keys.js';
import type { NameUse, NameValue, Use } from './placeholders.js';
import type { Head, Next, Special, Tail, Unparsed } from './tokens.js';

/** Types whose stored form is not a map of their TypeScript properties. */
type Opaque = Date | ReadonlySet<unknown> | ReadonlyMap<unknown, unknown> | Uint8Array | readonly unknown[];

/**
 * A property's type without null and undefined (a path reads what is there),
 * `unknown` kept as it is. Written as a conditional rather than NonNullable
 * so that messages show the resulting type, not `NonNullable<...>`.
 */
type Defined<X> = unknown extends X ? unknown : X extends null | undefined ? never : X;

/** The name of a name token: backticks removed. */
export type NameOf<H extends string> = H extends `\`${infer N}` ? N : H;

/** The data property names of any member of a union (an entity's property may be `A | B`). */
type KeysOfAny<X> = X extends unknown ? DataKeys<X> : never;

/** The type of property `K` in the members of `X` that have it. */
type PropertyOf<X, K extends string> = X extends unknown ? (K extends keyof X ? X[K] : never) : never;

/** A path that does not exist: the readable message of the compile error. */
export type PathError<Parent extends string, Name extends string> = Parent extends ''
  ? `✗ ${Name} is not a property of the entity (name keys by property; stored names go through fieldsOf)`
  : `✗ ${Parent}.${Name}: ${Name} is not a property of ${Parent}`;

/** `#{n}` where names are the schema (updates, key conditions). */
export type NamePlaceholderRefused =
  '✗ a name placeholder #{n} is only allowed in conditions and filters (name the attribute in the template)';

/** The type a `.name` segment leads to from `X`, or a PathError. */
type NameStep<X, Name extends string, Parent extends string> = unknown extends X
  ? unknown
  : [X] extends [Opaque]
    ? unknown
    : [X] extends [object]
      ? Name extends KeysOfAny<X>
        ? Defined<PropertyOf<X, Name>>
        : PathError<Parent, Name>
      : unknown;

/** The type an `[n]` segment leads to from `X`: the element of an array or tuple, else unknown. */
type IndexStep<X> = [X] extends [readonly unknown[]] ? Defined<X[number]> : unknown;

/** A path operand: its type (unknown where it cannot be told), and the use of its `#{n}` value if it starts with one. */
export interface PathOperand<Type, Uses extends Use[]> {
  readonly path: Type;
  readonly uses: Uses;
}

/** Tokens that cannot follow '.' as a segment name. */
type NotSegment = `${'(' | ')' | ',' | '.' | '[' | ']' | '=' | '<' | '>' | '+' | '-' | '{' | '#'}${string}`;

/**
 * Reads the rest of a path after its first segment (`.name` and `[n]`),
 * resolving `X` along it: `[PathOperand | Failure, rest]`, or Unparsed.
 */
type ReadSegments<X, Path extends string, S extends string, U extends Use[]> =
  Head<S> extends '.'
    ? Next<Tail<S>> extends [infer N extends string, infer Rest extends string]
      ? N extends NotSegment
        ? Unparsed
        : NameStep<X, NameOf<N>, Path> extends infer Step
          ? [Step] extends [`✗ ${string}`]
            ? [Step, Rest]
            : ReadSegments<Step, `${Path}.${NameOf<N>}`, Rest, U>
          : never
      : Unparsed
    : Head<S> extends '['
      ? Next<Tail<S>> extends [infer I extends `${number}`, infer R2 extends string]
        ? Head<R2> extends ']'
          ? ReadSegments<IndexStep<X>, `${Path}[${I}]`, Tail<R2>, U>
          : Unparsed
        : Unparsed
      : [PathOperand<X, U>, S];

/**
 * Reads a path whose first token `H` (a word or backticked name that is not a
 * keyword or call, or `#{n}`) is already taken from the template; `R` is the
 * rest. `Names`: whether `#{n}` is allowed (a flag, not the names' union: a union passed
 * along every step would cost the checker more than the whole pass).
 */
export type ReadPath<T, H extends string, R extends string, Names extends boolean> = H extends `#{${infer P}}`
  ? Names extends false
    ? [NamePlaceholderRefused, R]
    : NameUse<P, NameValue<DataKeys<T>>> extends readonly [infer I extends number, infer Name]
      ? ReadSegments<unknown, H, R, [readonly [I, Name]]>
      : Unparsed
  : FirstSegment<T, NameOf<H>> extends infer X
    ? [X] extends [`✗ ${string}`]
      ? [X, R]
      : ReadSegments<X, NameOf<H>, R, []>
    : never;

/** The type of property `Name` of `T`, or a PathError (depends on the entity and name only, so it is cached). */
type FirstSegment<T, Name extends string> = Name extends DataKeys<T> ? Defined<T[Name]> : PathError<'', Name>;

/**
 * A path written as names joined by dots (`status`, `place.geo.lat`),
 * resolved in one step that depends on the entity and the text only (so it
 * is cached): its type, a Failure, or Unparsed for anything else (indexes,
 * backticks, keywords, `#{n}`), which then goes the token-by-token way.
 */
export type DottedPath<
  T,
  P extends string,
  Keyword extends string,
> = P extends `${string}${Exclude<Special, '.'>}${string}`
  ? Unparsed
  : P extends `${infer First}.${infer Rest}`
    ? Uppercase<First> extends Keyword
      ? Unparsed
      : First extends `${number}${string}` | ''
        ? Unparsed
        : DottedRest<FirstSegment<T, First>, First, Rest>
    : Uppercase<P> extends Keyword
      ? Unparsed
      : P extends `${number}${string}` | ''
        ? Unparsed
        : FirstSegment<T, P>;

type DottedRest<X, Path extends string, Rest extends string> = [X] extends [`✗ ${string}`]
  ? X
  : Rest extends `${infer N}.${infer More}`
    ? N extends ''
      ? Unparsed
      : DottedRest<NameStep<X, N, Path>, `${Path}.${N}`, More>
    : Rest extends ''
      ? Unparsed
      : NameStep<X, Rest, Path>;
