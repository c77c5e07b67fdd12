import { TimeRing } from './time-ring.js';

/**
 * Times of the newest `capacity` events of one client within the last `windowMs` of record time:
 * "at least N events in the window" is exact for N <= capacity. A ring of timestamps
 * ({@link TimeRing}: no allocation per event; a late event counts at the newest time). Unlike the
 * core sliding window it exposes its timestamps, for detector state.
 */
export class FailureWindow extends TimeRing {
  /** Record an event at `time`; returns the count in the window ending at it (<= capacity). */
  add(time: number): number {
    this.push(this.advance(time));
    return this.size;
  }

  /** The timestamps in the window, oldest first. */
  times(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.size; k++) out.push(this.stamps[this.indexAt(k)]);
    return out;
  }
}
