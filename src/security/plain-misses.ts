import { ownCopy } from '../core/own-copy.js';
import { RepeatGate } from '../input/repeat-gate.js';

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
 * would keep its whole input chunk alive). On a stream whose plain values seldom repeat it stops
 * looking them up for a while (`RepeatGate`).
 */
export class PlainMisses {
  private readonly slots: string[] = new Array<string>(SLOTS).fill('');
  /** Shut on a stream whose plain values seldom repeat (a scan of random paths): nothing is then looked up or copied. */
  private readonly gate = new RepeatGate();
  /** The gate was open for the last {@link has}: {@link add} may keep the value. */
  private looked = false;

  /** Whether `v` was remembered. */
  has(v: string): boolean {
    const n = v.length;
    this.looked = false;
    if (n === 0 || n > MAX_LENGTH || !this.gate.open()) return false;
    this.looked = true;
    const at = setOf(v, n);
    const slots = this.slots;
    if (slots[at] === v) {
      this.gate.count(true);
      return true;
    }
    const older = slots[at + 1];
    if (older !== v) {
      this.gate.count(false);
      return false;
    }
    this.gate.count(true);
    slots[at + 1] = slots[at];
    slots[at] = older;
    return true;
  }

  /** Remember `v`, just looked up by {@link has} (ignored when the gate was shut, when empty or longer than {@link MAX_LENGTH}). */
  add(v: string): void {
    const n = v.length;
    if (!this.looked || n === 0 || n > MAX_LENGTH) return;
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
