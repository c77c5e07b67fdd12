/**
 * Exact sliding-window counter for one key: how many events fell in the last `windowMs` of record
 * time, counted up to `capacity`.
 *
 * It keeps only the newest `capacity` timestamps in a ring (memory O(capacity), no per-event
 * allocation). "At least N events in the window" is exact for N <= capacity, so a rule with
 * threshold N needs capacity N. The window slides with each event: 8 events in 9 s that straddle a
 * minute boundary are counted together, unlike fixed buckets.
 *
 * Time never goes backwards inside the window: an event older than the newest one is counted at the
 * newest time (late records still count, but cannot reopen an expired window).
 */
export class SlidingWindow {
  private readonly stamps: Float64Array;
  private head = 0; // index of the oldest stamp
  private size = 0;
  /** Newest time seen, epoch ms (-Infinity before the first event). */
  latest = -Infinity;

  constructor(readonly windowMs: number, readonly capacity: number) {
    this.stamps = new Float64Array(capacity);
  }

  /** Record an event at `time` and return the count in the window ending at it (<= capacity). */
  add(time: number): number {
    const t = time > this.latest ? time : this.latest;
    this.latest = t;
    this.expire(t);
    const cap = this.capacity;
    if (this.size === cap) {
      if (++this.head === cap) this.head = 0;
      this.size--;
    }
    let tail = this.head + this.size;
    if (tail >= cap) tail -= cap;
    this.stamps[tail] = t;
    this.size++;
    return this.size;
  }

  /** Count of events in the window ending at `time`, without adding one. */
  count(time: number): number {
    this.expire(time > this.latest ? time : this.latest);
    return this.size;
  }

  /** Time of the oldest event still in the window (NaN when empty). */
  oldest(): number {
    return this.size === 0 ? NaN : this.stamps[this.head];
  }

  /** True when no event is newer than `time - windowMs` (the state can be dropped). */
  isIdle(time: number): boolean {
    return this.latest <= time - this.windowMs;
  }

  private expire(t: number): void {
    const limit = t - this.windowMs;
    const cap = this.capacity;
    while (this.size > 0 && this.stamps[this.head] <= limit) {
      if (++this.head === cap) this.head = 0;
      this.size--;
    }
  }
}
