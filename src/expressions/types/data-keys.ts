/**
 * The data (non-method) property names of an entity type: the names a template may start a path with, the
 * keys of `fieldsOf`, and what `Repository.create` takes.
 */
export type DataKeys<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? never : K;
}[keyof T] &
  string;
