import { ownCopy } from '../core/own-copy.js';

/**
 * Recently inspected values in which the full injection analysis found nothing (user agents,
 * referers, paths: real traffic repeats them), so a repeat skips the decoding and the analysers.
 * The analysis of a value depends on the value alone (and the detector's fixed settings), so
 * skipping a remembered one changes no result.
 *
 * Bounded and O(1): two generations of at most `capacity / 2` values each; when the newer is full it
 * becomes the older and the older is dropped (a value seen in the older is moved to the newer). Only
 * values of at most `maxLength` characters are kept, each as its own copy (a slice of an input chunk
 * would keep the whole chunk alive).
 */
export class BenignValues {
  private newer = new Set<string>();
  private older = new Set<string>();
  private readonly half: number;

  constructor(
    capacity = 4096,
    readonly maxLength = 1024,
  ) {
    this.half = Math.max(1, capacity >>> 1);
  }

  /** True when `value` was remembered (then it is kept among the newer). */
  has(value: string): boolean {
    if (value.length > this.maxLength) return false;
    if (this.newer.has(value)) return true;
    if (!this.older.has(value)) return false;
    this.older.delete(value);
    this.add(value);
    return true;
  }

  /** Remember `value` (ignored beyond `maxLength`). */
  add(value: string): void {
    if (value.length > this.maxLength) return;
    if (this.newer.size >= this.half) {
      this.older = this.newer;
      this.newer = new Set();
    }
    this.newer.add(ownCopy(value));
  }

  /** Values remembered now. */
  get size(): number {
    return this.newer.size + this.older.size;
  }
}
