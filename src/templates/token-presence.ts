import { routeKey } from './tokenize.js';

/** Counters per template position and token; a counter that reaches it stays (it no longer knows its count). */
const SATURATED = 255;

/**
 * Which (token count, position, token) triples the miner's templates hold, as a counting filter (one
 * byte per slot, slots chosen by hash): a slot at 0 means no template of that length holds that token
 * (or `<*>`) at that position; collisions only make a slot say "held" when it is not. So when fewer
 * than `minSim` of a message's positions are held, no template can reach `similarity` (the leaf search
 * finds none), none equals it, and one of the positions a rerouted template must equal is free: the
 * message matches nothing, told from `n` reads of one typed array instead of the parse tree, the
 * skeleton maps and the leaf's postings. O(tokens) per template added, removed or turned `<*>` at a position.
 */
export class TokenPresence {
  private readonly counts: Uint8Array;
  private readonly mask: number;

  /** @param slots counters (rounded up to a power of two, 65,536 to 4,194,304) */
  constructor(slots: number) {
    let size = 1 << 16;
    while (size < slots && size < 1 << 22) size *= 2;
    this.counts = new Uint8Array(size);
    this.mask = size - 1;
  }

  /** A template's token hashes joined the miner. */
  add(h: Float64Array): void {
    const n = h.length;
    for (let i = 0; i < n; i++) this.up(this.slot(n, i, routeKey(h[i])));
  }

  /** A template's token hashes left the miner. */
  remove(h: Float64Array): void {
    const n = h.length;
    for (let i = 0; i < n; i++) this.down(this.slot(n, i, routeKey(h[i])));
  }

  /** Position `i` of a template of `n` tokens changed from hash `before` to `after`. */
  retoken(n: number, i: number, before: number, after: number): void {
    this.down(this.slot(n, i, routeKey(before)));
    this.up(this.slot(n, i, routeKey(after)));
  }

  /** After {@link rulesOut}: some position of the message is held by no template (none can equal it). */
  anyFree = false;
  /** After {@link rulesOut}: one of positions `from..n` is held by no template (none can be rerouted to it). */
  restFree = false;
  /**
   * After {@link rulesOut}: fewer than `minSim` positions are held, so no template of `n` tokens agrees
   * with the message at `minSim` positions (the leaf search finds none, none equals it); only a
   * rerouted template (when not {@link restFree}) may still match.
   */
  fewHeld = false;

  /**
   * True when the message (token hashes `msg[0..n)`) can match no template: fewer than `minSim` of its
   * positions are held by a template of `n` tokens, and one of positions `from..n` by none. Writes
   * `held[i]` (1 when position `i` may be held, 0 when surely not), {@link anyFree}, {@link restFree} and {@link fewHeld}.
   */
  rulesOut(msg: Float64Array, n: number, minSim: number, from: number, held: Uint8Array): boolean {
    const counts = this.counts;
    let count = 0;
    let restFree = false;
    for (let i = 0; i < n; i++) {
      if (counts[this.slot(n, i, routeKey(msg[i]))] !== 0) {
        held[i] = 1;
        count++;
      } else {
        held[i] = 0;
        if (i >= from) restFree = true;
      }
    }
    this.anyFree = count < n;
    this.restFree = restFree;
    this.fewHeld = minSim > 0 && n > 0 && count < minSim;
    return this.fewHeld && restFree;
  }

  private slot(n: number, i: number, key: number): number {
    let h = Math.imul(key ^ Math.imul(n, 0x9e3779b1), 0xcc9e2d51) ^ Math.imul(i + 1, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 15), 0x1b873593);
    return (h ^ (h >>> 13)) & this.mask;
  }

  private up(s: number): void {
    const c = this.counts[s];
    if (c < SATURATED) this.counts[s] = c + 1;
  }

  private down(s: number): void {
    const c = this.counts[s];
    if (c < SATURATED && c > 0) this.counts[s] = c - 1;
  }
}
