/**
 * A size-bounded map that drops the least recently used entry first. A Map
 * keeps insertion order, so "use" is delete-and-set and the oldest entry is
 * the first key: O(1) for every operation, no linked list to maintain.
 */
export class LruCache<K, V> {
  readonly #map = new Map<K, V>();

  constructor(readonly maxSize: number) {}

  get size(): number {
    return this.#map.size;
  }

  /** The value, marked as most recently used. */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  /** The value, without changing its place. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Sets the value as most recently used; returns the entries dropped to stay within maxSize. */
  set(key: K, value: V): Array<[K, V]> {
    this.#map.delete(key);
    this.#map.set(key, value);
    const evicted: Array<[K, V]> = [];
    while (this.#map.size > this.maxSize) {
      const oldest = this.#map.entries().next().value as [K, V];
      this.#map.delete(oldest[0]);
      evicted.push(oldest);
    }
    return evicted;
  }

  /** Deletes the key; with `expected`, only while it still maps to that value. */
  delete(key: K, expected?: V): boolean {
    if (expected !== undefined && this.#map.get(key) !== expected) return false;
    return this.#map.delete(key);
  }

  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  clear(): void {
    this.#map.clear();
  }
}
