/**
 * Times of the newest `capacity` events of one client within the last `windowMs` of record time:
 * "at least N events in the window" is exact for N <= capacity. A ring of timestamps (no
 * allocation per event). Time never goes backwards inside: a late event counts at the newest time.
 * Unlike the core sliding window it exposes its timestamps, for detector state.
 */
export class FailureWindow {
  private readonly stamps: Float64Array;
  private head = 0;
  private size = 0;
  /** Newest time seen, epoch ms (-Infinity before the first event). */
  latest = -Infinity;

  constructor(
    readonly windowMs: number,
    readonly capacity: number,
  ) {
    this.stamps = new Float64Array(capacity);
  }

  /** Record an event at `time`; returns the count in the window ending at it (<= capacity). */
  add(time: number): number {
    const t = time > this.latest ? time : this.latest;
    this.latest = t;
    const limit = t - this.windowMs;
    const cap = this.capacity;
    while (this.size > 0 && this.stamps[this.head] <= limit) {
      if (++this.head === cap) this.head = 0;
      this.size--;
    }
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

  /** Forget every event (the window is reused for another client). */
  reset(): void {
    this.head = 0;
    this.size = 0;
    this.latest = -Infinity;
  }

  /** The timestamps in the window, oldest first. */
  times(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.size; k++) out.push(this.stamps[(this.head + k) % this.capacity]);
    return out;
  }
}
