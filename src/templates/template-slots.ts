/**
 * Entries of one slot in {@link TemplateSlots}: what a match shows (id, text, token hashes, literal
 * hashes), then count, recency stamp and the place of its entry in the recency queue, flags, and
 * the leaf and check the exact look-up compares.
 */
const STRIDE = 10;
const ID = 0;
const TEXT = 1;
const HASHES = 2;
const RAWS = 3;
const COUNT = 4;
const STAMP = 5;
const PLACE = 6;
const FLAGS = 7;
const LEAF = 8;
const CHECK = 9;
/** No slot (end of the recency list). */
export const NO_SLOT = -1;
/** Entries of a new recency queue. */
const FIRST_QUEUE = 64;

/**
 * The state of each template that a message joining it reads and writes (what the match result shows
 * of it, its count, its place in recency order, a flag), kept by slot side by side in one dense array
 * (80 bytes a slot), with the template object in a second array. A message equal to a known template
 * then touches its slot and the end of the recency queue instead of the template's objects, so its
 * cost stays about the same with 100 or 50,000 templates held (the objects of many templates do not
 * fit in the processor's caches). Slots are reused after {@link release}; a template may be moved to
 * another free slot ({@link move}: the exact look-up puts it where its key points, see ExactIndex).
 *
 * Recency order (least recently used first, {@link head}) is a queue of (slot, stamp) entries: a
 * slot used is stamped with the next number and its entry appended, and only the entry holding a
 * slot's current stamp counts (the others are skipped when met, and dropped when the queue is full:
 * the live entries are moved to its front in order and stamped again from 1, or the queue doubles
 * when a quarter of it or more is live, so that compactions are rare). A message joining a template
 * thus writes its own slot and the queue's end, never the slots of its neighbours in recency order,
 * which a doubly linked list would (two more cache misses a message with many templates held). The order is exactly that of
 * a list; O(1) amortised per operation; the queue holds at most about eight entries per live slot.
 * (Counts are small integers held unboxed; one past 2^31 is boxed: slower for that template, still exact.)
 */
export class TemplateSlots<T> {
  /** Per slot, {@link STRIDE} entries. */
  private readonly state: unknown[] = [];
  /** Per slot: the template (undefined: a free slot). */
  readonly templates: (T | undefined)[] = [];
  /** Free slots, and slots that were free when pushed (a slot taken by {@link move} stays until popped). */
  private readonly free: number[] = [];
  /** The recency queue: slot and stamp of each entry, live ones from {@link first} to {@link end}. */
  private queueSlots = new Int32Array(FIRST_QUEUE);
  private queueStamps = new Int32Array(FIRST_QUEUE);
  private first = 0;
  private end = 0;
  /** The last stamp given (a slot with this stamp is the most recently used). */
  private clock = 0;
  /** Slots in recency order. */
  private listed = 0;

  /** @param moved told the new slot of a template {@link move} moved */
  constructor(private readonly moved: (template: T, slot: number) => void = () => {}) {}

  /** Number of slots (free or not): every slot below it can be read. */
  get capacity(): number {
    return this.templates.length;
  }

  /** A free slot for `template` (count 0, not in the recency list). */
  alloc(template: T): number {
    while (this.free.length > 0) {
      const s = this.free.pop() as number;
      if (this.templates[s] !== undefined) continue; // taken by move()
      this.templates[s] = template;
      this.reset(s);
      return s;
    }
    const s = this.templates.length;
    this.templates.push(template);
    this.grow();
    return s;
  }

  /** At least `n` slots (the new ones free). */
  reserve(n: number): void {
    while (this.templates.length < n) {
      this.free.push(this.templates.length);
      this.templates.push(undefined);
      this.grow();
    }
  }

  /** True when slot `s` (below {@link capacity}) holds no template. */
  isFree(s: number): boolean {
    return this.templates[s] === undefined;
  }

  /** Move the template in slot `from` to the free slot `to`, with its state and place in recency order (`from` is freed). */
  move(from: number, to: number): void {
    const r = this.state;
    const a = STRIDE * from;
    const b = STRIDE * to;
    for (let k = 0; k < STRIDE; k++) r[b + k] = r[a + k];
    const template = this.templates[from] as T;
    this.templates[to] = template;
    // its entry in the recency queue (when it has one) names the new slot
    const q = r[a + PLACE] as number;
    if (r[a + STAMP] !== 0 && this.queueSlots[q] === from && this.queueStamps[q] === r[a + STAMP]) this.queueSlots[q] = to;
    this.templates[from] = undefined;
    this.reset(from);
    this.free.push(from);
    if (this.free.length > 2 * this.templates.length) this.refill();
    this.moved(template, to);
  }

  /** Give `s` back (after {@link unlink}). */
  release(s: number): void {
    this.templates[s] = undefined;
    this.reset(s);
    this.free.push(s);
    if (this.free.length > 2 * this.templates.length) this.refill();
  }

  /** Forget every slot. */
  clear(): void {
    this.templates.length = 0;
    this.state.length = 0;
    this.free.length = 0;
    this.queueSlots = new Int32Array(FIRST_QUEUE);
    this.queueStamps = new Int32Array(FIRST_QUEUE);
    this.first = this.end = this.clock = this.listed = 0;
  }

  /** One more slot's state (appended in order: the array stays dense). */
  private grow(): void {
    this.state.push('', '', undefined, undefined, 0, 0, 0, 0, 0, 0);
  }

  /** The free list again from the slots (it also holds slots taken by move() since: bounded here). */
  private refill(): void {
    this.free.length = 0;
    for (let s = this.templates.length - 1; s >= 0; s--) if (this.templates[s] === undefined) this.free.push(s);
  }

  private reset(s: number): void {
    const r = this.state;
    const i = STRIDE * s;
    r[i + ID] = '';
    r[i + TEXT] = '';
    r[i + HASHES] = undefined;
    r[i + RAWS] = undefined;
    r[i + COUNT] = 0;
    r[i + STAMP] = 0;
    r[i + PLACE] = 0;
    r[i + FLAGS] = 0;
    r[i + LEAF] = 0;
    r[i + CHECK] = 0;
  }

  /** Record what a match of slot `s` shows (after the template changed). */
  publish(s: number, id: string, template: string, hashes: Float64Array, raws: Float64Array): void {
    const r = this.state;
    const i = STRIDE * s;
    r[i + ID] = id;
    r[i + TEXT] = template;
    r[i + HASHES] = hashes;
    r[i + RAWS] = raws;
  }

  id(s: number): string {
    return this.state[STRIDE * s + ID] as string;
  }

  template(s: number): string {
    return this.state[STRIDE * s + TEXT] as string;
  }

  hashes(s: number): Float64Array {
    return this.state[STRIDE * s + HASHES] as Float64Array;
  }

  raws(s: number): Float64Array {
    return this.state[STRIDE * s + RAWS] as Float64Array;
  }

  count(s: number): number {
    return this.state[STRIDE * s + COUNT] as number;
  }

  setCount(s: number, n: number): void {
    this.state[STRIDE * s + COUNT] = n;
  }

  /** A message joined the template in `s`: count plus one (returned), and it becomes the most recently used. */
  hit(s: number): number {
    const r = this.state;
    const i = STRIDE * s;
    const n = (r[i + COUNT] as number) + 1;
    r[i + COUNT] = n;
    if (r[i + STAMP] !== this.clock) this.stamp(s);
    return n;
  }

  flags(s: number): number {
    return this.state[STRIDE * s + FLAGS] as number;
  }

  setFlags(s: number, f: number): void {
    this.state[STRIDE * s + FLAGS] = f;
  }

  /** Id of the parse-tree leaf holding the template. */
  leaf(s: number): number {
    return this.state[STRIDE * s + LEAF] as number;
  }

  setLeaf(s: number, leaf: number): void {
    this.state[STRIDE * s + LEAF] = leaf;
  }

  /** The second hash of the template's tokens (see ExactIndex). */
  check(s: number): number {
    return this.state[STRIDE * s + CHECK] as number;
  }

  setCheck(s: number, check: number): void {
    this.state[STRIDE * s + CHECK] = check;
  }

  /** The least recently used slot ({@link NO_SLOT} when none). */
  get head(): number {
    const r = this.state;
    const slots = this.queueSlots;
    const stamps = this.queueStamps;
    while (this.first < this.end && r[STRIDE * slots[this.first] + STAMP] !== stamps[this.first]) this.first++;
    return this.first < this.end ? slots[this.first] : NO_SLOT;
  }

  /** The slot after `s` in recency order (more recently used), or {@link NO_SLOT}. */
  next(s: number): number {
    const r = this.state;
    const slots = this.queueSlots;
    const stamps = this.queueStamps;
    for (let q = (r[STRIDE * s + PLACE] as number) + 1; q < this.end; q++) if (r[STRIDE * slots[q] + STAMP] === stamps[q]) return slots[q];
    return NO_SLOT;
  }

  /** Make `s` the most recently used (it is not in the list). */
  append(s: number): void {
    this.listed++;
    this.stamp(s);
  }

  /** Take `s` out of the recency list. */
  unlink(s: number): void {
    this.listed--;
    this.state[STRIDE * s + STAMP] = 0;
  }

  /** Give `s` the next stamp, its entry at the end of the queue. */
  private stamp(s: number): void {
    if (this.end === this.queueSlots.length) this.compact();
    const r = this.state;
    const q = this.end++;
    const t = ++this.clock;
    this.queueSlots[q] = s;
    this.queueStamps[q] = t;
    r[STRIDE * s + STAMP] = t;
    r[STRIDE * s + PLACE] = q;
  }

  /** The queue is full: its live entries to the front in order, stamped again from 1 (in a queue twice as long when a quarter of it or more is live). */
  private compact(): void {
    const r = this.state;
    const slots = this.queueSlots;
    const stamps = this.queueStamps;
    const to = 4 * this.listed >= slots.length ? new Int32Array(2 * slots.length) : slots;
    const toStamps = to === slots ? stamps : new Int32Array(to.length);
    let n = 0;
    for (let q = this.first; q < this.end; q++) {
      const s = slots[q];
      if (r[STRIDE * s + STAMP] !== stamps[q]) continue;
      to[n] = s;
      toStamps[n] = n + 1;
      r[STRIDE * s + STAMP] = n + 1;
      r[STRIDE * s + PLACE] = n;
      n++;
    }
    this.queueSlots = to;
    this.queueStamps = toStamps;
    this.first = 0;
    this.end = n;
    this.clock = n;
  }
}
