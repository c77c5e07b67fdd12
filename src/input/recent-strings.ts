import { ownCopy } from '../core/own-copy.js';
import { RepeatGate } from './repeat-gate.js';

/** Slots of a {@link RecentStrings} table (a power of 2). */
const SLOTS = 1024;

/**
 * The values of one kind of field seen last (user agents, referers, client addresses), so that a
 * repeat is handed on as the same string: its hash, computed by the first `Map`/`Set` look-up of a
 * detector, is kept in the string, and a look-up of the same string compares pointers, where a fresh
 * slice of every line is hashed and compared character by character at each look-up. Same text either
 * way: only which string object carries it changes.
 *
 * Bounded: {@link SLOTS} values of at most `maxLength` characters, each its own copy
 * (a slice would keep its whole input chunk alive); a value beyond `maxLength` is returned as a slice.
 * A value's set of two slots is chosen by its length and five of its characters; the set keeps its two
 * values seen last. O(length) per call (two native comparisons at most, one copy on a miss), whatever
 * the values; on a stream whose values seldom repeat it stops looking them up for a while ({@link RepeatGate}).
 */
export class RecentStrings {
  /** Values copied in (not the one kept in their slot): a repeat that is a miss costs a copy. */
  copies = 0;
  private readonly slots: string[] = new Array<string>(SLOTS).fill('');
  /** Shut on a stream whose values seldom repeat: values are then sliced, not copied. */
  private readonly gate = new RepeatGate();

  /** @param maxLength longest value kept (default 512) */
  constructor(readonly maxLength = 512) {}

  /** s[a, b), as the string kept for that text when it is the one seen last in its slot. */
  get(s: string, a: number, b: number): string {
    const v = s.slice(a, b);
    const n = b - a;
    if (n === 0 || n > this.maxLength || !this.gate.open()) return v;
    // the length and five characters, the last three among them (where addresses and versions differ)
    const h = Math.imul(
      n * 0x9e5 +
        s.charCodeAt(b - 1) * 0x3b +
        s.charCodeAt(b - 1 - (n > 1 ? 1 : 0)) * 0x1f1 +
        s.charCodeAt(b - 1 - (n > 2 ? 2 : 0)) * 0xb5 +
        s.charCodeAt(a + (n >> 1)) * 0x17 +
        s.charCodeAt(a + (n >> 2)),
      0x9e3779b1,
    );
    // a set of two slots per value: the newest first, the one before it second
    const first = (h >>> 22) & ~1;
    const slots = this.slots;
    const kept = slots[first];
    if (kept === v) {
      this.gate.count(true);
      return kept;
    }
    const older = slots[first + 1];
    if (older === v) {
      this.gate.count(true);
      slots[first + 1] = kept;
      slots[first] = older;
      return older;
    }
    this.gate.count(false);
    const copy = ownCopy(v);
    this.copies++;
    slots[first + 1] = kept;
    slots[first] = copy;
    return copy;
  }
}
