import { randomInt } from 'node:crypto';
import { KeyStateTable } from '../core/key-state-table.js';
import { reserve } from '../core/reserve.js';

// A client's block of doubles in `data`, at `node * stride`:
/** Newest time the client's window has seen (a late event counts at it), epoch ms; -Infinity when empty. */
const LATEST = 0;
/** Time of the client's last event, epoch ms (-Infinity when new). */
const LAST = 1;
/** The ring's head and size and the reported flag, packed: `head | size << 14 | reported << 28`. */
const META = 2;
const HEADER = 3;
const SIZE_SHIFT = 14;
const FIELD = (1 << SIZE_SHIFT) - 1;
const REPORTED = 1 << 28;
/** Characters of a distinct value kept for the comparison. */
const MAX_VALUE_LENGTH = 256;
/** Bytes of a page of blocks (at least one client's block). */
const BLOCK_PAGE = 1 << 20;
/** Distinct values are kept in pages of at most this many (a page holds whole clients' rings). */
const VALUE_PAGE = 16_384;
/** Largest block (doubles) kept inside the client's slot of the table; larger ones (a large threshold) are kept in pages beside it. */
const INLINE_BLOCK = 64;

/**
 * The per-client state of a burst detector (brute force, scanner) in typed-array blocks by slot of
 * its {@link KeyStateTable}, not one object per client with a window object and its array: with a
 * million live clients, a record reads the client's slot, which holds its key and block together
 * (a few cache lines of one page, read at once), when the block has at most 64 doubles (a threshold up
 * to 61 for brute force).
 *
 * A block holds the window's newest time, the client's last event time, the ring's head and size
 * and the episode's reported flag, then the ring of the newest `capacity` event times within
 * `windowMs` (a late event counts at the newest time; no allocation per event; exact for counts
 * up to `capacity`). For a distinct window (the scanner) it also holds a 32-bit hash of each value
 * (from a per-table random basis), and a value's string, kept in pages beside the blocks, is
 * compared only on a hash match (exact). A distinct window's blocks and strings are kept by a
 * dense client id below `maxKeys` (in its slot), so they cost memory for live clients, not for the
 * table's 1/0.7 slots per client.
 *
 * Larger blocks (a large threshold) are kept in pages of about 1 MiB beside the table, each
 * reserved when its first client arrives (address space, committed as written), so a large
 * `threshold` with a large `maxKeys` costs memory only for the clients seen.
 */
export class ClientBlocks {
  /** The clients (segmented LRU with the ghost set), with their blocks inline when small. */
  readonly table: KeyStateTable;
  /** Blocks in the table's slots (else in `pages`). */
  private readonly inline: boolean;
  /** The table's slots as doubles (inline blocks, or a distinct window's client ids). */
  private readonly slotData: Float64Array;
  /** Doubles per slot, and the block's offset in a slot (inline blocks). */
  private readonly slotStride: number;
  private readonly slotOffset: number;
  /** The blocks, in pages of `1 << blockBits` slots allocated as they are reached (blocks not inline). */
  private readonly pages: Float64Array[] = [];
  /** The same pages as int32 (the value hashes of a distinct window). */
  private readonly wordPages: Int32Array[] = [];
  private readonly blockBits: number;
  private readonly blockMask: number;
  /** Blocks kept at most: `maxKeys` by id (distinct windows), else one per slot. */
  private readonly blockCount: number;
  private readonly stride: number;
  /** Start of the ring of times in a block (doubles). */
  private readonly ringAt: number;
  /** Start of the value hashes in a block (int32), distinct windows only. */
  private readonly hashAt: number;
  private readonly distinct: boolean;
  /**
   * A distinct window's blocks and values are kept by a dense client id (below `maxKeys`, kept in
   * the slot's one double of state), not by slot: there are `maxKeys / 0.7` slots, so blocks by slot
   * would cost 1.43 times the live clients' blocks. Ids of removed clients are reused (a stack).
   */
  private readonly freeIds: Int32Array;
  private freeCount = 0;
  private nextId = 0;
  /** Distinct values by client (id) and ring index, in pages of `1 << pageBits` clients. */
  private readonly values: string[][] = [];
  private readonly pageBits: number;
  private readonly maxKeys: number;
  private now = 0;
  /** Where the early read of a client's first value goes (kept, so it is not optimised away). */
  protected rowHead = '';
  /** The random basis of the value hashes. */
  private readonly seed = randomInt(0x7fffffff);
  /** Built once: evicting allocates no closure per record. */
  private readonly isIdleNode = (node: number): boolean => this.now - this.last(node) >= this.windowMs;

  /**
   * @param windowMs window length, ms
   * @param capacity events (or distinct values) kept per client, 1 to 16,383
   * @param maxKeys clients kept at most
   * @param distinct count distinct values (the scanner) instead of events
   */
  constructor(
    readonly windowMs: number,
    readonly capacity: number,
    maxKeys: number,
    distinct: boolean,
  ) {
    this.distinct = distinct;
    // two int32 hashes of a value per double
    const hashDoubles = distinct ? Math.ceil(capacity / 2) : 0;
    this.hashAt = 2 * HEADER;
    this.ringAt = HEADER + hashDoubles;
    this.stride = HEADER + hashDoubles + capacity;
    this.inline = !distinct && this.stride <= INLINE_BLOCK;
    this.freeIds = new Int32Array(distinct ? maxKeys : 0);
    const onRemove = distinct ? (slot: number) => this.freeId(slot) : undefined;
    this.table = new KeyStateTable(maxKeys, { stateDoubles: this.inline ? this.stride : distinct ? 1 : 0, onRemove });
    this.slotData = this.table.data;
    this.slotStride = this.table.stride;
    this.slotOffset = this.table.base(0);
    // pages of about 1 MiB (at least one client), each reserved when its first client arrives
    let blockBits = 0;
    this.blockCount = distinct ? maxKeys : this.table.slots;
    while (2 << blockBits <= Math.min(BLOCK_PAGE / (this.stride * 8), this.blockCount)) blockBits++;
    this.blockBits = blockBits;
    this.blockMask = (1 << blockBits) - 1;
    this.maxKeys = maxKeys;
    let bits = 0;
    while (2 << bits <= VALUE_PAGE / capacity) bits++;
    this.pageBits = bits;
  }

  /** The node of client `key`, most recently used; -1 when it is not tracked. */
  nodeOf(key: string): number {
    return this.table.nodeOf(key);
  }

  /** Add client `key` (absent), evicting the least recently used client when full, with an empty window. */
  insert(key: string, protect = false): number {
    const node = this.table.insert(key, protect);
    if (this.distinct) this.slotData[node * this.slotStride + this.slotOffset] = this.freeCount > 0 ? this.freeIds[--this.freeCount] : this.nextId++;
    this.reset(node);
    return node;
  }

  /** Release the id of the client at `slot` (it leaves the table). */
  private freeId(slot: number): void {
    this.freeIds[this.freeCount++] = this.slotData[slot * this.slotStride + this.slotOffset];
  }

  /** Where `node`'s block and values are kept: its id (distinct windows), else its slot. */
  private idOf(node: number): number {
    return this.distinct ? this.slotData[node * this.slotStride + this.slotOffset] : node;
  }

  /** Start `node`'s state afresh: an empty window, no last event, not reported. */
  reset(node: number): void {
    const id = this.idOf(node);
    const p = id >>> this.blockBits;
    if (!this.inline && this.pages[p] === undefined) {
      const n = Math.min(1 << this.blockBits, this.blockCount - (p << this.blockBits));
      const buffer = reserve(n * this.stride * 8, this.maxKeys);
      this.pages[p] = new Float64Array(buffer);
      this.wordPages[p] = new Int32Array(buffer);
    }
    const d = this.page(node);
    const b = this.at(node);
    d[b + LATEST] = -Infinity;
    d[b + LAST] = -Infinity;
    d[b + META] = 0;
    const v = id >>> this.pageBits;
    if (this.distinct && this.values[v] === undefined) this.values[v] = new Array<string>(this.capacity << this.pageBits).fill('');
  }

  /** Time of the last event of `node`, epoch ms. */
  last(node: number): number {
    return this.page(node)[this.at(node) + LAST];
  }

  /** Set the time of the last event of `node` (restoring a state). */
  setLast(node: number, time: number): void {
    this.page(node)[this.at(node) + LAST] = time;
  }

  /** Whether `node`'s episode was reported. */
  reported(node: number): boolean {
    return (this.page(node)[this.at(node) + META] & REPORTED) !== 0;
  }

  /** Mark (or clear) `node`'s episode as reported. */
  setReported(node: number, reported = true): void {
    const d = this.page(node);
    const b = this.at(node) + META;
    d[b] = (d[b] & ~REPORTED) | (reported ? REPORTED : 0);
  }

  /** The doubles holding `node`'s block. */
  private page(node: number): Float64Array {
    return this.inline ? this.slotData : this.pages[this.idOf(node) >>> this.blockBits];
  }

  /** The offset of `node`'s block in {@link page}. */
  private at(node: number): number {
    return this.inline ? node * this.slotStride + this.slotOffset : (this.idOf(node) & this.blockMask) * this.stride;
  }

  /** Move `node` to the protected segment (a repeat offender). */
  promote(node: number): void {
    this.table.promoteAt(node);
  }

  /** Record an event of `node` at `time` (its last event time moves to it, never back); returns the count in the window ending at it. */
  addTime(node: number, time: number): number {
    const d = this.page(node);
    const b = this.at(node);
    if (time > d[b + LAST]) d[b + LAST] = time;
    const t = this.advance(undefined, 0, d, b, time);
    this.push(d, b, t);
    return (d[b + META] >>> SIZE_SHIFT) & FIELD;
  }

  /**
   * Record value `value` of `node` at `time` (its last event time moves to it, never back); returns
   * the number of distinct values in the window ending at it. A value already in the window adds
   * nothing (its time stays).
   */
  addValue(node: number, value: string, time: number): number {
    const id = this.slotData[node * this.slotStride + this.slotOffset];
    const d = this.pages[id >>> this.blockBits];
    const b = (id & this.blockMask) * this.stride;
    const row = this.values[id >>> this.pageBits];
    const r0 = (id & ((1 << this.pageBits) - 1)) * this.capacity;
    // read before the block, so the row's cache miss (it is written below when the value is new) overlaps the block's
    this.rowHead = row[r0];
    if (time > d[b + LAST]) d[b + LAST] = time;
    const t = this.advance(row, r0, d, b, time);
    const v = value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) : value;
    const h = this.hashValue(v);
    const m = d[b + META];
    const cap = this.capacity;
    const size = (m >>> SIZE_SHIFT) & FIELD;
    const w = this.wordPages[id >>> this.blockBits];
    const hb = 2 * b + this.hashAt;
    for (let k = 0, i = m & FIELD; k < size; k++) {
      // the string is read only on a hash match (exact)
      if (w[hb + i] === h && row[r0 + i] === v) return size;
      if (++i === cap) i = 0;
    }
    const at = this.push(d, b, t);
    w[hb + at] = h;
    row[r0 + at] = v;
    return (d[b + META] >>> SIZE_SHIFT) & FIELD;
  }

  /** The event times in `node`'s window, oldest first. */
  times(node: number): number[] {
    const out: number[] = [];
    this.each(node, (i, d, r) => out.push(d[r + i]));
    return out;
  }

  /** The distinct values in `node`'s window, oldest first. */
  snapshot(node: number): string[] {
    const out: string[] = [];
    this.each(node, (i) => out.push(this.valueAt(node, i)));
    return out;
  }

  /** The (time, value) pairs in `node`'s window, oldest first (for detector state). */
  entries(node: number): [number, string][] {
    const out: [number, string][] = [];
    this.each(node, (i, d, r) => out.push([d[r + i], this.valueAt(node, i)]));
    return out;
  }

  /** Drop, from the least recently used end, the clients with no event for a whole window at `now`. */
  evictIdle(now: number): number {
    this.now = now;
    return this.table.evictIdleNodes(this.isIdleNode);
  }

  /** Visit the ring indices of `node`'s window, oldest first, with its page and the offset of its ring there. */
  private each(node: number, visit: (index: number, page: Float64Array, ring: number) => void): void {
    const d = this.page(node);
    const b = this.at(node);
    const m = d[b + META];
    const size = (m >>> SIZE_SHIFT) & FIELD;
    for (let k = 0, i = m & FIELD; k < size; k++) {
      visit(i, d, b + this.ringAt);
      if (++i === this.capacity) i = 0;
    }
  }

  /** The time an event at `time` counts at (never before the newest), with the window moved to end there. */
  private advance(row: string[] | undefined, r0: number, d: Float64Array, b: number, time: number): number {
    const latest = d[b + LATEST];
    const t = time > latest ? time : latest;
    d[b + LATEST] = t;
    const limit = t - this.windowMs;
    const m = d[b + META];
    let head = m & FIELD;
    let size = (m >>> SIZE_SHIFT) & FIELD;
    const r = b + this.ringAt;
    const cap = this.capacity;
    while (size > 0 && d[r + head] <= limit) {
      // a value leaving the window by age is released (else a client's every value stays referenced until its entry is reused)
      if (row !== undefined) row[r0 + head] = '';
      if (++head === cap) head = 0;
      size--;
    }
    d[b + META] = (m & REPORTED) | head | (size << SIZE_SHIFT);
    return t;
  }

  /** Append time `t` (from `advance`), dropping the oldest when full; returns its ring index. */
  private push(d: Float64Array, b: number, t: number): number {
    const m = d[b + META];
    const cap = this.capacity;
    let head = m & FIELD;
    let size = (m >>> SIZE_SHIFT) & FIELD;
    if (size === cap) {
      if (++head === cap) head = 0;
      size--;
    }
    let tail = head + size;
    if (tail >= cap) tail -= cap;
    d[b + this.ringAt + tail] = t;
    d[b + META] = (m & REPORTED) | head | ((size + 1) << SIZE_SHIFT);
    return tail;
  }

  /** A 32-bit FNV-1a hash of the UTF-16 code units of `value` from this table's random basis (equal values, equal hashes; compared whole on a match). */
  private hashValue(value: string): number {
    let h = 0x811c9dc5 ^ this.seed;
    for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
    return h | 0;
  }

  private valueAt(node: number, index: number): string {
    const id = this.idOf(node);
    return this.values[id >>> this.pageBits][(id & ((1 << this.pageBits) - 1)) * this.capacity + index];
  }
}
