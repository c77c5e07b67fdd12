import type { TemplateSlots } from './template-slots.js';

/** What {@link ExactIndex} needs of a template. */
export interface ExactTemplate {
  /** Token hashes (0 for `<*>`), one per position. */
  readonly hashes: Float64Array;
  /** The template's slot (see TemplateSlots): what the index answers; its leaf is read there. The index may move it. */
  slot: number;
  /** The key it is filed under (kept by the index). */
  exactKey: number;
}

/** Int32 fields of an entry: key (with {@link USED} set), slot. */
const STRIDE = 2;
const USED = 0x40000000;
const FIRST_SIZE = 64;

/**
 * Templates by all their tokens, so that a message equal to one token for token (`<*>` only to `<*>`)
 * finds it with one look-up: an open-addressing table of 32-bit integers (linear probing, deletion by
 * backward shift), each entry the template's 30-bit key and its slot. The slot (TemplateSlots) holds
 * a second 32-bit hash of the template's tokens and length and its leaf: a template and a message
 * agreeing on both hashes are taken as equal without comparing their tokens (odds of two different
 * ones agreeing about 2^-60). A look-up reads the table (8 bytes an entry, at most three quarters
 * full: 1 MiB for 50,000 templates) and the slot the caller reads anyway, never a template object.
 * The slot is where the key points, when free: a template filed (or filed again, or the table grown)
 * is moved to the slot numbered as its key's first table entry, or the one after it (see
 * TemplateSlots.move; most templates are there). A look-up reads those two slots before the table
 * entry that names the slot, so the two reads do not wait on each other: at 50,000 templates, where
 * both miss the processor's caches, the message costs one memory latency, not two. Several templates
 * may share tokens (in different leaves, or two that generalised alike); the caller breaks a tie in
 * one leaf. Grows by doubling (the slots reserved alongside: as many as table entries, 10 MiB of
 * slots for 50,000 templates where 4 MiB would hold them packed). O(tokens)
 * per operation; a growth moves O(templates) slots ({@link grows} counts them: a slot number kept
 * elsewhere is stale after one).
 */
export class ExactIndex<T extends ExactTemplate> {
  private table = new Int32Array(STRIDE * FIRST_SIZE);
  private mask = FIRST_SIZE - 1;
  private size = 0;
  /** Check of the last key computed. */
  private lastCheck = 0;
  /** Growths so far (each may move any template's slot). */
  grows = 0;

  constructor(private readonly slots: TemplateSlots<T>) {}

  /** The key of token hashes `h[0..n)` (its check in {@link lastCheck}). */
  private key(h: Float64Array, n: number): number {
    let k = 0x811c9dc5 | 0;
    let c = 0x9747b28c | 0;
    for (let i = 0; i < n; i++) {
      const x = h[i];
      const lo = x | 0;
      const hi = (x / 4294967296) | 0;
      k = Math.imul(k ^ lo, 0x01000193);
      k = Math.imul(k ^ hi, 0x01000193);
      c = Math.imul(c ^ lo, 0x5bd1e995);
      c = Math.imul(c ^ (c >>> 15) ^ hi, 0x27d4eb2d);
    }
    this.lastCheck = (c ^ n) | 0;
    return k & 0x3fffffff;
  }

  private home(key: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 7) & this.mask;
  }

  add(c: T): void {
    const key = this.key(c.hashes, c.hashes.length);
    c.exactKey = key;
    const check = this.lastCheck;
    if (4 * (this.size + 1) > 3 * (this.mask + 1)) this.grow();
    this.slots.reserve(this.mask + 1);
    this.place(c, this.home(key));
    this.slots.setCheck(c.slot, check);
    this.put(key | USED, c.slot);
    this.size++;
  }

  /** Move `c` to slot `home` or the one after it when it is in neither and one is free. */
  private place(c: ExactTemplate, home: number): void {
    const next = (home + 1) & this.mask;
    if (c.slot === home || c.slot === next) return;
    if (this.slots.isFree(home)) this.slots.move(c.slot, home);
    else if (this.slots.isFree(next)) this.slots.move(c.slot, next);
  }

  remove(c: ExactTemplate): void {
    const t = this.table;
    const tag = c.exactKey | USED;
    let i = this.home(c.exactKey);
    while (t[STRIDE * i] !== 0) {
      if (t[STRIDE * i] === tag && t[STRIDE * i + 1] === c.slot) {
        this.size--;
        this.shiftOut(i);
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** After the template's tokens changed (its leaf is read from its slot: a move needs nothing here). */
  rekey(c: T): void {
    this.remove(c);
    this.add(c);
  }

  /**
   * The slots of templates in leaf `leafId` equal to the message `msg[0..n)`: the first in `out[0]`,
   * their number returned (at most `max` entries of the key looked at).
   */
  find(msg: Float64Array, n: number, leafId: number, max: number, out: Int32Array): number {
    const key = this.key(msg, n);
    const check = this.lastCheck;
    const t = this.table;
    const slots = this.slots;
    const tag = key | USED;
    let i = this.home(key);
    // the two slots the template is most likely in, read before the entry naming its slot (see above)
    const home = i;
    const next = (i + 1) & this.mask;
    const homeCheck = slots.check(home);
    const homeLeaf = slots.leaf(home);
    const nextCheck = slots.check(next);
    const nextLeaf = slots.leaf(next);
    let found = 0;
    let seen = 0;
    while (t[STRIDE * i] !== 0 && seen < max) {
      if (t[STRIDE * i] === tag) {
        seen++;
        const s = t[STRIDE * i + 1];
        // an answer of `home` or `next` is written as the number computed here, not the one read
        if (s === home) {
          if (homeCheck === check && homeLeaf === leafId && found < out.length) out[found++] = home;
        } else if (s === next) {
          if (nextCheck === check && nextLeaf === leafId && found < out.length) out[found++] = next;
        } else if (slots.check(s) === check && slots.leaf(s) === leafId && found < out.length) out[found++] = s;
      }
      i = (i + 1) & this.mask;
    }
    return found;
  }

  /** True when `c` (held) is in the slot its key points to or the one after it. */
  placed(c: T): boolean {
    const home = this.home(c.exactKey);
    return c.slot === home || c.slot === ((home + 1) & this.mask);
  }

  /** Forget every template. */
  clear(): void {
    this.table = new Int32Array(STRIDE * FIRST_SIZE);
    this.mask = FIRST_SIZE - 1;
    this.size = 0;
  }

  private put(tag: number, slot: number): void {
    const t = this.table;
    let i = this.home(tag & ~USED);
    while (t[STRIDE * i] !== 0) i = (i + 1) & this.mask;
    t[STRIDE * i] = tag;
    t[STRIDE * i + 1] = slot;
  }

  /** Empty entry `i`, moving later entries of its run back so that every entry stays reachable from its home. */
  private shiftOut(i: number): void {
    const t = this.table;
    const mask = this.mask;
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (t[STRIDE * j] === 0) break;
      const h = this.home(t[STRIDE * j] & ~USED);
      // the entry at j may fill the hole when its home is not in (hole, j] (cyclically)
      if (hole <= j ? h <= hole || h > j : h <= hole && h > j) {
        t.copyWithin(STRIDE * hole, STRIDE * j, STRIDE * j + STRIDE);
        hole = j;
      }
    }
    t.fill(0, STRIDE * hole, STRIDE * hole + STRIDE);
  }

  /** Twice the entries (and slots); every template is placed again where its key now points, when free. */
  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(2 * old.length);
    this.mask = 2 * (this.mask + 1) - 1;
    this.grows++;
    const slots = this.slots;
    slots.reserve(this.mask + 1);
    for (let i = 0; i < old.length; i += STRIDE) {
      if (old[i] === 0) continue;
      const c = slots.templates[old[i + 1]] as T;
      this.place(c, this.home(old[i] & ~USED));
      this.put(old[i], c.slot);
    }
  }
}
