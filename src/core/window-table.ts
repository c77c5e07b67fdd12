import { ConfigError } from './config-error.js';
import { MAX_TIME } from './sliding-window.js';
import { reserve } from './reserve.js';

// Fields of a key's block in `data` (doubles).
const LATEST = 0;
const FAR = 1;
const HEAD = 2;
const SIZE = 3;
/** First of the `USER_FIELDS` numbers a caller keeps per key beside its window. */
export const WINDOW_USER = 4;
/** Numbers per key free for the caller (`data[base(node) + WINDOW_USER + k]`), reset to 0 with the key. */
export const WINDOW_USER_FIELDS = 4;
const HEADER = WINDOW_USER + WINDOW_USER_FIELDS;
/** Largest capacity whose ring is kept inside the key's block (a block of 128 bytes up to capacity 8, 192 up to 16). */
const INLINE_RING = 16;
/** First size of a ring kept outside the block; it doubles as events arrive, up to the capacity. */
const INITIAL_RING = 4;
/** Outside rings are referenced from pages of this many nodes (log2), allocated as nodes are reached. */
const RING_PAGE_BITS = 10;
const RING_PAGE_MASK = (1 << RING_PAGE_BITS) - 1;

/**
 * The exact sliding windows of many keys, one per node of a `KeyTable` (`node` is the table's
 * index of the key), kept in typed arrays rather than one object per key: with a million live
 * keys, the per-record update touches one or two cache lines instead of an object, its array and
 * the array's store. Each window counts, as {@link SlidingWindow} does and with its rules for late,
 * far and non-finite record times, how many events fell in the last `windowMs`, up to `capacity`.
 *
 * - `capacity` <= 16: the ring of timestamps sits in the key's block (128 bytes per key up to
 *   capacity 8, 192 up to 16).
 * - Larger capacities: the block holds the window's scalars and the ring is a `Float64Array` of its
 *   own that starts at 4 stamps and doubles when full, up to `capacity`: memory in proportion to
 *   the events a key actually holds, not to the threshold.
 *
 * The blocks of all `keys` are reserved up front, never copied: address space, whose memory is
 * committed page by page as nodes are first used (a `KeyTable` hands out nodes from 0 up). Each block has
 * `WINDOW_USER_FIELDS` numbers for the caller (a detector's latch, last firing), reset with it.
 */
export class WindowTable {
  /** The blocks: `stride` doubles per node, from `base(node)` (in the host's slots when given one). */
  readonly data: Float64Array;
  readonly stride: number;
  private readonly inline: boolean;
  /**
   * Outside rings by node (only when `capacity` > 16): node `n`'s at `n & RING_PAGE_MASK` of page
   * `n >>> RING_PAGE_BITS`. Read by index, not through a `Map`: a new key's reset and its first add
   * read one reference of a small page instead of probing a hash table of every key's ring.
   */
  private readonly ringPages: ((Float64Array | undefined)[] | undefined)[] = [];
  /** Doubles from one node's block to the next, and the first block's offset. */
  private readonly step: number;
  private readonly offset: number;
  /** Records counted at the newest time of their key because they were far from it. */
  skewed = 0;

  /**
   * @param windowMs window length, ms
   * @param capacity most timestamps kept per key (the threshold), >= 1
   * @param keys most keys (the table's capacity)
   * @param maxSkewMs largest jump of record time accepted without confirmation (default: unbounded)
   * @param host the slots of a table that keeps each node's block in its own memory (a
   *   `KeyStateTable` with at least `WindowTable.blockSize(capacity)` state doubles), instead of
   *   blocks of `keys` nodes reserved here
   */
  constructor(
    readonly windowMs: number,
    readonly capacity: number,
    readonly keys: number,
    readonly maxSkewMs = Infinity,
    host?: { data: Float64Array; stride: number; offset: number },
  ) {
    this.inline = capacity <= INLINE_RING;
    this.stride = WindowTable.blockSize(capacity);
    this.data = host === undefined ? new Float64Array(reserve(keys * this.stride * 8, keys)) : host.data;
    this.step = host === undefined ? this.stride : host.stride;
    this.offset = host === undefined ? 0 : host.offset;
  }

  /** Doubles of one key's block for `capacity` (whole 64-byte lines when the ring is inline). */
  static blockSize(capacity: number): number {
    return capacity <= INLINE_RING ? HEADER + Math.ceil(capacity / 8) * 8 : HEADER;
  }

  /** Offset of `node`'s block in `data`. */
  base(node: number): number {
    return node * this.step + this.offset;
  }

  /** Start `node` afresh (a new key): an empty window, user fields 0. */
  reset(node: number): void {
    let b = this.base(node);
    const d = this.data;
    d[b + LATEST] = -Infinity;
    d[b + FAR] = NaN;
    d[b + HEAD] = 0;
    d[b + SIZE] = 0;
    const end = b + HEADER;
    for (b += WINDOW_USER; b < end; b++) d[b] = 0;
    if (!this.inline) {
      const ring = this.ringOf(node);
      if (ring === undefined || ring.length > INITIAL_RING) this.setRing(node, new Float64Array(Math.min(this.capacity, INITIAL_RING)));
    }
  }

  /** Newest time seen by `node`'s window, epoch ms (-Infinity before the first event). */
  latest(node: number): number {
    return this.data[this.base(node) + LATEST];
  }

  /** True when no event of `node` is newer than `time - windowMs` (the key can be dropped). */
  isIdle(node: number, time: number): boolean {
    return this.data[this.base(node) + LATEST] <= time - this.windowMs;
  }

  /** Timestamps `node`'s ring has room for now. */
  allocated(node: number): number {
    return this.inline ? this.capacity : (this.ringOf(node) as Float64Array).length;
  }

  /** Record an event of `node` at `time`; returns the count in its window ending at it (<= capacity). */
  add(node: number, time: number): number {
    const d = this.data;
    const b = this.base(node);
    const t = this.place(d, b, time);
    let ring: Float64Array;
    let at: number;
    let len: number;
    if (this.inline) {
      ring = d;
      at = b + HEADER;
      len = this.capacity;
    } else {
      ring = this.ringOf(node) as Float64Array;
      at = 0;
      len = ring.length;
    }
    let head = d[b + HEAD];
    let size = d[b + SIZE];
    const limit = t - this.windowMs;
    while (size > 0 && ring[at + head] <= limit) {
      if (++head === len) head = 0;
      size--;
    }
    if (size === len) {
      if (len < this.capacity) {
        ring = this.growRing(node, head, size);
        len = ring.length;
        head = 0;
      } else {
        if (++head === len) head = 0;
        size--;
      }
    }
    let tail = head + size;
    if (tail >= len) tail -= len;
    ring[at + tail] = t;
    d[b + HEAD] = head;
    d[b + SIZE] = size + 1;
    return size + 1;
  }

  /** The timestamps in `node`'s window, oldest first (for state). */
  times(node: number): number[] {
    const d = this.data;
    const b = this.base(node);
    const ring = this.inline ? d : (this.ringOf(node) as Float64Array);
    const at = this.inline ? b + HEADER : 0;
    const len = this.inline ? this.capacity : ring.length;
    const out: number[] = [];
    for (let i = 0, j = d[b + HEAD]; i < d[b + SIZE]; i++) {
      out.push(ring[at + j]);
      if (++j === len) j = 0;
    }
    return out;
  }

  /**
   * Check a saved window: `times` ascending finite epoch ms (at most `capacity`) and `latest` (epoch
   * ms not before the last time, or null when empty). Throws a {@link ConfigError} at `path`.
   */
  check(times: unknown, latest: unknown, path: string): { times: number[]; latest: number } {
    if (!Array.isArray(times) || times.length > this.capacity) throw new ConfigError(`${path}.times`, `an array of at most ${this.capacity} times`, times);
    let prev = -Infinity;
    times.forEach((t, i) => {
      if (typeof t !== 'number' || !Number.isFinite(t) || Math.abs(t) > MAX_TIME || t < prev) throw new ConfigError(`${path}.times[${i}]`, 'epoch ms in ascending order', t);
      prev = t;
    });
    if (latest !== null && (typeof latest !== 'number' || !Number.isFinite(latest) || Math.abs(latest) > MAX_TIME || latest < prev)) {
      throw new ConfigError(`${path}.latest`, 'epoch ms (null when empty), not before the last time', latest);
    }
    return { times: times as number[], latest: latest === null ? -Infinity : latest };
  }

  /** Fill `node` (after {@link reset}) with a window from {@link check}. */
  load(node: number, w: { times: number[]; latest: number }): void {
    const b = this.base(node);
    if (!this.inline) {
      let n = INITIAL_RING;
      while (n < w.times.length) n *= 2;
      this.setRing(node, new Float64Array(Math.min(this.capacity, n)));
    }
    const ring = this.inline ? this.data : (this.ringOf(node) as Float64Array);
    const at = this.inline ? b + HEADER : 0;
    w.times.forEach((t, i) => (ring[at + i] = t));
    this.data[b + HEAD] = 0;
    this.data[b + SIZE] = w.times.length;
    this.data[b + LATEST] = w.latest;
  }

  /** The time an event at `time` is counted at (the rules of `SlidingWindow`), moving the clock when it should. */
  private place(d: Float64Array, b: number, time: number): number {
    const latest = d[b + LATEST];
    if (!Number.isFinite(time)) return latest;
    if (time > MAX_TIME || time < -MAX_TIME) {
      this.skewed++; // a broken clock (beyond year ~5138): never followed, so a saved state restores
      return latest;
    }
    if (latest === -Infinity) {
      d[b + LATEST] = time;
      return time;
    }
    const dt = time - latest;
    if (dt <= this.maxSkewMs && dt >= -this.maxSkewMs) {
      d[b + FAR] = NaN;
      if (dt <= 0) return latest;
      d[b + LATEST] = time;
      return time;
    }
    const far = d[b + FAR];
    if (far === far && Math.abs(time - far) <= this.maxSkewMs) {
      d[b + FAR] = NaN;
      if (dt < 0) {
        d[b + SIZE] = 0;
        d[b + HEAD] = 0;
      }
      d[b + LATEST] = time;
      return time;
    }
    d[b + FAR] = time;
    this.skewed++;
    return latest;
  }

  private growRing(node: number, head: number, size: number): Float64Array {
    const old = this.ringOf(node) as Float64Array;
    const next = new Float64Array(Math.min(this.capacity, old.length * 2));
    for (let i = 0, j = head; i < size; i++) {
      next[i] = old[j];
      if (++j === old.length) j = 0;
    }
    this.setRing(node, next);
    return next;
  }

  private ringOf(node: number): Float64Array | undefined {
    const page = this.ringPages[node >>> RING_PAGE_BITS];
    return page === undefined ? undefined : page[node & RING_PAGE_MASK];
  }

  private setRing(node: number, ring: Float64Array): void {
    const p = node >>> RING_PAGE_BITS;
    // the page list grows to the node's page (a few hundred references at most for a million keys)
    while (this.ringPages.length <= p) this.ringPages.push(undefined);
    let page = this.ringPages[p];
    if (page === undefined) page = this.ringPages[p] = new Array<Float64Array | undefined>(1 << RING_PAGE_BITS).fill(undefined);
    page[node & RING_PAGE_MASK] = ring;
  }
}
