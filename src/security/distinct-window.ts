import { TimeRing } from './time-ring.js';

const DEFAULTS = {
  /** Characters of a value kept for the distinct comparison. */
  maxValueLength: 256,
} as const;

/**
 * Count of distinct values seen in the last `windowMs` of record time, up to `capacity` (the
 * distinct-value leaky bucket of CrowdSec, with values leaking out by age): a repeated value adds
 * nothing while it is in the window. Memory O(capacity): a ring of (time, value) ({@link TimeRing}
 * and a value per ring index). Time never goes backwards inside (a late record counts at the newest time).
 */
export class DistinctWindow extends TimeRing {
  private readonly values: string[];

  constructor(windowMs: number, capacity: number) {
    super(windowMs, capacity);
    this.values = new Array<string>(capacity).fill('');
  }

  /** Record `value` at `time`; returns the number of distinct values in the window ending at it. */
  add(value: string, time: number): number {
    const t = this.advance(time);
    const v = value.length > DEFAULTS.maxValueLength ? value.slice(0, DEFAULTS.maxValueLength) : value;
    for (let k = 0; k < this.size; k++) {
      if (this.values[this.indexAt(k)] === v) return this.size;
    }
    this.values[this.push(t)] = v;
    return this.size;
  }

  /** The distinct values currently in the window, oldest first. */
  snapshot(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.size; k++) out.push(this.values[this.indexAt(k)]);
    return out;
  }

  /** The (time, value) pairs in the window, oldest first (for detector state). */
  entries(): [number, string][] {
    const out: [number, string][] = [];
    for (let k = 0; k < this.size; k++) {
      const at = this.indexAt(k);
      out.push([this.stamps[at], this.values[at]]);
    }
    return out;
  }

  /** A value leaving the window by age is released. */
  protected override expired(index: number): void {
    this.values[index] = '';
  }
}
