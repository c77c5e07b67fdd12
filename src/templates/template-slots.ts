/** Fields of one slot in {@link TemplateSlots.hot}. */
const STRIDE = 4;
const COUNT = 0;
const PREV = 1;
const NEXT = 2;
const FLAGS = 3;
/** Entries of one slot in {@link TemplateSlots.refs}. */
const REFS = 4;
/** No slot (end of the recency list). */
export const NO_SLOT = -1;

/**
 * The state of each template that a message joining it reads and writes (its count, its place in
 * recency order, a flag), kept by slot in one flat array, with the template object and what a match
 * result shows of it (id, text, token and literal hashes) in dense arrays beside it. A message equal to a known template then
 * touches a few adjacent numbers instead of the template's objects, so its cost stays about the same
 * with 100 or 50,000 templates held (the objects of many templates do not fit in the processor's
 * caches; these arrays take 32 bytes a slot, plus five references).
 * Slots are reused after {@link release}; the arrays grow by doubling up to `capacity` slots.
 * Recency is a doubly linked list of slots, least recently used first ({@link head}).
 */
export class TemplateSlots<T> {
  /** Per slot: count, previous and next slot in recency order, flags. */
  private hot: Float64Array;
  /** Per slot: the template. */
  readonly templates: (T | undefined)[] = [];
  /** Per slot, {@link REFS} entries: what a match result keeps of the template (id, text, hashes, literal hashes). */
  private readonly refs: unknown[] = [];
  private readonly free: number[] = [];
  private used = 0;
  /** Least and most recently used slot ({@link NO_SLOT} when empty). */
  head = NO_SLOT;
  tail = NO_SLOT;

  /** @param capacity most slots ever held at once */
  constructor(readonly capacity: number) {
    this.hot = new Float64Array(STRIDE * Math.min(capacity, 64));
  }

  /** A free slot for `template` (count 0, not in the recency list). */
  alloc(template: T): number {
    let s: number;
    if (this.free.length > 0) s = this.free.pop() as number;
    else {
      s = this.used++;
      if (STRIDE * this.used > this.hot.length) {
        const grown = new Float64Array(Math.min(2 * this.hot.length, STRIDE * Math.max(this.capacity, this.used)));
        grown.set(this.hot);
        this.hot = grown;
      }
    }
    this.templates[s] = template;
    this.publish(s, '', '', undefined, undefined);
    const hot = this.hot;
    hot[STRIDE * s + COUNT] = 0;
    hot[STRIDE * s + PREV] = NO_SLOT;
    hot[STRIDE * s + NEXT] = NO_SLOT;
    hot[STRIDE * s + FLAGS] = 0;
    return s;
  }

  /** Give `s` back (after {@link unlink}). */
  release(s: number): void {
    this.templates[s] = undefined;
    this.publish(s, '', '', undefined, undefined);
    this.free.push(s);
  }

  /** Forget every slot. */
  clear(): void {
    this.templates.length = 0;
    this.refs.length = 0;
    this.free.length = 0;
    this.used = 0;
    this.head = this.tail = NO_SLOT;
  }

  /** Record what a match of slot `s` shows (after the template changed). */
  publish(s: number, id: string, template: string, hashes: Float64Array | undefined, raws: Float64Array | undefined): void {
    const r = this.refs;
    const i = REFS * s;
    r[i] = id;
    r[i + 1] = template;
    r[i + 2] = hashes;
    r[i + 3] = raws;
  }

  id(s: number): string {
    return this.refs[REFS * s] as string;
  }

  template(s: number): string {
    return this.refs[REFS * s + 1] as string;
  }

  hashes(s: number): Float64Array {
    return this.refs[REFS * s + 2] as Float64Array;
  }

  raws(s: number): Float64Array {
    return this.refs[REFS * s + 3] as Float64Array;
  }

  count(s: number): number {
    return this.hot[STRIDE * s + COUNT];
  }

  setCount(s: number, n: number): void {
    this.hot[STRIDE * s + COUNT] = n;
  }

  /** Count plus one; the new count. */
  increment(s: number): number {
    const i = STRIDE * s + COUNT;
    const n = this.hot[i] + 1;
    this.hot[i] = n;
    return n;
  }

  flags(s: number): number {
    return this.hot[STRIDE * s + FLAGS];
  }

  setFlags(s: number, f: number): void {
    this.hot[STRIDE * s + FLAGS] = f;
  }

  /** The slot after `s` in recency order (more recently used), or {@link NO_SLOT}. */
  next(s: number): number {
    return this.hot[STRIDE * s + NEXT];
  }

  /** Make `s` the most recently used (it is not in the list). */
  append(s: number): void {
    const hot = this.hot;
    const tail = this.tail;
    hot[STRIDE * s + PREV] = tail;
    hot[STRIDE * s + NEXT] = NO_SLOT;
    if (tail !== NO_SLOT) hot[STRIDE * tail + NEXT] = s;
    else this.head = s;
    this.tail = s;
  }

  /** Take `s` out of the recency list. */
  unlink(s: number): void {
    const hot = this.hot;
    const prev = hot[STRIDE * s + PREV];
    const next = hot[STRIDE * s + NEXT];
    if (prev !== NO_SLOT) hot[STRIDE * prev + NEXT] = next;
    else this.head = next;
    if (next !== NO_SLOT) hot[STRIDE * next + PREV] = prev;
    else this.tail = prev;
    hot[STRIDE * s + PREV] = NO_SLOT;
    hot[STRIDE * s + NEXT] = NO_SLOT;
  }

  /** Make `s` (in the list) the most recently used. */
  touch(s: number): void {
    if (this.tail === s) return;
    this.unlink(s);
    this.append(s);
  }
}
