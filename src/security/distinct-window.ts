const DEFAULTS = {
  /** Characters of a value kept for the distinct comparison. */
  maxValueLength: 256,
} as const;

/**
 * Count of distinct values seen in the last `windowMs` of record time, up to `capacity` (the
 * distinct-value leaky bucket of CrowdSec, with values leaking out by age): a repeated value adds
 * nothing while it is in the window. Memory O(capacity): a ring of (time, value). Time never goes
 * backwards inside (a late record counts at the newest time).
 */
export class DistinctWindow {
  private readonly times: Float64Array;
  private readonly values: string[];
  private head = 0;
  private size = 0;
  /** Newest time seen, epoch ms. */
  latest = -Infinity;

  constructor(
    readonly windowMs: number,
    readonly capacity: number,
  ) {
    this.times = new Float64Array(capacity);
    this.values = new Array<string>(capacity).fill('');
  }

  /** Record `value` at `time`; returns the number of distinct values in the window ending at it. */
  add(value: string, time: number): number {
    const t = time > this.latest ? time : this.latest;
    this.latest = t;
    this.expire(t);
    const v = value.length > DEFAULTS.maxValueLength ? value.slice(0, DEFAULTS.maxValueLength) : value;
    const cap = this.capacity;
    for (let k = 0; k < this.size; k++) {
      if (this.values[(this.head + k) % cap] === v) return this.size;
    }
    if (this.size === cap) {
      this.head = (this.head + 1) % cap;
      this.size--;
    }
    const at = (this.head + this.size) % cap;
    this.times[at] = t;
    this.values[at] = v;
    this.size++;
    return this.size;
  }

  /** Forget every value (the window is reused for another client). */
  reset(): void {
    this.head = 0;
    this.size = 0;
    this.latest = -Infinity;
  }

  /** The distinct values currently in the window, oldest first. */
  snapshot(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.size; k++) out.push(this.values[(this.head + k) % this.capacity]);
    return out;
  }

  /** The (time, value) pairs in the window, oldest first (for detector state). */
  entries(): [number, string][] {
    const out: [number, string][] = [];
    for (let k = 0; k < this.size; k++) {
      const at = (this.head + k) % this.capacity;
      out.push([this.times[at], this.values[at]]);
    }
    return out;
  }

  /** True when nothing is newer than `time - windowMs`. */
  isIdle(time: number): boolean {
    return this.latest <= time - this.windowMs;
  }

  private expire(t: number): void {
    const limit = t - this.windowMs;
    const cap = this.capacity;
    while (this.size > 0 && this.times[this.head] <= limit) {
      this.values[this.head] = '';
      this.head = (this.head + 1) % cap;
      this.size--;
    }
  }
}
