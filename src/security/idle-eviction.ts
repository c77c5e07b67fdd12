/** Per-client state that can drop its clients idle at a time (no event for a whole window) from the least recently used end. */
export interface IdleEvictable {
  evictIdle(now: number): number;
}

/**
 * Drops idle per-client states (no record for a whole window) from a client table, at most once per
 * second of record time (or per window, when shorter) instead of on every record. The map stays
 * bounded by its capacity meanwhile, and the detectors treat an idle state they still find as new,
 * so when eviction runs changes no signal: only how long an idle client keeps its few bytes (at
 * most one interval more). A jump back in time of more than an interval evicts at once.
 */
export class IdleEviction {
  private readonly interval: number;
  private next = -Infinity;

  constructor(
    private readonly map: IdleEvictable,
    windowMs: number,
  ) {
    this.interval = Math.min(windowMs, 1000);
  }

  /** Evict when an interval has passed since the last eviction (record time `time`, epoch ms). */
  maybeEvict(time: number): void {
    if (time >= this.next || time < this.next - 2 * this.interval) this.evict(time);
  }

  /** Evict the states idle at `time` now. */
  evict(time: number): void {
    this.map.evictIdle(time);
    this.next = time + this.interval;
  }
}
