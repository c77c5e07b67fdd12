import { randomInt } from 'node:crypto';
import { GhostSet } from './ghost-set.js';
import { reserve } from './reserve.js';

/** Defaults of {@link KeyTableOptions}. */
export const KEY_TABLE_DEFAULTS = Object.freeze({ protectedShare: 0.8, ghost: true });

/** Options of {@link KeyTable}; defaults in brackets. */
export interface KeyTableOptions {
  /** Share of the capacity the protected segment may fill [0.8]. */
  protectedShare?: number;
  /** Remember the hashes of the last `capacity` keys evicted from probation and readmit them protected [true]. */
  ghost?: boolean;
}

const NONE = -1;
// A node is one 64-byte line of int32: [prev, next, hash, segment, key length, the key's UTF-16 code
// units when it has at most INLINE of them]. A look-up of a short key reads the slot and this line
// only (the key is compared here, not in the string on the heap): few cache misses with 1M keys.
const PREV = 0;
const NEXT = 1;
const HASH = 2;
const SEG = 3;
const LEN = 4;
const STRIDE = 16;
/** Slots of the hash index at first; it doubles (migrated a few slots per insert) as keys arrive. */
const INITIAL_SLOTS = 32;
/** Old slots moved to the doubled hash index per insert, at least (a run of occupied slots moves whole). */
const MIGRATE_STEP = 4;
/** Keys and states are kept in pages of this many nodes (log2), allocated as nodes are first used. */
const PAGE_BITS = 10;
const PAGE_MASK = (1 << PAGE_BITS) - 1;
/** Code units of a key kept in its node (an IPv4 address with port fits). */
const INLINE = (STRIDE - 5) * 2;

/**
 * The per-key state of a detector: at most `capacity` keys in a segmented LRU whose every operation
 * is O(1) and costs about the same whether the key is known or not, however many distinct keys pass
 * through. It is its own open-addressing hash index (linear probing, backward-shift deletion, load
 * <= 1/2, a per-table random hash basis) over a pool of nodes whose links, hash and segment sit
 * together in one typed array, so a look-up touches few cache lines and a stream of new keys
 * evicts and inserts without the churn of a `Map` (deleting and re-adding keys, and
 * `map.keys().next()`, which V8 makes O(capacity) once many slots were deleted). The key is hashed
 * here, over its characters (keys are bounded: `boundedKey`), so V8's length-only hash of strings of
 * 16,384+ characters does not apply.
 *
 * Growth is bounded per operation: the node pool is reserved for `capacity` nodes up front (address
 * space; the memory is committed page by page as nodes are first used, so an idle table holds KBs),
 * keys and states live in pages of 1,024 nodes allocated as they are reached, and the hash index
 * doubles while keys arrive (load <= 1/2) by moving at least 4 slots of the old index per insert
 * (look-ups read both meanwhile), never by rehashing everything inside one record.
 *
 * - New keys enter the **probation** segment. A key the detector {@link promote}s moves to the
 *   **protected** segment, which may fill `protectedShare` (80%) of the capacity; when it overflows,
 *   its least recently used key drops back to probation. A table nobody promotes in is a plain LRU.
 * - When the table is full, the least recently used probation key goes first; protected keys are
 *   evicted only when probation is empty.
 * - With `ghost` (default), the 32-bit hashes of the last `capacity` keys evicted from probation are
 *   remembered (no state): a key that comes back after being pushed out is admitted straight into
 *   protected. (A hash collision only protects an innocent key: harmless.)
 *
 * `evicted` counts evictions of live keys; `ghostAdmissions` the keys readmitted from the ghost.
 */
export class KeyTable<V> {
  /** Keys and states by node, in pages: `[key, state]` of node `n` at `2 * (n & PAGE_MASK)` of page `n >>> PAGE_BITS`. */
  private readonly pages: unknown[][] = [];
  /** Node metadata, `STRIDE` int32 per node (reserved for `capacity` nodes). */
  private readonly nodes: Int32Array;
  /** The same memory as code units: a short key's characters from `node * STRIDE * 2 + 10`. */
  private readonly chars: Uint16Array;
  /** Nodes never used yet start here. */
  private fresh = 0;
  /** Freed node indices (a stack). */
  private readonly free: Int32Array;
  private freeCount = 0;
  /** Hash index, two int32 per slot: node index + 1 (0 when empty), the key's hash. */
  private slots: Int32Array;
  private mask: number;
  /** While the index doubles: the old index, still holding the keys not moved yet (empty otherwise). */
  private oldSlots: Int32Array = new Int32Array(0);
  private oldMask = 0;
  /** The next old slot to move, and how many old slots are left to visit. */
  private migrateAt = 0;
  private migrateLeft = 0;
  // the two segments: most recently used at the head
  private readonly heads = new Int32Array([NONE, NONE]);
  private readonly tails = new Int32Array([NONE, NONE]);
  private readonly sizes = new Int32Array(2);
  private readonly protectedCapacity: number;
  /** The hashes of the keys last evicted from probation (undefined without `ghost`). */
  private readonly ghost: GhostSet | undefined;
  /** Live keys evicted because the table was full. */
  evicted = 0;
  /** Keys admitted to protected because they came back after an eviction. */
  ghostAdmissions = 0;
  /** The random basis of this table's key hash (see `hashKey`). */
  private readonly seed = randomInt(0x7fffffff);

  /** @param capacity maximum number of keys (>= 1). */
  constructor(
    readonly capacity: number,
    options: KeyTableOptions = {},
  ) {
    // reserved, not committed: the pages of these arrays are touched only as nodes are used
    const buffer = reserve(capacity * STRIDE * 4, capacity);
    this.nodes = new Int32Array(buffer);
    this.chars = new Uint16Array(buffer);
    this.free = new Int32Array(capacity);
    const size = Math.min(INITIAL_SLOTS, tableSize(capacity));
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    this.protectedCapacity = Math.max(1, Math.floor(capacity * (options.protectedShare ?? KEY_TABLE_DEFAULTS.protectedShare)));
    this.ghost = (options.ghost ?? KEY_TABLE_DEFAULTS.ghost) ? new GhostSet(capacity) : undefined;
  }

  get size(): number {
    return this.sizes[0] + this.sizes[1];
  }

  /** Keys in the protected segment. */
  get protectedSize(): number {
    return this.sizes[1];
  }

  /** The state of `key`, marking it most recently used in its segment. */
  get(key: string): V | undefined {
    const node = this.find(key, hashKey(key, this.seed));
    if (node === NONE) return undefined;
    this.touch(node);
    return this.stateAt(node);
  }

  /** Whether `key` is in the protected segment. */
  isProtected(key: string): boolean {
    const node = this.find(key, hashKey(key, this.seed));
    return node !== NONE && this.nodes[node * STRIDE + SEG] === 1;
  }

  /**
   * Set the state of `key` (most recently used). A new key enters probation, or protected when
   * `protect` is true or it was pushed out recently (the ghost set); the least recently used key
   * is evicted first when the table is full.
   */
  set(key: string, value: V, protect = false): void {
    const h = hashKey(key, this.seed);
    const node = this.find(key, h);
    if (node !== NONE) {
      this.setState(node, value);
      this.touch(node);
      if (protect) this.promoteNode(node);
      return;
    }
    this.setState(this.add(key, h, protect), value);
  }

  /**
   * The node (an index below `capacity`) that holds `key`, marking it most recently used; -1 when
   * absent. For callers that keep their per-key state in their own typed arrays, by node.
   */
  nodeOf(key: string): number {
    const node = this.find(key, hashKey(key, this.seed));
    if (node !== NONE) this.touch(node);
    return node;
  }

  /**
   * Add `key`, which must be absent (see {@link nodeOf}), as `set` would, and return its node. The
   * node may have held an evicted key: the caller starts its state afresh.
   */
  insert(key: string, protect = false): number {
    return this.add(key, hashKey(key, this.seed), protect);
  }

  /** The key at `node`. */
  keyAt(node: number): string {
    return this.pages[node >>> PAGE_BITS][2 * (node & PAGE_MASK)] as string;
  }

  /** Move the key at `node` to the protected segment (most recently used there), as {@link promote}. */
  promoteAt(node: number): void {
    this.promoteNode(node);
  }

  /** Whether the key at `node` is in the protected segment. */
  protectedAt(node: number): boolean {
    return this.nodes[node * STRIDE + SEG] === 1;
  }

  /** Old hash-index slots still to move while the index doubles (0 when it is not growing; for tests). */
  get migrating(): number {
    return this.migrateLeft;
  }

  private stateAt(node: number): V | undefined {
    return this.pages[node >>> PAGE_BITS][2 * (node & PAGE_MASK) + 1] as V | undefined;
  }

  private setState(node: number, value: V | undefined): void {
    this.pages[node >>> PAGE_BITS][2 * (node & PAGE_MASK) + 1] = value;
  }

  /**
   * Make room for one new key: when the table is full, evict the least recently used one (as `set`
   * would) and return its state, so the caller can reuse it instead of allocating.
   */
  makeRoom(): V | undefined {
    if (this.size < this.capacity) return undefined;
    const victim = this.tails[this.tails[0] !== NONE ? 0 : 1];
    const value = this.stateAt(victim);
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
    this.ghost?.clear();
  }

  /**
   * Drop, from the least recently used end of each segment, the keys for which `isIdle` is true,
   * stopping at the first that is not. Returns how many went. Idle keys are not remembered in the
   * ghost set (they were not pushed out).
   */
  evictIdle(isIdle: (value: V, key: string) => boolean): number {
    let count = 0;
    for (let seg = 0; seg < 2; seg++) {
      for (let n = this.tails[seg]; n !== NONE && isIdle(this.stateAt(n) as V, this.keyAt(n)); n = this.tails[seg]) {
        this.remove(n);
        count++;
      }
    }
    return count;
  }

  /** As {@link evictIdle}, for state kept by node: drops the nodes for which `isIdle(node)` is true. */
  evictIdleNodes(isIdle: (node: number) => boolean): number {
    let count = 0;
    for (let seg = 0; seg < 2; seg++) {
      for (let n = this.tails[seg]; n !== NONE && isIdle(n); n = this.tails[seg]) {
        this.remove(n);
        count++;
      }
    }
    return count;
  }

  /** Nodes from the least to the most recently used, probation first. Do not add or remove keys while iterating. */
  *nodeOrder(): IterableIterator<number> {
    for (let seg = 0; seg < 2; seg++) for (let n = this.tails[seg]; n !== NONE; n = this.nodes[n * STRIDE + PREV]) yield n;
  }

  /** Entries from the least to the most recently used, probation first, with their segment. */
  *entries(): IterableIterator<[string, V, boolean]> {
    for (let seg = 0; seg < 2; seg++) {
      for (let n = this.tails[seg]; n !== NONE; n = this.nodes[n * STRIDE + PREV]) yield [this.keyAt(n), this.stateAt(n) as V, seg === 1];
    }
  }

  /** States from the least to the most recently used, probation first. */
  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  private add(key: string, h: number, protect: boolean): number {
    if (this.size === this.capacity) this.evictOne();
    if (!protect && this.ghost !== undefined && this.ghost.count > 0 && this.ghost.has(h)) {
      this.ghostAdmissions++;
      protect = true;
    }
    let node: number;
    if (this.freeCount > 0) node = this.free[--this.freeCount];
    else {
      node = this.fresh++;
      if ((node & PAGE_MASK) === 0) this.pages.push(new Array<unknown>(2 * Math.min(1 << PAGE_BITS, this.capacity)).fill(undefined));
    }
    this.pages[node >>> PAGE_BITS][2 * (node & PAGE_MASK)] = key;
    const b = node * STRIDE;
    this.nodes[b + HASH] = h;
    this.nodes[b + SEG] = 0;
    const len = key.length;
    this.nodes[b + LEN] = len;
    if (len <= INLINE) {
      const chars = this.chars;
      const c = 2 * b + 2 * (LEN + 1);
      for (let k = 0; k < len; k++) chars[c + k] = key.charCodeAt(k);
    }
    this.pushHead(0, node);
    if (this.migrateLeft > 0) this.migrate(MIGRATE_STEP);
    // the load stays <= 1/2 (the index reaches tableSize(capacity) before the table is full)
    if (2 * this.size > this.mask + 1) this.grow();
    place(this.slots, this.mask, node + 1, h);
    if (protect) this.promoteNode(node);
    return node;
  }

  private find(key: string, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const s = slots[2 * i];
      if (s === 0) return this.migrateLeft > 0 ? this.findOld(key, h) : NONE;
      if (slots[2 * i + 1] === h && this.matches(s - 1, key)) return s - 1;
      i = (i + 1) & mask;
    }
  }

  /** {@link find} in the old index while it is being moved. */
  private findOld(key: string, h: number): number {
    const slots = this.oldSlots;
    const mask = this.oldMask;
    let i = h & mask;
    for (;;) {
      const s = slots[2 * i];
      if (s === 0) return NONE;
      if (slots[2 * i + 1] === h && this.matches(s - 1, key)) return s - 1;
      i = (i + 1) & mask;
    }
  }

  /** Whether `node` holds `key`: compared in the node when short, else with the stored string. */
  private matches(node: number, key: string): boolean {
    const b = node * STRIDE;
    const len = key.length;
    if (this.nodes[b + LEN] !== len) return false;
    if (len > INLINE) return this.keyAt(node) === key;
    const chars = this.chars;
    const c = 2 * b + 2 * (LEN + 1);
    for (let k = 0; k < len; k++) if (chars[c + k] !== key.charCodeAt(k)) return false;
    return true;
  }

  private touch(node: number): void {
    const seg = this.nodes[node * STRIDE + SEG];
    if (this.heads[seg] === node) return;
    this.unlink(seg, node);
    this.pushHead(seg, node);
  }

  private promoteNode(node: number): void {
    const nodes = this.nodes;
    if (nodes[node * STRIDE + SEG] === 1) {
      this.touch(node);
      return;
    }
    this.unlink(0, node);
    nodes[node * STRIDE + SEG] = 1;
    this.pushHead(1, node);
    if (this.sizes[1] > this.protectedCapacity) {
      const old = this.tails[1];
      this.unlink(1, old);
      nodes[old * STRIDE + SEG] = 0;
      this.pushHead(0, old);
    }
  }

  private pushHead(seg: number, node: number): void {
    const nodes = this.nodes;
    const head = this.heads[seg];
    nodes[node * STRIDE + PREV] = NONE;
    nodes[node * STRIDE + NEXT] = head;
    if (head !== NONE) nodes[head * STRIDE + PREV] = node;
    this.heads[seg] = node;
    if (this.tails[seg] === NONE) this.tails[seg] = node;
    this.sizes[seg]++;
  }

  private unlink(seg: number, node: number): void {
    const nodes = this.nodes;
    const p = nodes[node * STRIDE + PREV];
    const n = nodes[node * STRIDE + NEXT];
    if (p !== NONE) nodes[p * STRIDE + NEXT] = n;
    else this.heads[seg] = n;
    if (n !== NONE) nodes[n * STRIDE + PREV] = p;
    else this.tails[seg] = p;
    this.sizes[seg]--;
  }

  /** Take `node` out of its segment and the index, and free it. */
  private remove(node: number): void {
    this.unlink(this.nodes[node * STRIDE + SEG], node);
    const h = this.nodes[node * STRIDE + HASH];
    // in the new index, or (while it grows) in the old one
    if (!unplace(this.slots, this.mask, node + 1, h)) unplace(this.oldSlots, this.oldMask, node + 1, h);
    const page = this.pages[node >>> PAGE_BITS];
    page[2 * (node & PAGE_MASK)] = undefined;
    page[2 * (node & PAGE_MASK) + 1] = undefined;
    this.free[this.freeCount++] = node;
  }

  private evictOne(): void {
    const fromProbation = this.tails[0] !== NONE;
    const victim = this.tails[fromProbation ? 0 : 1];
    const h = this.nodes[victim * STRIDE + HASH];
    this.remove(victim);
    this.evicted++;
    if (fromProbation && this.ghost !== undefined) this.ghost.add(h);
  }

  /**
   * Double the hash index. Its entries move over the next inserts ({@link migrate}); a previous
   * doubling still under way is finished first (it cannot be: each insert moves 4 old slots, and the
   * next doubling comes at least a quarter of the old size of inserts later).
   */
  private grow(): void {
    if (this.migrateLeft > 0) this.migrate(Infinity);
    const old = this.slots;
    const oldMask = this.mask;
    const size = 2 * (oldMask + 1);
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    this.oldSlots = old;
    this.oldMask = oldMask;
    // start after an empty slot (there is one: load <= 1/2), so runs of occupied slots move whole
    let e = 0;
    while (old[2 * e] !== 0) e++;
    this.migrateAt = (e + 1) & oldMask;
    this.migrateLeft = oldMask;
  }

  /**
   * Move at least `budget` slots of the old index to the new one, a whole run of occupied slots at a
   * time: every key of a run has its home in the run (the slot before it is empty), so the keys not
   * moved yet stay reachable in the old index, and deleting one there shifts entries within its run.
   */
  private migrate(budget: number): void {
    const old = this.oldSlots;
    const oldMask = this.oldMask;
    let at = this.migrateAt;
    let left = this.migrateLeft;
    while (budget > 0 && left > 0) {
      while (old[2 * at] !== 0) {
        place(this.slots, this.mask, old[2 * at], old[2 * at + 1]);
        old[2 * at] = 0;
        at = (at + 1) & oldMask;
        left--;
        budget--;
      }
      // the empty slot after the run
      at = (at + 1) & oldMask;
      left--;
      budget--;
    }
    this.migrateAt = at;
    this.migrateLeft = left > 0 ? left : 0;
    if (this.migrateLeft === 0) this.oldSlots = new Int32Array(0);
  }
}

/** Put entry `s` (node + 1) of hash `h` in the first free slot of its probe sequence. */
function place(slots: Int32Array, mask: number, s: number, h: number): void {
  let i = h & mask;
  while (slots[2 * i] !== 0) i = (i + 1) & mask;
  slots[2 * i] = s;
  slots[2 * i + 1] = h;
}

/**
 * Delete entry `s` (node + 1) of hash `h` from an index by backward shift (every probe sequence stays
 * unbroken without tombstones); false when it is not there.
 */
function unplace(slots: Int32Array, mask: number, s: number, h: number): boolean {
  if (slots.length === 0) return false;
  let i = h & mask;
  for (;;) {
    const x = slots[2 * i];
    if (x === s) break;
    if (x === 0) return false;
    i = (i + 1) & mask;
  }
  let j = i;
  for (;;) {
    j = (j + 1) & mask;
    const x = slots[2 * j];
    if (x === 0) break;
    const home = slots[2 * j + 1] & mask;
    // move the entry at j back to i unless its home lies cyclically in (i, j]
    if (i <= j ? home <= i || home > j : home <= i && home > j) {
      slots[2 * i] = x;
      slots[2 * i + 1] = slots[2 * j + 1];
      i = j;
    }
  }
  slots[2 * i] = 0;
  return true;
}

/** A power of two at least twice `capacity` (and at least 16). */
function tableSize(capacity: number): number {
  let size = 16;
  while (size < 2 * capacity) size *= 2;
  return size;
}

/**
 * 32-bit FNV-1a of the UTF-16 code units of `key` from a per-table random basis (`seed`), mixed so
 * that the low bits index well. The seed keeps callers from choosing keys that share one probe
 * cluster (keys come from logs, user names from attackers); it changes only where keys sit in the
 * table, never which key is evicted.
 */
export function hashKey(key: string, seed: number): number {
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
