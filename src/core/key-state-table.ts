import { randomInt } from 'node:crypto';
import { GhostSet } from './ghost-set.js';
import { hashKey, KEY_TABLE_DEFAULTS, type KeyTableOptions } from './key-table.js';
import { reserve } from './reserve.js';

/** Options of {@link KeyStateTable}; defaults in brackets. */
export interface KeyStateTableOptions extends KeyTableOptions {
  /** Doubles of caller state kept in each key's slot, from `base(slot)` [0]. */
  stateDoubles?: number;
  /** The key hash (for tests: a constant hash forces every key into one probe run) [a seeded FNV-1a]. */
  hash?: (key: string) => number;
  /** Called with a key's slot as the key leaves the table (evicted or deleted), before the slot is freed [none]. */
  onRemove?: (slot: number) => void;
}

const NONE = -1;
// A slot's header: 16 int32 (64 bytes), then the caller's state (doubles).
const HASH = 0;
/** bit 0: in use; bit 1: protected segment. */
const FLAGS = 1;
/** Keys whose probe run passed this slot (they live further on): a look-up stops where it is 0. */
const OVER = 2;
const LEN = 3;
/** int32 words of the header; the key's code units follow LEN when it has at most INLINE. */
const HEADER_WORDS = 16;
/** First double of a slot's caller state. */
const STATE = HEADER_WORDS / 2;
/** Code units of a key kept in its slot (24: an IPv4 address with port, most IPv6 ones, `user:` and a short name). */
const INLINE = (HEADER_WORDS - LEN - 1) * 2;
const USED = 1;
const PROTECTED = 2;
/** Keys per slot at most: slots = capacity / MAX_LOAD. */
const MAX_LOAD = 0.7;
const TWO_TO_MINUS_32 = 2 ** -32;
/** Bytes of slots above which a look-up reads all of a slot's lines at once (below, they are in cache). */
const PREFETCH_ABOVE = 4 << 20;

/**
 * The per-key state of a detector with many keys: at most `capacity` keys, each in one slot of an
 * open-addressing table (linear probing) that holds, together in one block of memory, the key's hash,
 * its segment, the key itself when it has at most 24 UTF-16 code units (compared there: exact, no
 * string read) and `stateDoubles` numbers of the caller's state (the links of the segmented LRU are
 * in an array of their own, 8 bytes per slot). A look-up of a key
 * that is in its home slot touches that block only (one or two cache lines, one page), which is what
 * a record costs with a million live keys, where every other block is a cache miss.
 *
 * - Keys never move: a slot is emptied on deletion and each slot counts the live keys whose probe run
 *   passed it (a look-up stops at a slot whose count is 0), so no backward shift or tombstones are
 *   needed, and a slot is the key's stable index for side arrays (`slot` below `slots`).
 * - Slots: `capacity / 0.7` (rounded up), reserved up front (address space committed as slots are
 *   first written): `slots * (64 + 8 * stateDoubles)` bytes at most.
 * - Eviction and ghost set as {@link KeyTable} (same order, same counters): new keys in **probation**,
 *   {@link promoteAt} moves a key to **protected** (at most `protectedShare` of the capacity, its least
 *   recently used key drops back); when full the least recently used probation key goes first; with
 *   `ghost`, the hashes of the last `capacity` keys evicted from probation readmit them protected.
 *   Every operation is O(1) (expected, by the probe run).
 * - Keys longer than 24 code units are kept in a side map and compared there on a hash match (exact).
 *   The hash has a per-table random basis, so callers cannot choose keys that share one probe run.
 */
export class KeyStateTable {
  /** The slots as doubles: the caller's state of slot `s` from `base(s)`. */
  readonly data: Float64Array;
  private readonly words: Int32Array;
  private readonly chars: Uint16Array;
  /** Slots in the table (> capacity). */
  readonly slots: number;
  /** Doubles per slot. */
  readonly stride: number;
  /**
   * The LRU links, `[prev, next]` per slot, apart from the slots: 8 bytes per slot, so the links of a
   * key's neighbours, written on every touch, are in a small array (11 MB for a million keys) that
   * stays mostly in the last-level cache and its pages in the TLB, not in two more random slots.
   */
  private readonly links: Int32Array;
  private readonly longKeys = new Map<number, string>();
  private readonly heads = new Int32Array([NONE, NONE]);
  private readonly tails = new Int32Array([NONE, NONE]);
  private readonly sizes = new Int32Array(2);
  private readonly protectedCapacity: number;
  private readonly ghost: GhostSet | undefined;
  private readonly seed = randomInt(0x7fffffff);
  private readonly hashOf: ((key: string) => number) | undefined;
  private readonly onRemove: ((slot: number) => void) | undefined;
  /** The key and hash of the last look-up (an insert after a failed `nodeOf` does not hash again). */
  private lastKey: string | undefined;
  private lastHash = 0;
  /** Whether look-ups read a slot's lines early ({@link prefetch}): only when the slots exceed what caches hold (4 MiB). */
  private readonly prefetching: boolean;
  /** Where {@link prefetch} leaves what it read (kept, so the reads are not optimised away). */
  protected sink = 0;
  /** Live keys evicted because the table was full. */
  evicted = 0;
  /** Keys admitted to protected because they came back after an eviction. */
  ghostAdmissions = 0;

  /** @param capacity maximum number of keys (>= 1). */
  constructor(
    readonly capacity: number,
    options: KeyStateTableOptions = {},
  ) {
    this.slots = Math.max(capacity + 1, Math.ceil(capacity / MAX_LOAD));
    this.stride = STATE + (options.stateDoubles ?? 0);
    const buffer = reserve(this.slots * this.stride * 8, capacity);
    this.data = new Float64Array(buffer);
    this.words = new Int32Array(buffer);
    this.chars = new Uint16Array(buffer);
    this.links = new Int32Array(reserve(this.slots * 8, capacity));
    this.protectedCapacity = Math.max(1, Math.floor(capacity * (options.protectedShare ?? KEY_TABLE_DEFAULTS.protectedShare)));
    this.ghost = (options.ghost ?? KEY_TABLE_DEFAULTS.ghost) ? new GhostSet(capacity) : undefined;
    this.hashOf = options.hash;
    this.onRemove = options.onRemove;
    this.prefetching = this.slots * this.stride * 8 > PREFETCH_ABOVE;
  }

  get size(): number {
    return this.sizes[0] + this.sizes[1];
  }

  /** Keys in the protected segment. */
  get protectedSize(): number {
    return this.sizes[1];
  }

  /** Offset in `data` of slot `slot`'s caller state. */
  base(slot: number): number {
    return slot * this.stride + STATE;
  }

  /** The slot of `key`, marking it most recently used in its segment; -1 when absent. */
  nodeOf(key: string): number {
    const h = this.hashOf === undefined ? hashKey(key, this.seed) : this.hashOf(key) | 0;
    this.lastKey = key;
    this.lastHash = h;
    const slot = this.find(key, h);
    if (slot !== NONE) this.touch(slot);
    return slot;
  }

  /**
   * Add `key`, which must be absent (see {@link nodeOf}), evicting the least recently used key first
   * when full, and return its slot (in probation, or protected when `protect` or the ghost set says
   * so). The slot may have held another key: the caller starts its state afresh.
   */
  insert(key: string, protect = false): number {
    // hashed by the failed nodeOf just before, usually
    const h = key === this.lastKey ? this.lastHash : this.hashOf === undefined ? hashKey(key, this.seed) : this.hashOf(key) | 0;
    if (this.size === this.capacity) this.evictOne();
    if (!protect && this.ghost !== undefined && this.ghost.count > 0 && this.ghost.has(h)) {
      this.ghostAdmissions++;
      protect = true;
    }
    const words = this.words;
    const w2 = this.stride * 2;
    let s = this.home(h);
    // the first free slot of the probe run; the slots passed count one more key beyond them
    while ((words[s * w2 + FLAGS] & USED) !== 0) {
      words[s * w2 + OVER]++;
      if (++s === this.slots) s = 0;
    }
    const w = s * w2;
    words[w + HASH] = h;
    words[w + FLAGS] = USED;
    const len = key.length;
    words[w + LEN] = len;
    if (len <= INLINE) {
      const chars = this.chars;
      const c = 2 * (w + LEN + 1);
      for (let k = 0; k < len; k++) chars[c + k] = key.charCodeAt(k);
    } else this.longKeys.set(s, key);
    this.pushHead(0, s);
    if (protect) this.promoteAt(s);
    return s;
  }

  /** The key at `slot`. */
  keyAt(slot: number): string {
    const w = slot * this.stride * 2;
    const len = this.words[w + LEN];
    if (len > INLINE) return this.longKeys.get(slot) as string;
    const c = 2 * (w + LEN + 1);
    return String.fromCharCode(...this.chars.subarray(c, c + len));
  }

  /** Whether the key at `slot` is in the protected segment. */
  protectedAt(slot: number): boolean {
    return (this.words[slot * this.stride * 2 + FLAGS] & PROTECTED) !== 0;
  }

  /** Move the key at `slot` to the protected segment (most recently used there); its least recently used key drops back to probation when it overflows. */
  promoteAt(slot: number): void {
    const words = this.words;
    const w2 = this.stride * 2;
    if ((words[slot * w2 + FLAGS] & PROTECTED) !== 0) {
      this.touch(slot);
      return;
    }
    this.unlink(0, slot);
    words[slot * w2 + FLAGS] = USED | PROTECTED;
    this.pushHead(1, slot);
    if (this.sizes[1] > this.protectedCapacity) {
      const old = this.tails[1];
      this.unlink(1, old);
      words[old * w2 + FLAGS] = USED;
      this.pushHead(0, old);
    }
  }

  /** Drop, from the least recently used end of each segment, the slots for which `isIdle(slot)` is true, stopping at the first that is not; returns how many went (not remembered in the ghost set). */
  evictIdleNodes(isIdle: (slot: number) => boolean): number {
    let count = 0;
    for (let seg = 0; seg < 2; seg++) {
      for (let n = this.tails[seg]; n !== NONE && isIdle(n); n = this.tails[seg]) {
        this.remove(n);
        count++;
      }
    }
    return count;
  }

  /** Slots from the least to the most recently used, probation first. Do not add or remove keys while iterating. */
  *nodeOrder(): IterableIterator<number> {
    for (let seg = 0; seg < 2; seg++) for (let n = this.tails[seg]; n !== NONE; n = this.links[2 * n]) yield n;
  }

  /** The home slot of hash `h` (its top bits, scaled to the slot count). */
  private home(h: number): number {
    return Math.floor((h >>> 0) * this.slots * TWO_TO_MINUS_32);
  }

  private find(key: string, h: number): number {
    const words = this.words;
    const w2 = this.stride * 2;
    let s = this.home(h);
    if (this.prefetching) this.prefetch(s);
    // (at most every slot once, whatever the counts)
    for (let left = this.slots; left > 0; left--) {
      const w = s * w2;
      if (words[w + HASH] === h && (words[w + FLAGS] & USED) !== 0 && this.matches(s, w, key)) return s;
      if (words[w + OVER] === 0) return NONE;
      if (++s === this.slots) s = 0;
    }
    return NONE;
  }

  /**
   * Read one number of each cache line of slot `s` and its links before any of them is needed, so
   * their misses (with a million keys, every line of a slot is one) are in flight together instead of
   * one after the other as the look-up, then the caller, reach them.
   */
  private prefetch(s: number): void {
    const d = this.data;
    let sum = this.links[2 * s];
    for (let b = s * this.stride, end = b + this.stride; b < end; b += 8) sum += d[b];
    this.sink = sum;
  }

  /** Whether slot `s` (header at word `w`) holds `key`: compared in the slot when short, else with the kept string. */
  private matches(s: number, w: number, key: string): boolean {
    const len = key.length;
    if (this.words[w + LEN] !== len) return false;
    if (len > INLINE) return this.longKeys.get(s) === key;
    const chars = this.chars;
    const c = 2 * (w + LEN + 1);
    for (let k = 0; k < len; k++) if (chars[c + k] !== key.charCodeAt(k)) return false;
    return true;
  }

  private touch(slot: number): void {
    const seg = (this.words[slot * this.stride * 2 + FLAGS] & PROTECTED) !== 0 ? 1 : 0;
    if (this.heads[seg] === slot) return;
    this.unlink(seg, slot);
    this.pushHead(seg, slot);
  }

  private pushHead(seg: number, slot: number): void {
    const links = this.links;
    const head = this.heads[seg];
    links[2 * slot] = NONE;
    links[2 * slot + 1] = head;
    if (head !== NONE) links[2 * head] = slot;
    this.heads[seg] = slot;
    if (this.tails[seg] === NONE) this.tails[seg] = slot;
    this.sizes[seg]++;
  }

  private unlink(seg: number, slot: number): void {
    const links = this.links;
    const p = links[2 * slot];
    const n = links[2 * slot + 1];
    if (p !== NONE) links[2 * p + 1] = n;
    else this.heads[seg] = n;
    if (n !== NONE) links[2 * n] = p;
    else this.tails[seg] = p;
    this.sizes[seg]--;
  }

  /** Take `slot` out of its segment and free it; the slots its probe run passed count one key fewer. */
  private remove(slot: number): void {
    const words = this.words;
    const w2 = this.stride * 2;
    const w = slot * w2;
    if (this.onRemove !== undefined) this.onRemove(slot);
    this.unlink((words[w + FLAGS] & PROTECTED) !== 0 ? 1 : 0, slot);
    words[w + FLAGS] = 0;
    if (words[w + LEN] > INLINE) this.longKeys.delete(slot);
    for (let s = this.home(words[w + HASH]); s !== slot; s = s + 1 === this.slots ? 0 : s + 1) words[s * w2 + OVER]--;
    this.lastKey = undefined;
  }

  private evictOne(): void {
    const fromProbation = this.tails[0] !== NONE;
    const victim = this.tails[fromProbation ? 0 : 1];
    const h = this.words[victim * this.stride * 2 + HASH];
    this.remove(victim);
    this.evicted++;
    if (fromProbation && this.ghost !== undefined) this.ghost.add(h);
  }
}
