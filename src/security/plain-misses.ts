import { ownCopy } from '../core/own-copy.js';

/** Slots of a {@link PlainMisses} table (a power of 2, two per set). */
const SLOTS = 1024;
/** Longest value remembered. */
const MAX_LENGTH = 256;

/**
 * Plain values (`plain-text.ts`) seen recently in which no analyser's plain literal occurs: a repeat
 * (the same URL path on every request for it) skips the plain scan and the analysers' literal tests.
 * Whether a plain value can match depends on its text alone (and the detector's fixed analysers), so
 * skipping a remembered one changes no result.
 *
 * Bounded and O(length): {@link SLOTS} values of at most {@link MAX_LENGTH} characters in sets of two
 * (a value's set chosen by its length and five of its characters; the set keeps its two values seen
 * last); a look-up is at most two string comparisons. Each value is kept as its own copy (a slice
 * would keep its whole input chunk alive).
 */
export class PlainMisses {
  private readonly slots: string[] = new Array<string>(SLOTS).fill('');

  /** Whether `v` was remembered. */
  has(v: string): boolean {
    const n = v.length;
    if (n === 0 || n > MAX_LENGTH) return false;
    const at = setOf(v, n);
    const slots = this.slots;
    if (slots[at] === v) return true;
    if (slots[at + 1] !== v) return false;
    slots[at + 1] = slots[at];
    slots[at] = v;
    return true;
  }

  /** Remember `v` (ignored when empty or longer than {@link MAX_LENGTH}). */
  add(v: string): void {
    const n = v.length;
    if (n === 0 || n > MAX_LENGTH) return;
    const at = setOf(v, n);
    this.slots[at + 1] = this.slots[at];
    this.slots[at] = ownCopy(v);
  }
}

/** The first slot of v's set. */
function setOf(v: string, n: number): number {
  const h = Math.imul(
    n * 0x9e5 + v.charCodeAt(n - 1) * 0x3b + v.charCodeAt(n > 1 ? n - 2 : 0) * 0x1f1 + v.charCodeAt(n > 2 ? n - 3 : 0) * 0xb5 + v.charCodeAt(n >> 1) * 0x17 + v.charCodeAt(n >> 2),
    0x9e3779b1,
  );
  return (h >>> 22) & ~1;
}
