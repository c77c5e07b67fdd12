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
/** An entry moved to the doubled table (or removed) while the old one is read: skipped by look-ups, never matched. */
const MOVED = 1;
const FIRST_SIZE = 64;
/** Entries of the old table visited per operation while the table doubles. */
const MIGRATE_STEP = 8;
const EMPTY = new Int32Array(0);

/**
 * Templates by all their tokens, so that a message equal to one token for token (`<*>` only to `<*>`)
 * finds it with one look-up: an open-addressing table of 32-bit integers (linear probing, deletion by
 * backward shift), each entry the template's 30-bit key and its slot. The slot (TemplateSlots) holds
 * a second 32-bit hash of the template's tokens and length and its leaf: a template and a message
 * agreeing on both hashes are taken as equal without comparing their tokens (odds of two different
 * ones agreeing about 2^-60). A look-up reads the table (8 bytes an entry, at most three quarters
 * full: 1 MiB for 50,000 templates) and the slot the caller reads anyway, never a template object.
 * The slot is where the key points, when free: a template filed (or filed again, or moved to the
 * grown table) is moved to the slot numbered as its key's first table entry, or the one after it (see
 * TemplateSlots.move; most templates are there). A look-up reads those two slots before the table
 * entry that names the slot, so the two reads do not wait on each other: at 50,000 templates, where
 * both miss the processor's caches, the message costs one memory latency, not two. Several templates
 * may share tokens (in different leaves, or two that generalised alike); the caller breaks a tie in
 * one leaf.
 *
 * Growth is bounded per operation: the table doubles by moving 8 entries of the old one per add or
 * look-up (look-ups read both meanwhile; an entry moved leaves a marker, so the old runs stay
 * whole), and the slots are reserved ahead, one page of 256 per add, up to twice the table (at most
 * the table `most` templates need: 10 MiB of slots for 50,000 templates where 4 MiB would hold them
 * packed). No operation rehashes or moves every template. O(tokens) per operation.
 * {@link migrated} counts the entries moved.
 */
export class ExactIndex<T extends ExactTemplate> {
  private table = new Int32Array(STRIDE * FIRST_SIZE);
  private mask = FIRST_SIZE - 1;
  /** Templates filed (in either table). */
  private size = 0;
  /** While the table doubles: the old one, its mask, the next entry to move and the entries left. */
  private old = EMPTY;
  private oldMask = 0;
  private migrateAt = 0;
  private migrateLeft = 0;
  /** The size of table `most` templates need (slots are not reserved beyond it). */
  private readonly largest: number;
  /** Check of the last key computed. */
  private lastCheck = 0;
  /** Entries moved to a doubled table, in all (a diagnostic: per operation at most {@link MIGRATE_STEP}). */
  migrated = 0;

  /** @param most templates filed at most at any time (default: no bound) */
  constructor(
    private readonly slots: TemplateSlots<T>,
    most = Number.POSITIVE_INFINITY,
  ) {
    let size = FIRST_SIZE;
    while (4 * most > 3 * size && size < 1 << 29) size *= 2;
    this.largest = size;
    slots.reserve(FIRST_SIZE);
  }

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

  private oldHome(key: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 7) & this.oldMask;
  }

  add(c: T): void {
    const key = this.key(c.hashes, c.hashes.length);
    c.exactKey = key;
    const check = this.lastCheck;
    if (this.migrateLeft > 0) this.migrate(MIGRATE_STEP);
    if (4 * (this.size + 1) > 3 * (this.mask + 1)) this.grow();
    // slots ahead of the next doubling (every slot a look-up may read is below the table's size)
    this.slots.reserveStep(Math.min(2 * (this.mask + 1), this.largest));
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
    // not moved yet: marked in the old table
    const old = this.old;
    i = this.oldHome(c.exactKey);
    while (this.migrateLeft > 0 && old[STRIDE * i] !== 0) {
      if (old[STRIDE * i] === tag && old[STRIDE * i + 1] === c.slot) {
        this.size--;
        old[STRIDE * i] = MOVED;
        return;
      }
      i = (i + 1) & this.oldMask;
    }
  }

  /** After the template's tokens changed (its leaf is read from its slot: a move needs nothing here). */
  rekey(c: T): void {
    this.remove(c);
    this.add(c);
  }

  /**
   * The slots of templates in leaf `leafId` equal to the message `msg[0..n)`: the first in `out[0]`,
   * their number returned (at most `max` entries of the key looked at). While the table doubles, it
   * moves a few entries first (a template may move to another slot: see {@link migrated}).
   */
  find(msg: Float64Array, n: number, leafId: number, max: number, out: Int32Array): number {
    if (this.migrateLeft > 0) return this.findMigrating(msg, n, leafId, max, out);
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

  /** {@link find} while the table doubles: a few entries moved, then both tables read. */
  private findMigrating(msg: Float64Array, n: number, leafId: number, max: number, out: Int32Array): number {
    this.migrate(MIGRATE_STEP);
    const key = this.key(msg, n);
    const check = this.lastCheck;
    const tag = key | USED;
    const slots = this.slots;
    let found = 0;
    let seen = 0;
    let t = this.table;
    let i = this.home(key);
    while (t[STRIDE * i] !== 0 && seen < max) {
      if (t[STRIDE * i] === tag) {
        seen++;
        const s = t[STRIDE * i + 1];
        if (slots.check(s) === check && slots.leaf(s) === leafId && found < out.length) out[found++] = s;
      }
      i = (i + 1) & this.mask;
    }
    t = this.old;
    i = this.oldHome(key);
    while (this.migrateLeft > 0 && t[STRIDE * i] !== 0 && seen < max) {
      if (t[STRIDE * i] === tag) {
        seen++;
        const s = t[STRIDE * i + 1];
        if (slots.check(s) === check && slots.leaf(s) === leafId && found < out.length) out[found++] = s;
      }
      i = (i + 1) & this.oldMask;
    }
    return found;
  }

  /** True when `c` (held) is in the slot its key points to or the one after it. */
  placed(c: T): boolean {
    const home = this.home(c.exactKey);
    return c.slot === home || c.slot === ((home + 1) & this.mask);
  }

  /** True while the table doubles (for tests). */
  get migrating(): boolean {
    return this.migrateLeft > 0;
  }

  /** Forget every template. */
  clear(): void {
    this.table = new Int32Array(STRIDE * FIRST_SIZE);
    this.mask = FIRST_SIZE - 1;
    this.size = 0;
    this.old = EMPTY;
    this.oldMask = 0;
    this.migrateAt = this.migrateLeft = 0;
    this.slots.reserve(FIRST_SIZE);
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

  /**
   * Twice the entries: the old table's move over the next operations ({@link migrate}); one still
   * under way is finished first (it cannot be: 8 entries move per add, and the next doubling comes
   * at least three eighths of the old size of adds later). The slots were reserved ahead.
   */
  private grow(): void {
    if (this.migrateLeft > 0) this.migrate(Number.POSITIVE_INFINITY);
    this.old = this.table;
    this.oldMask = this.mask;
    this.table = new Int32Array(2 * this.old.length);
    this.mask = 2 * (this.mask + 1) - 1;
    this.migrateAt = 0;
    this.migrateLeft = this.oldMask + 1;
    this.slots.reserve(this.mask + 1);
  }

  /** Move up to `budget` entries of the old table to the new one (each placed again where its key now points, when free). */
  private migrate(budget: number): void {
    const old = this.old;
    const slots = this.slots;
    let at = this.migrateAt;
    let left = this.migrateLeft;
    for (let k = 0; k < budget && left > 0; k++) {
      const tag = old[STRIDE * at];
      if (tag !== 0 && tag !== MOVED) {
        const c = slots.owner(old[STRIDE * at + 1]) as T;
        old[STRIDE * at] = MOVED;
        this.place(c, this.home(tag & ~USED));
        this.put(tag, c.slot);
        this.migrated++;
      }
      at++;
      left--;
    }
    this.migrateAt = at;
    this.migrateLeft = left;
    if (left === 0) this.old = EMPTY;
  }
}
