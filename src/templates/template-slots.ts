/**
 * Entries of one slot in {@link TemplateSlots}: what a match shows (id, text, token hashes, literal
 * hashes), then count, place (see {@link POS}), flags, the leaf and check the exact look-up compares,
 * and the template itself.
 */
const STRIDE = 10;
const ID = 0;
const TEXT = 1;
const HASHES = 2;
const RAWS = 3;
const COUNT = 4;
/**
 * A held slot: the ring position of its live recency entry ({@link UNLISTED} when it has none); a
 * free slot: `-(its place in the free stack + 2)`.
 */
const POS = 5;
const FLAGS = 6;
const LEAF = 7;
const CHECK = 8;
const OWNER = 9;
/** A held slot not in recency order. */
const UNLISTED = -1;
/** A ring entry that no longer counts (its slot was used again since, or unlinked). */
const STALE = -1;
/** No slot (end of the recency list). */
export const NO_SLOT = -1;
/** Slots are kept in pages of this many (log2): a page is allocated whole as slots are needed, nothing is ever copied to grow. */
const PAGE_BITS = 8;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;
/** Queue entries read by the compaction per entry appended while it runs. */
const COMPACT_STEP = 3;
/** Entries of the ring made up front at most (4 MiB: 131,072 templates); beyond, it doubles when full (copied once, in order). */
const MAX_RING = 1 << 20;
/** Templates held at most when the caller does not say. */
const DEFAULT_MOST = 4096;

/**
 * The state of each template that a message joining it reads and writes (what the match result shows
 * of it, its count, its place in recency order, a flag), kept by slot side by side in dense arrays
 * (80 bytes a slot, with the template object), in pages of 256 slots. A message equal to a known
 * template then touches its slot and the end of the recency queue instead of the template's objects,
 * so its cost stays about the same with 100 or 50,000 templates held (the objects of many templates
 * do not fit in the processor's caches). Slots are reused after {@link release}; a template may be
 * moved to another free slot ({@link move}: the exact look-up puts it where its key points, see
 * ExactIndex). Free slots are a stack in which each knows its place, so a slot taken by a move leaves
 * it in O(1).
 *
 * Recency order (least recently used first, {@link head}) is a ring of slot numbers: a slot used has
 * its number appended and its previous entry marked stale (skipped when met), so reading the ring
 * never reads a slot. A message joining a template thus writes its own slot and the ring's end, never
 * the slots of its neighbours in recency order, which a doubly linked list would (two more cache
 * misses a message with many templates held). Once eight entries per slot listed are in use (half
 * the ring at most: the part in use stays in the processor's caches with few templates) it is compacted while in
 * use: each entry appended reads three more from the oldest end (the ring only), moving the live ones down in order,
 * so no single operation copies the ring (the ring holds at least eight entries per template held at
 * most, `most`, up to 131,072; 256 KiB for 5,001). The order is exactly that of a list; O(1) amortised per operation,
 * and O(1) in the worst case for everything but skipping stale entries at the head.
 * (Counts are small integers held unboxed; one past 2^31 is boxed: slower for that template, still exact.)
 *
 * Growth work is counted in {@link copies} (slots set up, moved, queue entries read by the compaction).
 */
export class TemplateSlots<T> {
  /** Per page of {@link PAGE} slots, {@link STRIDE} entries a slot. */
  private readonly pages: unknown[][] = [];
  /** The free stack, in pages of {@link PAGE} entries (as many entries as slots). */
  private readonly stack: Int32Array[] = [];
  private freeCount = 0;
  /** The recency ring (allocated on first use) and its mask. */
  private ring = new Int32Array(0);
  private ringMask = 0;
  /** Counters (a position is a counter & ringMask) of the oldest entry and past the newest. */
  private first = 0;
  private end = 0;
  /** While compacting: entries in [first, writeAt) are moved down, [writeAt, readAt) dropped, [readAt, end) still to read. */
  private compacting = false;
  private readAt = 0;
  private writeAt = 0;
  /** Slots in recency order. */
  private listed = 0;
  /** Position of the newest entry (-2 when the ring is empty: no slot's position). */
  private newest = -2;
  private readonly ringSize: number;
  /** Slots set up (by pages), slots moved, queue entries read while compacting, in all (a diagnostic: per operation it stays under a constant). */
  copies = 0;
  /** Stale queue entries skipped at the head, in all (a diagnostic). */
  skipped = 0;

  /**
   * @param moved told the new slot of a template {@link move} moved
   * @param most templates held at most at any time (sizes the recency ring; default 4,096)
   */
  constructor(
    private readonly moved: (template: T, slot: number) => void = () => {},
    most = DEFAULT_MOST,
  ) {
    let size = 64;
    while (size < 8 * most && size < MAX_RING) size *= 2;
    this.ringSize = size;
  }

  /** Number of slots (free or not): every slot below it can be read. */
  get capacity(): number {
    return this.pages.length << PAGE_BITS;
  }

  /** The template in slot `s` (undefined: a free slot). */
  owner(s: number): T | undefined {
    return this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + OWNER] as T | undefined;
  }

  /** A free slot for `template` (count 0, not in the recency list). */
  alloc(template: T): number {
    if (this.freeCount === 0) this.addPage();
    const q = --this.freeCount;
    const s = this.stack[q >>> PAGE_BITS][q & PAGE_MASK];
    const page = this.pages[s >>> PAGE_BITS];
    const i = STRIDE * (s & PAGE_MASK);
    page[i + OWNER] = template;
    page[i + POS] = UNLISTED;
    return s;
  }

  /** At least `n` slots (the new ones free): all at once (see {@link reserveStep}). */
  reserve(n: number): void {
    while (this.capacity < n) this.addPage();
  }

  /** Towards `n` slots: at most one more page (256 slots) per call. */
  reserveStep(n: number): void {
    if (this.capacity < n) this.addPage();
  }

  /** True when slot `s` (below {@link capacity}) holds no template. */
  isFree(s: number): boolean {
    return this.owner(s) === undefined;
  }

  /** Move the template in slot `from` to the free slot `to`, with its state and place in recency order (`from` is freed). */
  move(from: number, to: number): void {
    const a = this.pages[from >>> PAGE_BITS];
    const b = this.pages[to >>> PAGE_BITS];
    const i = STRIDE * (from & PAGE_MASK);
    const j = STRIDE * (to & PAGE_MASK);
    // `from` takes the place of `to` in the free stack
    const q = -(b[j + POS] as number) - 2;
    for (let k = 0; k < STRIDE; k++) b[j + k] = a[i + k];
    const p = a[i + POS] as number;
    if (p >= 0) this.ring[p] = to;
    this.reset(a, i);
    a[i + POS] = -(q + 2);
    this.stack[q >>> PAGE_BITS][q & PAGE_MASK] = from;
    this.copies++;
    this.moved(b[j + OWNER] as T, to);
  }

  /** Give `s` back (after {@link unlink}). */
  release(s: number): void {
    const page = this.pages[s >>> PAGE_BITS];
    const i = STRIDE * (s & PAGE_MASK);
    this.reset(page, i);
    this.pushFree(s, page, i);
  }

  /** Forget every slot. */
  clear(): void {
    this.pages.length = 0;
    this.stack.length = 0;
    this.freeCount = 0;
    this.ring = new Int32Array(0);
    this.ringMask = 0;
    this.first = this.end = this.readAt = this.writeAt = this.listed = 0;
    this.newest = -2;
    this.compacting = false;
  }

  /** One more page of free slots (the lowest numbered popped first). */
  private addPage(): void {
    const base = this.pages.length << PAGE_BITS;
    const page: unknown[] = [];
    for (let k = 0; k < PAGE; k++) page.push('', '', undefined, undefined, 0, 0, 0, 0, 0, undefined);
    this.pages.push(page);
    this.stack.push(new Int32Array(PAGE));
    for (let k = PAGE - 1; k >= 0; k--) this.pushFree(base + k, page, STRIDE * k);
    this.copies += PAGE;
  }

  private pushFree(s: number, page: unknown[], i: number): void {
    const q = this.freeCount++;
    this.stack[q >>> PAGE_BITS][q & PAGE_MASK] = s;
    page[i + POS] = -(q + 2);
  }

  private reset(r: unknown[], i: number): void {
    r[i + ID] = '';
    r[i + TEXT] = '';
    r[i + HASHES] = undefined;
    r[i + RAWS] = undefined;
    r[i + COUNT] = 0;
    r[i + POS] = UNLISTED;
    r[i + FLAGS] = 0;
    r[i + LEAF] = 0;
    r[i + CHECK] = 0;
    r[i + OWNER] = undefined;
  }

  /** Record what a match of slot `s` shows (after the template changed). */
  publish(s: number, id: string, template: string, hashes: Float64Array, raws: Float64Array): void {
    const r = this.pages[s >>> PAGE_BITS];
    const i = STRIDE * (s & PAGE_MASK);
    r[i + ID] = id;
    r[i + TEXT] = template;
    r[i + HASHES] = hashes;
    r[i + RAWS] = raws;
  }

  id(s: number): string {
    return this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + ID] as string;
  }

  template(s: number): string {
    return this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + TEXT] as string;
  }

  hashes(s: number): Float64Array {
    return this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + HASHES] as Float64Array;
  }

  raws(s: number): Float64Array {
    return this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + RAWS] as Float64Array;
  }

  count(s: number): number {
    return this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + COUNT] as number;
  }

  setCount(s: number, n: number): void {
    this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + COUNT] = n;
  }

  /** A message joined the template in `s`: count plus one (returned), and it becomes the most recently used. */
  hit(s: number): number {
    const r = this.pages[s >>> PAGE_BITS];
    const i = STRIDE * (s & PAGE_MASK);
    const n = (r[i + COUNT] as number) + 1;
    r[i + COUNT] = n;
    if (r[i + POS] !== this.newest) this.use(s, r, i);
    return n;
  }

  /** Slot `s` (state at `r[i..]`, in the ring) becomes the most recently used. */
  private use(s: number, r: unknown[], i: number): void {
    this.ring[r[i + POS] as number] = STALE;
    this.push(s, r, i);
  }

  flags(s: number): number {
    return this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + FLAGS] as number;
  }

  setFlags(s: number, f: number): void {
    this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + FLAGS] = f;
  }

  /** Id of the parse-tree leaf holding the template. */
  leaf(s: number): number {
    return this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + LEAF] as number;
  }

  setLeaf(s: number, leaf: number): void {
    this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + LEAF] = leaf;
  }

  /** The second hash of the template's tokens (see ExactIndex). */
  check(s: number): number {
    return this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + CHECK] as number;
  }

  setCheck(s: number, check: number): void {
    this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + CHECK] = check;
  }

  /** The least recently used slot ({@link NO_SLOT} when none). */
  get head(): number {
    const ring = this.ring;
    const mask = this.ringMask;
    let f = this.first;
    while (f < this.end && ring[f & mask] === STALE) f++;
    this.skipped += f - this.first;
    this.first = f;
    // the compacted part emptied: what the head skipped needs no reading
    if (this.compacting && f > this.writeAt) {
      this.writeAt = f;
      if (f > this.readAt) this.readAt = f;
    }
    return f < this.end ? ring[f & mask] : NO_SLOT;
  }

  /** The slot after `s` in recency order (more recently used), or {@link NO_SLOT}. */
  next(s: number): number {
    const ring = this.ring;
    const mask = this.ringMask;
    const p = this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + POS] as number;
    for (let q = this.first + ((p - this.first) & mask) + 1; q < this.end; q++) if (ring[q & mask] !== STALE) return ring[q & mask];
    return NO_SLOT;
  }

  /** Make `s` the most recently used (it is not in the list). */
  append(s: number): void {
    this.listed++;
    this.push(s, this.pages[s >>> PAGE_BITS], STRIDE * (s & PAGE_MASK));
  }

  /** Take `s` out of the recency list. */
  unlink(s: number): void {
    this.listed--;
    const r = this.pages[s >>> PAGE_BITS];
    const i = STRIDE * (s & PAGE_MASK);
    this.ring[r[i + POS] as number] = STALE;
    r[i + POS] = UNLISTED;
  }

  /** Append `s` (state at `r[i..]`) to the ring: its live entry from now on. */
  private push(s: number, r: unknown[], i: number): void {
    if (this.end - this.first >= this.ring.length) this.overflow();
    const p = this.end & this.ringMask;
    this.ring[p] = s;
    r[i + POS] = p;
    this.newest = p;
    this.end++;
    if (this.compacting) this.compact(COMPACT_STEP);
    else if (this.end - this.first >= Math.min(this.ring.length >> 1, Math.max(64, 8 * this.listed))) {
      this.compacting = true;
      this.readAt = this.writeAt = this.first;
    }
  }

  /** Read up to `budget` entries of the compaction, moving live ones down; at the end, the ring ends after the last one moved. */
  private compact(budget: number): void {
    const ring = this.ring;
    const mask = this.ringMask;
    for (let k = 0; k < budget; k++) {
      if (this.readAt === this.end) {
        this.end = this.writeAt;
        this.compacting = false;
        // counters back below twice the ring (positions unchanged)
        const base = this.first - (this.first & mask);
        this.first -= base;
        this.end -= base;
        return;
      }
      const p = this.readAt & mask;
      const s = ring[p];
      this.copies++;
      if (s !== STALE) {
        const w = this.writeAt & mask;
        if (w !== p) {
          ring[w] = s;
          ring[p] = STALE;
          if (p === this.newest) this.newest = w;
          this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + POS] = w;
        }
        this.writeAt++;
      }
      this.readAt++;
    }
  }

  /**
   * The ring is full (first use, or more slots listed than `most` allows): a compaction under way is
   * finished, and the ring doubled when a quarter or more of it is live (then copied once, in order).
   */
  private overflow(): void {
    if (this.ring.length === 0) {
      this.ring = new Int32Array(this.ringSize);
      this.ringMask = this.ringSize - 1;
      return;
    }
    if (this.compacting) this.compact(Number.POSITIVE_INFINITY);
    if (4 * this.listed < this.ring.length && this.end - this.first < this.ring.length) return;
    const old = this.ring;
    const oldMask = this.ringMask;
    const ring = new Int32Array(2 * old.length);
    let n = 0;
    for (let q = this.first; q < this.end; q++) {
      const s = old[q & oldMask];
      this.copies++;
      if (s === STALE) continue;
      ring[n] = s;
      this.pages[s >>> PAGE_BITS][STRIDE * (s & PAGE_MASK) + POS] = n;
      n++;
    }
    this.ring = ring;
    this.ringMask = ring.length - 1;
    this.first = 0;
    this.end = n;
    this.newest = n > 0 ? n - 1 : -2;
  }
}
