/** One entry of a {@link ClientTable}: a doubly linked list node (O(1) moves and evictions). */
interface Node<V> {
  key: string;
  value: V;
  prev: Node<V> | null;
  next: Node<V> | null;
  protectedSegment: boolean;
}

/** A doubly linked list, most recently used at the head. */
class Segment<V> {
  head: Node<V> | null = null;
  tail: Node<V> | null = null;
  size = 0;

  pushHead(n: Node<V>): void {
    n.prev = null;
    n.next = this.head;
    if (this.head !== null) this.head.prev = n;
    this.head = n;
    if (this.tail === null) this.tail = n;
    this.size++;
  }

  unlink(n: Node<V>): void {
    if (n.prev !== null) n.prev.next = n.next;
    else this.head = n.next;
    if (n.next !== null) n.next.prev = n.prev;
    else this.tail = n.prev;
    n.prev = n.next = null;
    this.size--;
  }
}

const DEFAULTS = {
  /** Share of the capacity the protected segment may fill. */
  protectedShare: 0.8,
} as const;

/**
 * The per-client state of a security detector: at most `capacity` entries in a segmented LRU whose
 * operations are all O(1) whatever the number of clients (linked nodes; eviction never walks the
 * Map, unlike `map.keys().next()` which V8 makes O(capacity) once many slots were deleted).
 *
 * - New clients enter the **probation** segment. A client the detector {@link promote}s (a second
 *   failure within the window: an active attacker) moves to the **protected** segment, which may
 *   fill 80% of the capacity; when it overflows, its least recently used client drops back to
 *   probation.
 * - When the table is full, the least recently used probation client goes first; protected clients
 *   are evicted only when probation is empty. So a flood of distinct clients that fail once each
 *   (noise, or an attacker hiding behind it) only churns probation and cannot push out a client
 *   that is failing repeatedly; to do so it would need more than 80% of `capacity` distinct clients
 *   that each fail twice within the window, between two attempts of the attacker.
 * - A **ghost** list remembers the last `capacity` keys evicted from probation (keys only, no
 *   state): a client that comes back after being evicted is admitted straight into protected, so
 *   even an attacker whose first failure was flushed out is protected from its second one on.
 *
 * `evicted` counts evictions of live clients; `ghostAdmissions` the clients readmitted from the ghost.
 */
export class ClientTable<V> {
  private readonly map = new Map<string, Node<V>>();
  private readonly probation = new Segment<V>();
  private readonly protectedList = new Segment<V>();
  private readonly protectedCapacity: number;
  /** Ring of keys evicted from probation, and each key's slot in it. */
  private readonly ghostRing: (string | undefined)[];
  private readonly ghostSlot = new Map<string, number>();
  private ghostNext = 0;
  /** Live clients evicted because the table was full. */
  evicted = 0;
  /** Clients admitted to protected because they came back after an eviction. */
  ghostAdmissions = 0;

  /** @param capacity maximum number of clients (>= 1). */
  constructor(readonly capacity: number) {
    this.protectedCapacity = Math.max(1, Math.floor(capacity * DEFAULTS.protectedShare));
    this.ghostRing = new Array<string | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.map.size;
  }

  /** Clients in the protected segment. */
  get protectedSize(): number {
    return this.protectedList.size;
  }

  /** The state of `key`, marking it most recently used in its segment. */
  get(key: string): V | undefined {
    const n = this.map.get(key);
    if (n === undefined) return undefined;
    const seg = n.protectedSegment ? this.protectedList : this.probation;
    if (seg.head !== n) {
      seg.unlink(n);
      seg.pushHead(n);
    }
    return n.value;
  }

  /** Whether `key` is in the protected segment. */
  isProtected(key: string): boolean {
    return this.map.get(key)?.protectedSegment === true;
  }

  /**
   * Set the state of `key` (most recently used). A new key enters probation, or protected when
   * `protect` is true or it was evicted recently (the ghost list); the least recently used client
   * is evicted first when the table is full.
   */
  set(key: string, value: V, protect = false): void {
    const n = this.map.get(key);
    if (n !== undefined) {
      n.value = value;
      this.get(key);
      if (protect) this.promote(key);
      return;
    }
    if (this.map.size >= this.capacity) this.evictOne();
    const slot = this.ghostSlot.get(key);
    if (slot !== undefined) {
      this.ghostSlot.delete(key);
      this.ghostRing[slot] = undefined;
      this.ghostAdmissions++;
      protect = true;
    }
    const node: Node<V> = { key, value, prev: null, next: null, protectedSegment: false };
    this.map.set(key, node);
    this.probation.pushHead(node);
    if (protect) this.promote(key);
  }

  /** Move `key` to the protected segment (most recently used there). */
  promote(key: string): void {
    const n = this.map.get(key);
    if (n === undefined) return;
    if (n.protectedSegment) {
      this.get(key);
      return;
    }
    this.probation.unlink(n);
    n.protectedSegment = true;
    this.protectedList.pushHead(n);
    if (this.protectedList.size > this.protectedCapacity) {
      const old = this.protectedList.tail as Node<V>;
      this.protectedList.unlink(old);
      old.protectedSegment = false;
      this.probation.pushHead(old);
    }
  }

  delete(key: string): boolean {
    const n = this.map.get(key);
    if (n === undefined) return false;
    (n.protectedSegment ? this.protectedList : this.probation).unlink(n);
    this.map.delete(key);
    return true;
  }

  clear(): void {
    this.map.clear();
    this.probation.head = this.probation.tail = null;
    this.probation.size = 0;
    this.protectedList.head = this.protectedList.tail = null;
    this.protectedList.size = 0;
    this.ghostSlot.clear();
    this.ghostRing.fill(undefined);
    this.ghostNext = 0;
  }

  /**
   * Drop, from the least recently used end of each segment, the clients for which `isIdle` is
   * true, stopping at the first that is not. Returns how many went. Idle clients are not
   * remembered in the ghost list (they were not pushed out).
   */
  evictIdle(isIdle: (value: V) => boolean): number {
    let count = 0;
    for (const seg of [this.probation, this.protectedList]) {
      while (seg.tail !== null && isIdle(seg.tail.value)) {
        const n = seg.tail;
        seg.unlink(n);
        this.map.delete(n.key);
        count++;
      }
    }
    return count;
  }

  /** Entries from the least to the most recently used, probation first, with their segment. */
  *entries(): IterableIterator<[string, V, boolean]> {
    for (const seg of [this.probation, this.protectedList]) {
      for (let n = seg.tail; n !== null; n = n.prev) yield [n.key, n.value, n.protectedSegment];
    }
  }

  private evictOne(): void {
    const fromProbation = this.probation.tail !== null;
    const victim = (fromProbation ? this.probation.tail : this.protectedList.tail) as Node<V>;
    (fromProbation ? this.probation : this.protectedList).unlink(victim);
    this.map.delete(victim.key);
    this.evicted++;
    if (!fromProbation) return;
    const slot = this.ghostNext;
    const old = this.ghostRing[slot];
    if (old !== undefined && this.ghostSlot.get(old) === slot) this.ghostSlot.delete(old);
    this.ghostRing[slot] = victim.key;
    this.ghostSlot.set(victim.key, slot);
    this.ghostNext = slot + 1 === this.capacity ? 0 : slot + 1;
  }
}
