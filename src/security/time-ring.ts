/**
 * The ring of {@link DistinctWindow}: the times of
 * the newest `capacity` events of one client within the last `windowMs` of record time, oldest at
 * `head`. Time never goes backwards inside: a late event counts at the newest time. No allocation
 * per event. A subclass keeps what it needs beside each time, at the same ring index.
 */
export class TimeRing {
  protected readonly stamps: Float64Array;
  protected head = 0;
  protected size = 0;
  /** Newest time seen, epoch ms (-Infinity before the first event). */
  latest = -Infinity;

  constructor(
    readonly windowMs: number,
    readonly capacity: number,
  ) {
    this.stamps = new Float64Array(capacity);
  }

  /** Forget every event (the window is reused for another client). */
  reset(): void {
    this.head = 0;
    this.size = 0;
    this.latest = -Infinity;
  }

  /** True when nothing is newer than `time - windowMs`. */
  isIdle(time: number): boolean {
    return this.latest <= time - this.windowMs;
  }

  /** The time an event at `time` counts at (never before the newest), with the window moved to end there. */
  protected advance(time: number): number {
    const t = time > this.latest ? time : this.latest;
    this.latest = t;
    const limit = t - this.windowMs;
    while (this.size > 0 && this.stamps[this.head] <= limit) {
      this.expired(this.head);
      if (++this.head === this.capacity) this.head = 0;
      this.size--;
    }
    return t;
  }

  /** Append time `t` (from {@link advance}), dropping the oldest when full; returns its ring index. */
  protected push(t: number): number {
    const cap = this.capacity;
    if (this.size === cap) {
      if (++this.head === cap) this.head = 0;
      this.size--;
    }
    let tail = this.head + this.size;
    if (tail >= cap) tail -= cap;
    this.stamps[tail] = t;
    this.size++;
    return tail;
  }

  /** Ring index of the `k`-th oldest event in the window. */
  protected indexAt(k: number): number {
    const i = this.head + k;
    return i >= this.capacity ? i - this.capacity : i;
  }

  /** Called for the ring index of an event leaving the window by age (nothing by default). */
  protected expired(_index: number): void {}
}
