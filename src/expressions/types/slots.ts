/**
 * The type a value must have where its placeholder stands, given the type of
 * the path it stands against (`unknown` where that cannot be told). These
 * mirror what the run time accepts for the attribute: a value is converted
 * by the attribute's converter, so the property's own type is what fits.
 */

/**
 * A whole value of the attribute (`a = {0}`, `SET a = {0}`, `ADD a {0}`, the
 * bounds of BETWEEN, the items of IN): the property's type, or null. A Date
 * is also accepted as a string or number, because a Date attribute is
 * stored as an ISO string or epoch number and a value in that form is
 * passed through.
 */
export type WholeValue<X> = unknown extends X ? unknown : Date extends X ? X | string | number | null : X | null;

/** `begins_with(a, {0})`: a prefix, binary for a binary attribute. */
export type PrefixValue<X> = unknown extends X ? string | Uint8Array : [X] extends [Uint8Array] ? Uint8Array : string;

/** `contains(a, {0})`: an element of a set or list, or a substring of a string. */
export type ContainedValue<X> = unknown extends X
  ? unknown
  : X extends ReadonlySet<infer E>
    ? E
    : X extends readonly (infer E)[]
      ? E
      : X extends string
        ? string
        : unknown;

/** `list_append(a, {0})` / `list_append({0}, a)`: a list of a's elements. */
export type ListValue<X> = unknown extends X ? unknown : X extends readonly (infer E)[] ? readonly E[] : unknown;

/** The type names `attribute_type(a, {0})` tests for. */
export type AttributeTypeName = 'S' | 'SS' | 'N' | 'NS' | 'B' | 'BS' | 'BOOL' | 'NULL' | 'L' | 'M';
