import { randomInt } from 'node:crypto';
const DEFAULTS = {
  /** Share of the capacity the protected segment may fill. */
  protectedShare: 0.8,
} as const;

const NONE = -1;

/**
 * The per-client state of a security detector: at most `capacity` clients in a segmented LRU whose
 * every operation is O(1) and costs about the same whether the client is known or not, however many
 * distinct clients pass through. It is its own open-addressing hash index (linear probing,
 * backward-shift deletion, load <= 1/2) over a fixed pool of linked nodes, so a stream of new
 * clients evicts and inserts without the churn of a `Map` (deleting and re-adding keys, and
 * `map.keys().next()`, which V8 makes O(capacity) once many slots were deleted). Nothing is
 * allocated per record.
 *
 * - New clients enter the **probation** segment. A client the detector {@link promote}s (a second
 *   failure within the window: an active attacker) moves to the **protected** segment, which may
 *   fill 80% of the capacity; when it overflows, its least recently used client drops back to
 *   probation.
 * - When the table is full, the least recently used probation client goes first; protected clients
 *   are evicted only when probation is empty. So a flood of distinct clients that fail once each
 *   (noise, or an attacker hiding behind it) only churns probation and cannot push out a client
 *   that is failing repeatedly: that would take more than 80% of `capacity` distinct clients that
 *   each fail twice within the window, between two attempts of the attacker.
 * - A **ghost** set remembers the 32-bit hashes of the last `capacity` clients evicted from
 *   probation (no state): a client that comes back after being pushed out is admitted straight into
 *   protected, so even an attacker whose first failure was flushed out is protected from its second
 *   one on. (A hash collision only protects an innocent client: harmless.)
 *
 * `evicted` counts evictions of live clients; `ghostAdmissions` the clients readmitted from the ghost.
 */
export class ClientTable<V> {
  private readonly keys: (string | undefined)[];
  private readonly values: (V | undefined)[];
  private readonly hashes: Int32Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly inProtected: Uint8Array;
  /** Free node indices (a stack). */
  private readonly free: Int32Array;
  private freeCount: number;
  /** Hash index: node index + 1 per slot, 0 when empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  // the two segments: most recently used at the head
  private readonly heads = new Int32Array([NONE, NONE]);
  private readonly tails = new Int32Array([NONE, NONE]);
  private readonly sizes = new Int32Array(2);
  private readonly protectedCapacity: number;
  // the ghost set: hashes in an open-addressing set, and a ring of them in eviction order
  private readonly ghostSlots: Int32Array;
  private readonly ghostUsed: Uint8Array;
  private readonly ghostMask: number;
  private readonly ghostRing: Int32Array;
  private ghostNext = 0;
  private ghostCount = 0;
  /** Live clients evicted because the table was full. */
  evicted = 0;
  /** Clients admitted to protected because they came back after an eviction. */
  ghostAdmissions = 0;
  /** The random basis of this table's key hash (see `hashKey`). */
  private readonly seed = randomInt(0x7fffffff);

  /** @param capacity maximum number of clients (>= 1). */
  constructor(readonly capacity: number) {
    this.keys = new Array<string | undefined>(capacity).fill(undefined);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.inProtected = new Uint8Array(capacity);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeCount = capacity;
    const size = tableSize(capacity);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.protectedCapacity = Math.max(1, Math.floor(capacity * DEFAULTS.protectedShare));
    this.ghostSlots = new Int32Array(size);
    this.ghostUsed = new Uint8Array(size);
    this.ghostMask = size - 1;
    this.ghostRing = new Int32Array(capacity);
  }

  get size(): number {
    return this.sizes[0] + this.sizes[1];
  }

  /** Clients in the protected segment. */
  get protectedSize(): number {
    return this.sizes[1];
  }

  /** The state of `key`, marking it most recently used in its segment. */
  get(key: string): V | undefined {
    const node = this.find(key, hashKey(key, this.seed));
    if (node === NONE) return undefined;
    this.touch(node);
    return this.values[node];
  }

  /** Whether `key` is in the protected segment. */
  isProtected(key: string): boolean {
    const node = this.find(key, hashKey(key, this.seed));
    return node !== NONE && this.inProtected[node] === 1;
  }

  /**
   * Set the state of `key` (most recently used). A new key enters probation, or protected when
   * `protect` is true or it was pushed out recently (the ghost set); the least recently used client
   * is evicted first when the table is full.
   */
  set(key: string, value: V, protect = false): void {
    const h = hashKey(key, this.seed);
    let node = this.find(key, h);
    if (node !== NONE) {
      this.values[node] = value;
      this.touch(node);
      if (protect) this.promoteNode(node);
      return;
    }
    if (this.freeCount === 0) this.evictOne();
    if (!protect && this.ghostCount > 0 && this.ghostHas(h)) {
      this.ghostAdmissions++;
      protect = true;
    }
    node = this.free[--this.freeCount];
    this.keys[node] = key;
    this.values[node] = value;
    this.hashes[node] = h;
    this.inProtected[node] = 0;
    this.pushHead(0, node);
    let i = h & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = node + 1;
    if (protect) this.promoteNode(node);
  }

  /**
   * Make room for one new client: when the table is full, evict the least recently used one (as
   * `set` would) and return its state, so the caller can reuse it instead of allocating.
   */
  makeRoom(): V | undefined {
    if (this.freeCount > 0) return undefined;
    const victim = this.tails[this.tails[0] !== NONE ? 0 : 1];
    const value = this.values[victim];
    this.evictOne();
    return value;
  }

  /** Move `key` to the protected segment (most recently used there). */
  promote(key: string): void {
    const node = this.find(key, hashKey(key, this.seed));
    if (node !== NONE) this.promoteNode(node);
  }

  delete(key: string): boolean {
    const node = this.find(key, hashKey(key, this.seed));
    if (node === NONE) return false;
    this.remove(node);
    return true;
  }

  clear(): void {
    for (let seg = 0; seg < 2; seg++) while (this.tails[seg] !== NONE) this.remove(this.tails[seg]);
    this.ghostUsed.fill(0);
    this.ghostCount = 0;
    this.ghostNext = 0;
  }

  /**
   * Drop, from the least recently used end of each segment, the clients for which `isIdle` is
   * true, stopping at the first that is not. Returns how many went. Idle clients are not
   * remembered in the ghost set (they were not pushed out).
   */
  evictIdle(isIdle: (value: V) => boolean): number {
    let count = 0;
    for (let seg = 0; seg < 2; seg++) {
      while (this.tails[seg] !== NONE && isIdle(this.values[this.tails[seg]] as V)) {
        this.remove(this.tails[seg]);
        count++;
      }
    }
    return count;
  }

  /** Entries from the least to the most recently used, probation first, with their segment. */
  *entries(): IterableIterator<[string, V, boolean]> {
    for (let seg = 0; seg < 2; seg++) {
      for (let n = this.tails[seg]; n !== NONE; n = this.prev[n]) yield [this.keys[n] as string, this.values[n] as V, seg === 1];
    }
  }

  private find(key: string, h: number): number {
    let i = h & this.mask;
    for (;;) {
      const s = this.slots[i];
      if (s === 0) return NONE;
      const node = s - 1;
      if (this.hashes[node] === h && this.keys[node] === key) return node;
      i = (i + 1) & this.mask;
    }
  }

  private touch(node: number): void {
    const seg = this.inProtected[node];
    if (this.heads[seg] === node) return;
    this.unlink(seg, node);
    this.pushHead(seg, node);
  }

  private promoteNode(node: number): void {
    if (this.inProtected[node] === 1) {
      this.touch(node);
      return;
    }
    this.unlink(0, node);
    this.inProtected[node] = 1;
    this.pushHead(1, node);
    if (this.sizes[1] > this.protectedCapacity) {
      const old = this.tails[1];
      this.unlink(1, old);
      this.inProtected[old] = 0;
      this.pushHead(0, old);
    }
  }

  private pushHead(seg: number, node: number): void {
    const head = this.heads[seg];
    this.prev[node] = NONE;
    this.next[node] = head;
    if (head !== NONE) this.prev[head] = node;
    this.heads[seg] = node;
    if (this.tails[seg] === NONE) this.tails[seg] = node;
    this.sizes[seg]++;
  }

  private unlink(seg: number, node: number): void {
    const p = this.prev[node];
    const n = this.next[node];
    if (p !== NONE) this.next[p] = n;
    else this.heads[seg] = n;
    if (n !== NONE) this.prev[n] = p;
    else this.tails[seg] = p;
    this.sizes[seg]--;
  }

  /** Take `node` out of its segment and the index, and free it. */
  private remove(node: number): void {
    this.unlink(this.inProtected[node], node);
    // backward-shift deletion keeps every probe sequence unbroken without tombstones
    const mask = this.mask;
    let i = this.hashes[node] & mask;
    while (this.slots[i] !== node + 1) i = (i + 1) & mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const s = this.slots[j];
      if (s === 0) break;
      const home = this.hashes[s - 1] & mask;
      // move the entry at j back to i unless its home lies cyclically in (i, j]
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        this.slots[i] = s;
        i = j;
      }
    }
    this.slots[i] = 0;
    this.keys[node] = undefined;
    this.values[node] = undefined;
    this.free[this.freeCount++] = node;
  }

  private evictOne(): void {
    const fromProbation = this.tails[0] !== NONE;
    const victim = this.tails[fromProbation ? 0 : 1];
    const h = this.hashes[victim];
    this.remove(victim);
    this.evicted++;
    if (fromProbation) this.ghostAdd(h);
  }

  private ghostHas(h: number): boolean {
    let i = h & this.ghostMask;
    while (this.ghostUsed[i] === 1) {
      if (this.ghostSlots[i] === h) return true;
      i = (i + 1) & this.ghostMask;
    }
    return false;
  }

  private ghostAdd(h: number): void {
    if (this.ghostCount === this.capacity) {
      this.ghostRemove(this.ghostRing[this.ghostNext]);
      this.ghostCount--;
    }
    this.ghostRing[this.ghostNext] = h;
    this.ghostNext = this.ghostNext + 1 === this.capacity ? 0 : this.ghostNext + 1;
    this.ghostCount++;
    let i = h & this.ghostMask;
    while (this.ghostUsed[i] === 1) i = (i + 1) & this.ghostMask;
    this.ghostUsed[i] = 1;
    this.ghostSlots[i] = h;
  }

  /** Remove one occurrence of `h` from the ghost set (backward-shift deletion). */
  private ghostRemove(h: number): void {
    const mask = this.ghostMask;
    let i = h & mask;
    while (this.ghostUsed[i] === 1 && this.ghostSlots[i] !== h) i = (i + 1) & mask;
    if (this.ghostUsed[i] === 0) return;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (this.ghostUsed[j] === 0) break;
      const home = this.ghostSlots[j] & mask;
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        this.ghostSlots[i] = this.ghostSlots[j];
        i = j;
      }
    }
    this.ghostUsed[i] = 0;
  }
}

/** A power of two at least twice `capacity` (and at least 16). */
function tableSize(capacity: number): number {
  let size = 16;
  while (size < 2 * capacity) size *= 2;
  return size;
}

/**
 * 32-bit FNV-1a of the UTF-16 code units of `key` from a per-table random basis (`seed`), mixed so
 * that the low bits index well. The seed keeps clients from choosing keys that share one probe
 * cluster (keys come from logs, user names from attackers); it changes only where keys sit in the
 * table, never which client is evicted.
 */
function hashKey(key: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h | 0;
}
