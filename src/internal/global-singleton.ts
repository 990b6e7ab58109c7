/**
 * One instance per process, however the package is loaded.
 *
 * fluent-dynamo ships an ESM and a CommonJS build. An app (or its dependencies)
 * can load both, which would give two metadata stores and two AsyncLocalStorage
 * instances: a class decorated through one copy would be unknown to a repository
 * of the other, and `runWithClient` of one copy invisible to builders of the
 * other. Everything that must be unique lives on `globalThis` under a
 * registered symbol, so both copies share it.
 */
export function globalSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`fluent-dynamo.${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  let value = store[key];
  if (value === undefined) {
    value = create();
    Object.defineProperty(globalThis, key, { value, enumerable: false, configurable: false, writable: false });
  }
  return value;
}
