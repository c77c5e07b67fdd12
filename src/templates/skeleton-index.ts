/** What {@link SkeletonIndex} needs of a template. */
export interface SkeletonTemplate {
  hashes: Float64Array;
  /** Creation order (the number of its id): the older template wins a tie. */
  readonly order: number;
  /** The template's key and place in each skeleton index it is in (kept by the indexes). */
  readonly skeletons: Float64Array;
}

/**
 * Templates of one token count keyed by their tokens from position `from` on (their "skeleton"):
 * with `from` the number of routing tokens, the template whose rest a message equals though the parse
 * tree routed it elsewhere (`alice logged in`, `bob logged in`). O(tokens) per operation. A key holds
 * one template, or a list when several share it. (A message equal to a template token for token is
 * found with `ExactIndex`.)
 */
export class SkeletonIndex<T extends SkeletonTemplate> {
  private readonly entries = new Map<number, T | T[]>();

  /**
   * @param from first position of the skeleton
   * @param field which pair of `skeletons` slots (key, place) this index keeps in its templates
   */
  constructor(
    readonly from: number,
    private readonly field: number,
  ) {}

  /** The skeleton key of token hashes `h[from..n)`. */
  key(h: Float64Array, n: number): number {
    let k = 0x811c9dc5 | 0;
    for (let i = this.from; i < n; i++) {
      const x = h[i];
      k = Math.imul(k ^ (x | 0), 0x01000193);
      k = Math.imul(k ^ ((x / 4294967296) | 0), 0x01000193);
    }
    return k & 0x3fffffff;
  }

  add(c: T): void {
    const key = this.key(c.hashes, c.hashes.length);
    c.skeletons[this.field] = key;
    const e = this.entries.get(key);
    if (e === undefined) {
      c.skeletons[this.field + 1] = 0;
      this.entries.set(key, c);
    } else if (Array.isArray(e)) {
      c.skeletons[this.field + 1] = e.length;
      e.push(c);
    } else {
      e.skeletons[this.field + 1] = 0;
      c.skeletons[this.field + 1] = 1;
      this.entries.set(key, [e, c]);
    }
  }

  remove(c: T): void {
    const key = c.skeletons[this.field];
    const e = this.entries.get(key);
    if (e === undefined) return;
    if (!Array.isArray(e)) {
      if (e === c) this.entries.delete(key);
      return;
    }
    const at = c.skeletons[this.field + 1];
    const last = e.pop() as T;
    if (last !== c) {
      e[at] = last;
      last.skeletons[this.field + 1] = at;
    }
    if (e.length === 1) {
      e[0].skeletons[this.field + 1] = 0;
      this.entries.set(key, e[0]);
    }
  }

  /** After `c.hashes` changed at a skeleton position. */
  rekey(c: T): void {
    this.remove(c);
    this.add(c);
  }

  /**
   * The oldest template whose every skeleton token equals the message's (`<*>` only to `<*>`) and
   * that `accept` takes; at most `max` looked at.
   */
  find(msg: Float64Array, n: number, max: number, accept: (c: T) => boolean): T | null {
    const e = this.entries.get(this.key(msg, n));
    if (e === undefined) return null;
    if (!Array.isArray(e)) return this.same(e, msg, n) && accept(e) ? e : null;
    let best: T | null = null;
    for (let j = 0; j < e.length && j < max; j++) {
      const c = e[j];
      if ((best === null || c.order < best.order) && this.same(c, msg, n) && accept(c)) best = c;
    }
    return best;
  }

  private same(c: T, msg: Float64Array, n: number): boolean {
    const h = c.hashes;
    for (let i = this.from; i < n; i++) if (h[i] !== msg[i]) return false;
    return true;
  }
}
