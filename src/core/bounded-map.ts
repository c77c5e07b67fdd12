/** One entry of a {@link BoundedMap}: a node of its recency list. */
interface Node<K, V> {
  key: K;
  value: V;
  /** Less recently used neighbour (the list's head sentinel before the oldest). */
  prev: Node<K, V>;
  /** More recently used neighbour (the head sentinel after the newest). */
  next: Node<K, V>;
}

/**
 * A Map with a hard cap on its size that evicts the least recently used entry when full, and can
 * drop entries idle for longer than a given time. Per-key detector state lives in one of these.
 *
 * Recency is a doubly linked list threaded through the entries (oldest after the sentinel, newest
 * before it), so `get`, `set`, eviction and `delete` are O(1) whatever the number of keys and
 * however many have been deleted. (Keeping recency by Map insertion order and evicting with
 * `map.keys().next()` is not O(1) in V8: the iterator walks the deleted slots at the front of the
 * table, O(capacity) per eviction on a stream of new keys.)
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, Node<K, V>>();
  /** Sentinel of the circular recency list: `head.next` is the oldest entry, `head.prev` the newest. */
  private readonly head: Node<K, V>;
  /** Entries evicted because the map was full (for diagnostics). */
  evicted = 0;

  /** @param capacity maximum number of entries (>= 1). */
  constructor(readonly capacity: number) {
    const h = { key: undefined, value: undefined } as unknown as Node<K, V>;
    h.prev = h;
    h.next = h;
    this.head = h;
  }

  get size(): number {
    return this.map.size;
  }

  /** The value for `key`, marking it most recently used. */
  get(key: K): V | undefined {
    const n = this.map.get(key);
    if (n === undefined) return undefined;
    if (n.next !== this.head) {
      unlink(n);
      this.append(n);
    }
    return n.value;
  }

  /** The value for `key` without changing recency. */
  peek(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  /** True when `key` is present (recency unchanged). */
  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Set `key` (most recently used), evicting the least recently used entry if the map is full. */
  set(key: K, value: V): void {
    const n = this.map.get(key);
    if (n !== undefined) {
      n.value = value;
      if (n.next !== this.head) {
        unlink(n);
        this.append(n);
      }
      return;
    }
    if (this.map.size >= this.capacity) {
      const oldest = this.head.next;
      unlink(oldest);
      this.map.delete(oldest.key);
      this.evicted++;
    }
    const node = { key, value, prev: this.head, next: this.head };
    this.map.set(key, node);
    this.append(node);
  }

  delete(key: K): boolean {
    const n = this.map.get(key);
    if (n === undefined) return false;
    unlink(n);
    this.map.delete(key);
    return true;
  }

  clear(): void {
    this.map.clear();
    this.head.prev = this.head;
    this.head.next = this.head;
  }

  /** The least recently used key, undefined when empty. */
  oldestKey(): K | undefined {
    return this.head.next === this.head ? undefined : this.head.next.key;
  }

  /**
   * Drop, from the least recently used end, the entries for which `isIdle` is true; stops at the
   * first entry that is not idle (entries after it were used more recently). Returns how many went.
   */
  evictIdle(isIdle: (value: V, key: K) => boolean): number {
    let count = 0;
    const h = this.head;
    for (let n = h.next; n !== h; ) {
      if (!isIdle(n.value, n.key)) break;
      const next = n.next;
      unlink(n);
      this.map.delete(n.key);
      count++;
      n = next;
    }
    return count;
  }

  /** Entries from the least to the most recently used. Do not add or remove entries while iterating. */
  *entries(): IterableIterator<[K, V]> {
    const h = this.head;
    for (let n = h.next; n !== h; n = n.next) yield [n.key, n.value];
  }

  /** Values from the least to the most recently used. Do not add or remove entries while iterating. */
  *values(): IterableIterator<V> {
    const h = this.head;
    for (let n = h.next; n !== h; n = n.next) yield n.value;
  }

  private append(n: Node<K, V>): void {
    const h = this.head;
    const last = h.prev;
    n.prev = last;
    n.next = h;
    last.next = n;
    h.prev = n;
  }
}

function unlink<K, V>(n: Node<K, V>): void {
  n.prev.next = n.next;
  n.next.prev = n.prev;
}
