/**
 * Type-level document paths: reads `a`, `` `user-id` ``, `a.b[0].c` or
 * `#{n}.x` from the front of a token tuple and resolves it against the
 * entity type, segment by segment, as deep as the types go.
 *
 * Only the first segment is always checked (it must be a data property of
 * the entity). A later segment is checked where the type before it is an
 * object type (a nested class or plain object type), because there the
 * stored map has exactly those keys; Date, Set, Map, Uint8Array, arrays
 * accessed by name, primitives and `unknown` stop the checking (the path's
 * type becomes `unknown`), because what is stored there is not described by
 * the TypeScript type (a converter decides).
 */
import type { DataKeys } from '../../metadata/entity-helpers.js';

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

/** A path operand: its type (unknown where it cannot be told) or the first error in it. */
export interface PathOperand<Type> {
  readonly path: Type;
}

/**
 * Reads the rest of a path after its first segment (`.name` and `[n]`),
 * resolving `X` along it. Returns `[PathOperand | error, rest of the tokens]`.
 */
type ReadSegments<X, Path extends string, Toks extends string[]> = Toks extends [
  '.',
  infer N extends string,
  ...infer R extends string[],
]
  ? NameStep<X, NameOf<N>, Path> extends infer Next
    ? Next extends `✗ ${string}`
      ? [Next, R]
      : ReadSegments<Next, `${Path}.${NameOf<N>}`, R>
    : never
  : Toks extends ['[', infer I extends string, ']', ...infer R extends string[]]
    ? ReadSegments<IndexStep<X>, `${Path}[${I}]`, R>
    : [PathOperand<X>, Toks];

/**
 * Reads a path whose first token is `H` (a word or backticked name that is
 * not a keyword or function, or `#{n}`), against the properties of `T`.
 */
export type ReadPath<T, H extends string, R extends string[]> = H extends `#{${string}}`
  ? ReadSegments<unknown, H, R>
  : NameOf<H> extends DataKeys<T>
    ? ReadSegments<Defined<T[NameOf<H>]>, NameOf<H>, R>
    : [PathError<'', NameOf<H>>, R];
