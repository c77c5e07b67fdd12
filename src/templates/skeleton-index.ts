/** What {@link SkeletonIndex} needs of a template. */
export interface SkeletonTemplate {
  hashes: Float64Array;
  /** Creation order (the number of its id): the older template wins a tie. */
  readonly order: number;
  /** The template's key in its skeleton index (kept by the index). */
  skeleton: number;
  /** Index in the list of its key (kept by the index). */
  skeletonSlot: number;
}

/**
 * The templates of one token count keyed by their tokens after the routing ones (their "skeleton"),
 * so a message whose leading tokens are a parameter (`alice logged in`, `bob logged in`) finds the
 * template its rest equals though the parse tree routed it elsewhere. O(tokens) per operation.
 */
export class SkeletonIndex<T extends SkeletonTemplate> {
  private readonly lists = new Map<number, T[]>();

  /** @param from first position of the skeleton (the number of routing tokens) */
  constructor(readonly from: number) {}

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
    c.skeleton = this.key(c.hashes, c.hashes.length);
    let list = this.lists.get(c.skeleton);
    if (list === undefined) {
      list = [];
      this.lists.set(c.skeleton, list);
    }
    c.skeletonSlot = list.length;
    list.push(c);
  }

  remove(c: T): void {
    const list = this.lists.get(c.skeleton) as T[];
    const last = list.pop() as T;
    if (last !== c) {
      list[c.skeletonSlot] = last;
      last.skeletonSlot = c.skeletonSlot;
    }
    if (list.length === 0) this.lists.delete(c.skeleton);
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
    const list = this.lists.get(this.key(msg, n));
    if (list === undefined) return null;
    let best: T | null = null;
    for (let j = 0; j < list.length && j < max; j++) {
      const c = list[j];
      let same = true;
      for (let i = this.from; i < n && same; i++) same = c.hashes[i] === msg[i];
      if (same && (best === null || c.order < best.order) && accept(c)) best = c;
    }
    return best;
  }
}
