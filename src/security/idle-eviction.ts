/** A per-client table that can drop its idle entries from the least recently used end. */
export interface IdleEvictable<V> {
  evictIdle(isIdle: (value: V) => boolean): number;
}

/**
 * Drops idle per-client states (no record for a whole window) from a client table, at most once per
 * second of record time (or per window, when shorter) instead of on every record. The map stays
 * bounded by its capacity meanwhile, and the detectors treat an idle state they still find as new,
 * so when eviction runs changes no signal: only how long an idle client keeps its few bytes (at
 * most one interval more). A jump back in time of more than an interval evicts at once.
 */
export class IdleEviction<V extends { last: number }> {
  private readonly interval: number;
  private next = -Infinity;
  private now = 0;
  /** Built once: evicting allocates no closure per record. */
  private readonly isIdle = (state: V): boolean => this.now - state.last >= this.windowMs;

  constructor(
    private readonly map: IdleEvictable<V>,
    private readonly windowMs: number,
  ) {
    this.interval = Math.min(windowMs, 1000);
  }

  /** Evict when an interval has passed since the last eviction (record time `time`, epoch ms). */
  maybeEvict(time: number): void {
    if (time >= this.next || time < this.next - 2 * this.interval) this.evict(time);
  }

  /** Evict the states idle at `time` now. */
  evict(time: number): void {
    this.now = time;
    this.map.evictIdle(this.isIdle);
    this.next = time + this.interval;
  }
}
