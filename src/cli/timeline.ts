import type { TimelineBucket } from './scan-report.js';

/** Bucket widths the timeline chooses from, smallest first. */
const WIDTHS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400, 172800, 604800, 2592000, 31536000].map((s) => s * 1000);

/**
 * Records, errors and signals over time in at most `maxBuckets` buckets (default 300): the width
 * grows through 1 s, 2 s, 5 s, ... 1 year as the span grows, merging what is already counted, so
 * memory stays bounded whatever the input and its order.
 */
export class Timeline {
  private width = WIDTHS[0];
  private level = 0;
  private readonly buckets = new Map<number, TimelineBucket>();
  private min = Infinity;
  private max = -Infinity;
  private last: TimelineBucket | undefined;

  constructor(private readonly maxBuckets = 300) {}

  /** Count a record (`error` when at ERROR or above). */
  record(time: number, error: boolean): void {
    const b = this.bucket(time);
    b.records++;
    if (error) b.errors++;
  }

  /** Count a signal. */
  signal(time: number): void {
    this.bucket(time).signals++;
  }

  /** Bucket width in ms. */
  get bucketMs(): number {
    return this.width;
  }

  /** Buckets in time order, empty ones included between the first and the last. */
  toJSON(): TimelineBucket[] {
    if (this.buckets.size === 0) return [];
    const out: TimelineBucket[] = [];
    const first = this.start(this.min);
    const end = this.start(this.max);
    for (let t = first; t <= end; t += this.width) out.push(this.buckets.get(t) ?? { start: t, records: 0, errors: 0, signals: 0 });
    return out;
  }

  private start(time: number): number {
    return Math.floor(time / this.width) * this.width;
  }

  private bucket(time: number): TimelineBucket {
    const last = this.last;
    if (last !== undefined && time >= last.start && time < last.start + this.width) return last;
    if (time < this.min) this.min = time;
    if (time > this.max) this.max = time;
    while ((this.start(this.max) - this.start(this.min)) / this.width >= this.maxBuckets && this.level < WIDTHS.length - 1) this.widen();
    const start = this.start(time);
    let b = this.buckets.get(start);
    if (b === undefined) {
      b = { start, records: 0, errors: 0, signals: 0 };
      this.buckets.set(start, b);
    }
    this.last = b;
    return b;
  }

  private widen(): void {
    this.width = WIDTHS[++this.level];
    const old = [...this.buckets.values()];
    this.buckets.clear();
    for (const o of old) {
      const start = this.start(o.start);
      const b = this.buckets.get(start);
      if (b === undefined) this.buckets.set(start, { ...o, start });
      else {
        b.records += o.records;
        b.errors += o.errors;
        b.signals += o.signals;
      }
    }
    this.last = undefined;
  }
}
