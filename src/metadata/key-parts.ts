/**
 * The key parts an entity declares for the compiler. Decorators cannot change a class's type, so the
 * compiler does not know which properties `@PartitionKey()`/`@SortKey()` (or a key template) made keys;
 * an entity that wants its keys checked at compile time says so with a type-only member:
 *
 * ```ts
 * @Table('orders')
 * @PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#USER#{userId}' })
 * @SortKey({ attribute: 'sk', template: 'ORDER#{orderId}' })
 * class Order {
 *   declare readonly [KeyParts]?: { partition: 'tenantId' | 'userId'; sort: 'orderId'; tenant: 'tenantId' };
 *   ...
 * }
 * ```
 *
 * `declare` emits nothing: instances carry no such property and nothing reads it at run time. With it,
 * `withKey({...})` takes exactly the key parts, all of them (the `tenant` part may be left out: a tenant
 * scope fills it in), and `keysOf(Order).pk({...})` / `.sk({...})` exactly the partition / sort parts.
 * Without it, they take `Partial<T>` as before.
 */

/** The name of the type-only member that declares an entity's key parts (see KeyPartsDeclaration). */
export const KeyParts: unique symbol = Symbol('fluent-dynamo.KeyParts');

/** What `declare readonly [KeyParts]?: {...}` holds: property names, as unions of string literals. */
export interface KeyPartsDeclaration {
  /** The properties of the partition key: the decorated property, or the parts of its template. */
  readonly partition: string;
  /** The properties of the sort key, if the table has one. */
  readonly sort?: string;
  /**
   * The partition part a tenant scope fills in when it is unset (`runInTenantScope`'s tenant property,
   * `tenantId` by default): optional in `withKey({...})`, required everywhere else.
   */
  readonly tenant?: string;
}

/** A scalar accepted by a key formatter for a key of one property. */
export type KeyScalarValue = string | number | Uint8Array;

type IsAny<T> = 0 extends 1 & T ? true : false;

/** Whether `T` declares `[KeyParts]` (a class with the member; never `any` or an open record). */
export type DeclaresKeyParts<T> = IsAny<T> extends true ? false : typeof KeyParts extends keyof T ? true : false;

/** What an entity that declares its key parts holds (read with `infer`: `D` is the declaration). */
type KeyPartsHolder<D> = {
  /** The key parts declaration. */
  readonly [KeyParts]?: D;
};

/** The declaration of `T` (its `[KeyParts]` member without the `?`). */
type DeclarationOf<T> = T extends { readonly [KeyParts]?: infer D } ? NonNullable<D> : never;

/** The property names of role `R` in the declaration of `T` (only the names that are properties of `T`). */
type RolePartsOf<T, R extends keyof KeyPartsDeclaration> =
  DeclarationOf<T> extends infer D ? (D extends { readonly [K in R]: infer P } ? P & keyof T & string : never) : never;

/** The partition key's properties as declared on `T` (`never` when `T` declares none). */
export type PartitionParts<T> = RolePartsOf<T, 'partition'>;
/** The sort key's properties as declared on `T` (`never` when it has no sort key or declares none). */
export type SortParts<T> = RolePartsOf<T, 'sort'>;
/** The partition part a tenant scope fills in, as declared on `T`. */
export type TenantPart<T> = RolePartsOf<T, 'tenant'> & PartitionParts<T>;

/** An object of exactly the properties `P` of `T`, each required and defined. */
type ExactParts<T, P extends keyof T> = { -readonly [K in P]-?: Exclude<T[K], undefined> };

type IsUnion<U, A = U> = U extends unknown ? ([A] extends [U] ? false : true) : never;

/** One property's value, or an object of exactly the parts (a key of several parts takes only the object). */
type FormatterInput<T, P extends keyof T> = [P] extends [never]
  ? never
  : [IsUnion<P>] extends [false]
    ? Exclude<T[P], undefined> | ExactParts<T, P>
    : ExactParts<T, P>;

/** `O` with its intersections merged into one object type, so that editors show the key's properties by name. */
type Flatten<O> = { [K in keyof O]: O[K] };

/**
 * What `withKey({...})` takes: for an entity that declares `[KeyParts]`, exactly its key properties, all
 * required but the declared `tenant` part (a tenant scope fills it in; outside one, leaving it out is a
 * MappingError); otherwise `Partial<T>`.
 *
 * It, PartitionKeyInput and SortKeyInput decide as DeclaresKeyParts does, but with `[T]` itself as the checked
 * type: TypeScript relates two instantiations of such a conditional type by their `T`s, so the builder of an
 * entity stays a builder of `object`. A condition on `DeclaresKeyParts<T>` cannot be related so, and the variance
 * TypeScript measured for it depended on what it had checked before: TypeScript 6 refused a `Repository<User>` as
 * a `Repository<object>`, and both 6 and 7 refused such types inside a generic type. (An alias that took the two
 * outcomes as type arguments, `WhenDeclared<T, Declared, Otherwise>`, is measured the same bad way: each alias
 * tests `[T]` itself.)
 */
export type KeyInput<T> = [T] extends [KeyPartsHolder<infer D>]
  ? unknown extends D
    ? Partial<T>
    : IsAny<T> extends true
      ? Partial<T>
      : Flatten<
          ExactParts<T, Exclude<PartitionParts<T> | SortParts<T>, TenantPart<T>>> & {
            -readonly [K in TenantPart<T>]?: Exclude<T[K], undefined>;
          }
        >
  : Partial<T>;

/**
 * What `keysOf(E).pk(...)` takes: for an entity that declares `[KeyParts]`, the property's value or an
 * object of exactly that property when the partition key has one, an object of exactly its parts when
 * it has several; otherwise a scalar or `Partial<T>`.
 */
export type PartitionKeyInput<T> = FormatterKeyInput<T, 'partition'>;

/** What `keysOf(E).sk(...)` takes, like PartitionKeyInput; `never` for a declared entity without a sort key. */
export type SortKeyInput<T> = FormatterKeyInput<T, 'sort'>;

/** PartitionKeyInput or SortKeyInput, by role (decided as KeyInput is, on `[T]` itself). */
type FormatterKeyInput<T, R extends 'partition' | 'sort'> = [T] extends [KeyPartsHolder<infer D>]
  ? unknown extends D
    ? KeyScalarValue | Partial<T>
    : IsAny<T> extends true
      ? KeyScalarValue | Partial<T>
      : FormatterInput<T, RolePartsOf<T, R>>
  : KeyScalarValue | Partial<T>;

/** The `{property}` names of a key template's literal type (`'TENANT#{tenantId}#USER#{userId}'`). */
export type TemplateParts<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | TemplateParts<Rest>
  : never;

type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type RoleParts<T, R extends 'partition' | 'sort'> = R extends 'partition' ? PartitionParts<T> : SortParts<T>;

/**
 * A decorated key property of an entity that declares `[KeyParts]` must be one of the declared parts of
 * its role: the property name itself when it is, a sentence the compiler shows when it is not.
 */
export type DeclaredKeyProperty<T, R extends 'partition' | 'sort', K> =
  DeclaresKeyParts<T> extends true
    ? K extends RoleParts<T, R>
      ? K
      : `@${R extends 'partition' ? 'PartitionKey' : 'SortKey'} on a property that is not a declared ${R} key part`
    : K;

/**
 * A key template on a class that declares `[KeyParts]` must name exactly the declared parts of its role:
 * the class itself when it does (or when the template is not a literal the compiler can read), a
 * sentence the compiler shows when it does not.
 */
export type DeclaredKeyTemplate<C, R extends 'partition' | 'sort', Template> = C extends { readonly prototype: infer I }
  ? DeclaresKeyParts<I> extends true
    ? Template extends string
      ? string extends Template
        ? C
        : SameNames<TemplateParts<Template>, RoleParts<I, R>> extends true
          ? C
          : `the {parts} of this ${R} key template are not the ${R} key parts declared in [KeyParts]`
      : C
    : C
  : C;
