/**
 * Entries of one slot in {@link TemplateSlots}: what a match shows (id, text, token hashes, literal
 * hashes), then count, recency links, flags, and the leaf and check the exact look-up compares.
 */
const STRIDE = 10;
const ID = 0;
const TEXT = 1;
const HASHES = 2;
const RAWS = 3;
const COUNT = 4;
const PREV = 5;
const NEXT = 6;
const FLAGS = 7;
const LEAF = 8;
const CHECK = 9;
/** No slot (end of the recency list). */
export const NO_SLOT = -1;

/**
 * The state of each template that a message joining it reads and writes (what the match result shows
 * of it, its count, its place in recency order, a flag), kept by slot side by side in one dense array
 * (80 bytes a slot), with the template object in a second array. A message equal to a known template
 * then touches its slot and its recency neighbours' slots instead of the template's objects, so its
 * cost stays about the same with 100 or 50,000 templates held (the objects of many templates do not
 * fit in the processor's caches). Slots are reused after {@link release}. Recency is a doubly linked
 * list of slots, least recently used first ({@link head}). (Counts are small integers held unboxed;
 * one past 2^31 is boxed: slower for that template, still exact.)
 */
export class TemplateSlots<T> {
  /** Per slot, {@link STRIDE} entries. */
  private readonly state: unknown[] = [];
  /** Per slot: the template. */
  readonly templates: (T | undefined)[] = [];
  private readonly free: number[] = [];
  /** Least and most recently used slot ({@link NO_SLOT} when empty). */
  head = NO_SLOT;
  tail = NO_SLOT;

  /** A free slot for `template` (count 0, not in the recency list). */
  alloc(template: T): number {
    if (this.free.length > 0) {
      const s = this.free.pop() as number;
      this.templates[s] = template;
      this.reset(s);
      return s;
    }
    const s = this.templates.length;
    this.templates.push(template);
    // appended in order: the array stays dense
    this.state.push('', '', undefined, undefined, 0, NO_SLOT, NO_SLOT, 0, 0, 0);
    return s;
  }

  /** Give `s` back (after {@link unlink}). */
  release(s: number): void {
    this.templates[s] = undefined;
    this.reset(s);
    this.free.push(s);
  }

  /** Forget every slot. */
  clear(): void {
    this.templates.length = 0;
    this.state.length = 0;
    this.free.length = 0;
    this.head = this.tail = NO_SLOT;
  }

  private reset(s: number): void {
    const r = this.state;
    const i = STRIDE * s;
    r[i + ID] = '';
    r[i + TEXT] = '';
    r[i + HASHES] = undefined;
    r[i + RAWS] = undefined;
    r[i + COUNT] = 0;
    r[i + PREV] = NO_SLOT;
    r[i + NEXT] = NO_SLOT;
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
    if (this.tail !== s) {
      this.unlink(s);
      this.append(s);
    }
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

  /** The slot after `s` in recency order (more recently used), or {@link NO_SLOT}. */
  next(s: number): number {
    return this.state[STRIDE * s + NEXT] as number;
  }

  /** Make `s` the most recently used (it is not in the list). */
  append(s: number): void {
    const r = this.state;
    const tail = this.tail;
    r[STRIDE * s + PREV] = tail;
    r[STRIDE * s + NEXT] = NO_SLOT;
    if (tail !== NO_SLOT) r[STRIDE * tail + NEXT] = s;
    else this.head = s;
    this.tail = s;
  }

  /** Take `s` out of the recency list. */
  unlink(s: number): void {
    const r = this.state;
    const prev = r[STRIDE * s + PREV] as number;
    const next = r[STRIDE * s + NEXT] as number;
    if (prev !== NO_SLOT) r[STRIDE * prev + NEXT] = next;
    else this.head = next;
    if (next !== NO_SLOT) r[STRIDE * next + PREV] = prev;
    else this.tail = prev;
    r[STRIDE * s + PREV] = NO_SLOT;
    r[STRIDE * s + NEXT] = NO_SLOT;
  }
}
