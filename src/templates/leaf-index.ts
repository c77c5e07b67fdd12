import { CONSTANT } from './masking.js';
import { WILDCARD, routeKey } from './tokenize.js';

/** What {@link LeafIndex} needs of a template: its tokens and its place in the index. */
export interface IndexedTemplate {
  /** Token hashes ({@link WILDCARD} for `<*>`), one per position. */
  hashes: Float64Array;
  /** Token kinds as first seen (CONSTANT, MASKED, KEY_VALUE, DIGIT_RUNS). */
  readonly kinds: Uint8Array;
  /** Word class of each token when first seen (see TokenBuffer.words): odd for a capitalised word. */
  readonly words: Uint8Array;
  /** True once it has `stableAfter` messages or more (kept by the miner: the count itself lives elsewhere). */
  readonly stable: boolean;
  /** Index of the template in its posting list, per position (kept by the index). */
  readonly slots: Int32Array;
  /** Index in the leaf's member list (kept by the index). */
  member: number;
  /** Insertion order in the leaf: ties go to the older template, as in a scan of the leaf. */
  seq: number;
  /** Search stamp, so a template found through several postings is compared once. */
  mark: number;
}

/**
 * Templates compared per message at most. Candidates come rarest posting first, so the cap only
 * bites on a leaf crafted to hold thousands of templates sharing most tokens; then the rest of the
 * candidates are not compared (the message may start a template a full scan would have joined).
 */
export const MAX_COMPARED = 256;
/** Leaves of at most this many templates are compared whole (the same result, fewer look-ups). */
export const SCAN_UP_TO = 8;
const NO_POSITIONS = new Int32Array(0);

/**
 * The templates of one leaf of the parse tree (all of one token count), indexed for finding the most
 * similar one without scanning them all: one posting list per (position, token) (`<*>` included), so
 * a template's similarity to a message is the number of positions where it sits in the message's
 * posting. A template reaching `minSim` of `n` positions must share at least one of any `n - minSim + 1`
 * positions with the message (pigeonhole), so only the postings of the message's `n - minSim + 1`
 * rarest tokens are candidates. Add, remove and a token turning to `<*>` are O(positions), by
 * swap-removal with each template's slot kept; a posting of one template holds it without a list.
 * A leaf of at most {@link SCAN_UP_TO} templates is compared whole and keeps no postings until it
 * grows past that (most leaves hold one or two templates: no maps to make and drop for them).
 */
export class LeafIndex<T extends IndexedTemplate> {
  /** Per position: token key -> the one template holding it there, or a list of them; null while the leaf is small. */
  private postings: Map<number, T | T[]>[] | null = null;
  private readonly members: T[] = [];
  /** Scratch of {@link rarestFirst}, made with the postings. */
  private sizes: Int32Array = NO_POSITIONS;
  private order: Int32Array = NO_POSITIONS;
  /** The message's posting list per position, found by {@link rarestFirst}. */
  private lists: (T | T[] | undefined)[] = [];
  private nextSeq = 0;
  /** Templates compared by the last {@link best}. */
  compared = 0;
  /** Positions where the template the last {@link best} returned agrees with the message (the leaf's length: equal token for token); 0 when none. */
  agreed = 0;

  constructor(readonly length: number) {}

  /** Templates in the leaf. */
  get size(): number {
    return this.members.length;
  }

  add(c: T): void {
    c.seq = this.nextSeq++;
    c.member = this.members.length;
    this.members.push(c);
    if (this.postings !== null) this.post(c);
    else if (this.members.length > SCAN_UP_TO) {
      // grown past a scan: index every template, in the order the leaf holds them
      this.postings = Array.from({ length: this.length }, () => new Map<number, T | T[]>());
      this.sizes = new Int32Array(this.length);
      this.order = new Int32Array(this.length);
      this.lists = new Array(this.length).fill(undefined);
      for (const m of this.members) this.post(m);
    }
  }

  private post(c: T): void {
    for (let i = 0; i < this.length; i++) this.insert(i, routeKey(c.hashes[i]), c);
  }

  remove(c: T): void {
    const last = this.members.pop() as T;
    if (last !== c) {
      this.members[c.member] = last;
      last.member = c.member;
    }
    if (this.postings !== null) for (let i = 0; i < this.length; i++) this.delete(i, routeKey(c.hashes[i]), c);
  }

  /** Re-index position `i` of `c`, whose hash there was `before` (now `c.hashes[i]`). */
  retoken(c: T, i: number, before: number): void {
    if (this.postings === null) return;
    this.delete(i, routeKey(before), c);
    this.insert(i, routeKey(c.hashes[i]), c);
  }

  /**
   * The template most similar to the message `msg` (`n` = this leaf's length tokens): most equal
   * positions (`<*>` equal to `<*>`), then most `<*>`, then the oldest; a template with `stableAfter`
   * messages or more is skipped when the message differs at one of its plain-word positions, and with
   * `oneWord` any template that differs from the message by one plain word and nothing else. Null when
   * the best agrees at fewer than `similarity * n` positions.
   */
  best(msg: Float64Array, msgWords: Uint8Array, similarity: number, stableAfter: number, oneWord: boolean, epoch: number, held: Uint8Array | null = null): T | null {
    const n = this.length;
    this.compared = 0;
    this.agreed = 0;
    if (n === 0) return this.oldest();
    const lists = this.lists;
    const minSim = Math.ceil(similarity * n);
    const prefix = minSim <= 0 ? n : n - minSim + 1;
    // a leaf of a few templates is compared whole: cheaper than looking up every position
    const scan = this.members.length <= SCAN_UP_TO;
    // `prefix` positions no template shares with the message: none reaches minSim (pigeonhole)
    if (!scan && !this.rarestFirst(msg, minSim > 0 ? prefix : n + 1, held)) return null;
    let best: T | null = null;
    let bestSim = -1;
    let bestParams = -1;
    let compared = 0;
    for (let p = 0; p < (scan ? 1 : prefix) && compared < MAX_COMPARED; p++) {
      const list = scan ? this.members : lists[this.order[p]];
      if (list === undefined) continue;
      const many = Array.isArray(list);
      const size = many ? list.length : 1;
      for (let j = 0; j < size && compared < MAX_COMPARED; j++) {
        const c = many ? list[j] : list;
        if (c.mark === epoch) continue;
        c.mark = epoch;
        compared++;
        const tpl = c.hashes;
        const stable = stableAfter > 0 && c.stable;
        let sim = 0;
        let params = 0;
        let skip = false;
        let words = 0; // positions where a word of the template and a word of the message differ
        let others = 0; // other differing positions
        for (let i = 0; i < n; i++) {
          const t = tpl[i];
          if (t === WILDCARD) {
            params++;
            if (msg[i] === WILDCARD) sim++;
          } else if (t === msg[i]) sim++;
          else if (stable && c.kinds[i] === CONSTANT) {
            skip = true;
            break;
          } else if ((msgWords[i] & 1) === 1 && (c.words[i] & 1) === 1) words++;
          else others++;
        }
        // `VM Resumed` / `VM Paused`: one differing word is what tells two events apart
        if (skip || (oneWord && words === 1 && others === 0)) continue;
        if (sim > bestSim || (sim === bestSim && (params > bestParams || (params === bestParams && best !== null && c.seq < best.seq)))) {
          best = c;
          bestSim = sim;
          bestParams = params;
        }
      }
    }
    this.compared = compared;
    // A similarity of 0 accepts any template: with no shared token, the oldest one.
    if (best === null && minSim <= 0) return this.oldest();
    if (best === null || bestSim < similarity * n) return null;
    this.agreed = bestSim;
    return best;
  }

  /**
   * The oldest template whose every non-`<*>` token equals the message's, or undefined. Looks only at
   * the position whose token (or `<*>`) postings are shortest: a match must be in one of those two.
   */
  exact(msg: Float64Array): T | undefined {
    const n = this.length;
    if (n === 0) return this.oldest() ?? undefined;
    const postings = this.postings;
    if (postings === null) {
      let found: T | undefined;
      for (const c of this.members) if ((found === undefined || c.seq < found.seq) && matchesExactly(c.hashes, msg, n)) found = c;
      return found;
    }
    let pos = 0;
    let least = Infinity;
    for (let i = 0; i < n; i++) {
      const k = routeKey(msg[i]);
      const size = sizeOf(postings[i].get(k)) + (k === 0 ? 0 : sizeOf(postings[i].get(0)));
      if (size < least) {
        least = size;
        pos = i;
      }
    }
    let found: T | undefined;
    const k = routeKey(msg[pos]);
    for (const key of k === 0 ? [0] : [k, 0]) {
      const e = postings[pos].get(key);
      if (e === undefined) continue;
      for (const c of Array.isArray(e) ? e : [e]) {
        if ((found === undefined || c.seq < found.seq) && matchesExactly(c.hashes, msg, n)) found = c;
      }
    }
    return found;
  }

  private oldest(): T | null {
    let o: T | null = null;
    for (const c of this.members) if (o === null || c.seq < o.seq) o = c;
    return o;
  }

  /**
   * `order[0..n)`: positions of the message by the length of their token's posting, shortest first.
   * False (and the order unfinished) as soon as `enough` positions have an empty posting. A position
   * whose `held` is 0 (no template of this length holds the token there: {@link TokenPresence}) is
   * empty without a look-up.
   */
  private rarestFirst(msg: Float64Array, enough: number, held: Uint8Array | null): boolean {
    const n = this.length;
    const sizes = this.sizes;
    const order = this.order;
    const postings = this.postings as Map<number, T | T[]>[];
    let empty = 0;
    for (let i = 0; i < n; i++) {
      const list = held !== null && held[i] === 0 ? undefined : postings[i].get(routeKey(msg[i]));
      this.lists[i] = list;
      sizes[i] = sizeOf(list);
      if (list === undefined && ++empty >= enough) return false;
      // insertion sort: n is a message's token count (small)
      let j = i;
      while (j > 0 && sizes[order[j - 1]] > sizes[i]) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    return true;
  }

  private insert(i: number, key: number, c: T): void {
    const map = (this.postings as Map<number, T | T[]>[])[i];
    const e = map.get(key);
    if (e === undefined) {
      c.slots[i] = 0;
      map.set(key, c);
    } else if (Array.isArray(e)) {
      c.slots[i] = e.length;
      e.push(c);
    } else {
      e.slots[i] = 0;
      c.slots[i] = 1;
      map.set(key, [e, c]);
    }
  }

  private delete(i: number, key: number, c: T): void {
    const map = (this.postings as Map<number, T | T[]>[])[i];
    const e = map.get(key) as T | T[];
    if (!Array.isArray(e)) {
      map.delete(key);
      return;
    }
    const at = c.slots[i];
    const last = e.pop() as T;
    if (last !== c) {
      e[at] = last;
      last.slots[i] = at;
    }
    if (e.length === 1) {
      e[0].slots[i] = 0;
      map.set(key, e[0]);
    }
  }
}

function sizeOf<T>(e: T | T[] | undefined): number {
  return e === undefined ? 0 : Array.isArray(e) ? e.length : 1;
}

function matchesExactly(tpl: Float64Array, msg: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const t = tpl[i];
    if (t !== WILDCARD && t !== msg[i]) return false;
  }
  return true;
}
