interface Entry<K, V> {
  readonly key: K;
  value: V;
  /** Towards the least recently used entry. */
  older: Entry<K, V> | undefined;
  /** Towards the most recently used entry. */
  newer: Entry<K, V> | undefined;
}

/**
 * A size-bounded map that drops the least recently used entry first: a Map
 * from key to entry, and the entries in a doubly linked list from least to
 * most recently used. A hit only relinks two entries; the Map is not touched
 * (deleting and re-adding the key on every hit, to use a Map's insertion
 * order as the recency order, costs more than the rest of a cache hit).
 */
export class LruCache<K, V> {
  readonly #map = new Map<K, Entry<K, V>>();
  /** Least recently used. */
  #oldest: Entry<K, V> | undefined;
  /** Most recently used. */
  #newest: Entry<K, V> | undefined;

  constructor(readonly maxSize: number) {}

  get size(): number {
    return this.#map.size;
  }

  /** The value, marked as most recently used. */
  get(key: K): V | undefined {
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    if (entry !== this.#newest) {
      this.#unlink(entry);
      this.#append(entry);
    }
    return entry.value;
  }

  /** The value, without changing its place. */
  peek(key: K): V | undefined {
    return this.#map.get(key)?.value;
  }

  /** Sets the value as most recently used; returns the entries dropped to stay within maxSize. */
  set(key: K, value: V): Array<[K, V]> {
    const existing = this.#map.get(key);
    if (existing !== undefined) {
      existing.value = value;
      this.#unlink(existing);
      this.#append(existing);
    } else {
      const entry: Entry<K, V> = { key, value, older: undefined, newer: undefined };
      this.#map.set(key, entry);
      this.#append(entry);
    }
    const evicted: Array<[K, V]> = [];
    while (this.#map.size > this.maxSize && this.#oldest !== undefined) {
      const oldest = this.#oldest;
      this.#unlink(oldest);
      this.#map.delete(oldest.key);
      evicted.push([oldest.key, oldest.value]);
    }
    return evicted;
  }

  /** Deletes the key; with `expected`, only while it still maps to that value. */
  delete(key: K, expected?: V): boolean {
    const entry = this.#map.get(key);
    if (entry === undefined) return false;
    if (expected !== undefined && entry.value !== expected) return false;
    this.#unlink(entry);
    return this.#map.delete(key);
  }

  /** Entries from least to most recently used. */
  *entries(): IterableIterator<[K, V]> {
    for (let e = this.#oldest; e !== undefined; e = e.newer) yield [e.key, e.value];
  }

  /** Values from least to most recently used. */
  *values(): IterableIterator<V> {
    for (let e = this.#oldest; e !== undefined; e = e.newer) yield e.value;
  }

  clear(): void {
    this.#map.clear();
    this.#oldest = undefined;
    this.#newest = undefined;
  }

  #unlink(entry: Entry<K, V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.#oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.#newest = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  #append(entry: Entry<K, V>): void {
    entry.older = this.#newest;
    if (this.#newest) this.#newest.newer = entry;
    else this.#oldest = entry;
    this.#newest = entry;
  }
}
