/**
 * Entity classes made at run time from generated specs: keys with or without a stored name and a prefix,
 * attributes of every declared type, some stored under another name. The decorators are called as functions
 * on a fresh class and its prototype, as TypeScript's experimentalDecorators would.
 */
import fc from 'fast-check';
import { Attribute, PartitionKey, SortKey, Table } from '../../../src/index.js';
import type { AttributeOptions, EntityClass, KeyOptions } from '../../../src/metadata/types.js';

/** The class of `Nested` attributes: a map whose paths are checked against it (`nested.label_s`, `nested.count`). */
export class Inner {
  label!: string;
  count!: number;
}
Attribute({ type: String, name: 'label_s' })(Inner.prototype, 'label');
Attribute({ type: Number })(Inner.prototype, 'count');
/** Inner's names: the property and stored names its paths may use. */
export const INNER_NAMES = { label: ['label', 'label_s'], count: ['count'] } as const;

export type Kind = 'String' | 'Number' | 'Boolean' | 'Date' | 'Set' | 'Array' | 'Object' | 'Nested';
export const KINDS: readonly Kind[] = ['String', 'Number', 'Boolean', 'Date', 'Set', 'Array', 'Object', 'Nested'];
const TYPES: Record<Kind, unknown> = { String, Number, Boolean, Date, Set, Array, Object, Nested: Inner };

export interface KeySpec {
  readonly property: string;
  /** The stored attribute name, when it is not the property's. */
  readonly stored?: string;
  readonly prefix?: string;
}

export interface AttrSpec {
  readonly property: string;
  readonly stored?: string;
  readonly kind: Kind;
}

export interface EntitySpec {
  readonly pk: KeySpec;
  readonly sk?: KeySpec;
  readonly attrs: readonly AttrSpec[];
}

/** Words of the template languages: never generated as names (they would read as the keyword). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'between',
  'in',
  'set',
  'remove',
  'add',
  'delete',
  'size',
  'contains',
  'begins_with',
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'if_not_exists',
  'list_append',
]);

export const identifier = fc.stringMatching(/^[a-z][a-zA-Z0-9]{2,7}$/).filter((s) => !KEYWORDS.has(s.toLowerCase()));

const prefix = fc.option(fc.stringMatching(/^[A-Z]{1,6}$/), { nil: undefined });

/** Sixteen distinct identifiers are dealt out to keys, attributes and stored names. */
export const entitySpec: fc.Arbitrary<EntitySpec> = fc
  .record({
    names: fc.uniqueArray(identifier, { minLength: 16, maxLength: 16 }),
    pkStored: fc.boolean(),
    pkPrefix: prefix,
    hasSort: fc.boolean(),
    skStored: fc.boolean(),
    skPrefix: prefix,
    kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 2, maxLength: 6 }),
    storedNames: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  })
  .map(({ names, pkStored, pkPrefix, hasSort, skStored, skPrefix, kinds, storedNames }) => {
    const take = (() => {
      let i = 0;
      return () => names[i++] as string;
    })();
    const key = (stored: boolean, p: string | undefined): KeySpec => {
      const property = take();
      const storedName = take();
      return {
        property,
        ...(stored ? { stored: storedName } : {}),
        ...(p === undefined ? {} : { prefix: p }),
      };
    };
    const pk = key(pkStored, pkPrefix);
    const sk = hasSort ? key(skStored, skPrefix) : undefined;
    const attrs = kinds.map((kind, i): AttrSpec => {
      const property = take();
      const stored = take();
      return { property, kind, ...(storedNames[i] ? { stored } : {}) };
    });
    return { pk, ...(sk ? { sk } : {}), attrs };
  });

/** The stored name of a key or attribute. */
export const storedOf = (spec: KeySpec | AttrSpec): string => spec.stored ?? spec.property;

/** Every name a template on the entity may use: properties and stored names. */
export function declaredNames(spec: EntitySpec): ReadonlySet<string> {
  const all = [spec.pk, ...(spec.sk ? [spec.sk] : []), ...spec.attrs];
  return new Set([...all.map((s) => s.property), ...all.map(storedOf), '_type', 'label', 'label_s', 'count']);
}

function keyOptions(spec: KeySpec): KeyOptions {
  return {
    ...(spec.stored === undefined ? {} : { attribute: spec.stored }),
    ...(spec.prefix === undefined ? {} : { prefix: spec.prefix }),
  };
}

/** A class named `name`, decorated as the spec says. */
export function entityClass(name: string, spec: EntitySpec): EntityClass<Record<string, unknown>> {
  const made = { [name]: class {} }[name] as new () => Record<string, unknown>;
  Table(`gen_${name}`)(made);
  PartitionKey(keyOptions(spec.pk))(made.prototype, spec.pk.property);
  if (spec.sk) SortKey(keyOptions(spec.sk))(made.prototype, spec.sk.property);
  for (const attr of spec.attrs) {
    const options: AttributeOptions = { type: TYPES[attr.kind], ...(attr.stored ? { name: attr.stored } : {}) };
    Attribute(options)(made.prototype, attr.property);
  }
  return made;
}

/** Key parts: letters and digits, so that no value reads as another key. */
export const keyPart = fc.stringMatching(/^[a-z0-9]{1,8}$/);

const text = fc.string({ maxLength: 8 });
const element = fc.stringMatching(/^[a-z]{1,5}$/);

/** A value of each kind, as the entity holds it. */
export const goodValueOf: Record<Kind, fc.Arbitrary<unknown>> = {
  String: text,
  Number: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  Boolean: fc.boolean(),
  Date: fc.date({ min: new Date(0), max: new Date(4_000_000_000_000), noInvalidDate: true }),
  Set: fc.uniqueArray(element, { minLength: 1, maxLength: 4 }).map((a) => new Set(a)),
  Array: fc.array(fc.oneof(element, fc.integer({ min: 0, max: 99 })), { maxLength: 4 }),
  Nested: fc.record({ label: text, count: fc.integer({ min: 0, max: 99 }) }).map((v) => Object.assign(new Inner(), v)),
  Object: fc.dictionary(element, fc.oneof(element, fc.integer({ min: 0, max: 99 })), {
    maxKeys: 3,
    noNullPrototype: true,
  }),
};

/** A value of the wrong type for an attribute's whole value (undefined: any value fits an Object). */
export const wrongValueOf: Record<Kind, unknown> = {
  String: 42,
  Number: 'forty-two',
  Boolean: 'yes',
  Date: true,
  Set: 7,
  Array: 7,
  Object: undefined,
  Nested: 7,
};

/** An item of the entity with every attribute set and the given key parts. */
export const itemOf = (spec: EntitySpec): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(Object.fromEntries(spec.attrs.map((a) => [a.property, goodValueOf[a.kind]])));
