/**
 * A Map with a hard cap on its size that evicts the least recently used entry when full, and can
 * drop entries idle for longer than a given time. Per-key detector state lives in one of these.
 *
 * Recency is kept by Map insertion order: `get` with `touch` re-inserts the key (O(1)).
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  /** The most recently used key: getting it again needs no re-insertion. */
  private newest: K | undefined;
  /** Entries evicted because the map was full (for diagnostics). */
  evicted = 0;

  /** @param capacity maximum number of entries (>= 1). */
  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value for `key`, marking it most recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined && key !== this.newest) {
      this.map.delete(key);
      this.map.set(key, v);
      this.newest = key;
    }
    return v;
  }

  /** The value for `key` without changing recency. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Set `key`, evicting the least recently used entry if the map is full. */
  set(key: K, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next().value as K;
      this.map.delete(oldest);
      this.evicted++;
    }
    this.map.set(key, value);
    this.newest = key;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  /**
   * Drop, from the least recently used end, the entries for which `isIdle` is true; stops at the
   * first entry that is not idle (entries after it were used more recently). Returns how many went.
   */
  evictIdle(isIdle: (value: V, key: K) => boolean): number {
    let n = 0;
    for (const [k, v] of this.map) {
      if (!isIdle(v, k)) break;
      this.map.delete(k);
      n++;
    }
    return n;
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }
}
