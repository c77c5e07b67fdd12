import { ConfigError } from './config-error.js';

/** First ring size of a {@link SlidingWindow}; it doubles as events arrive, up to the capacity. */
const INITIAL_RING = 4;

/**
 * Exact sliding-window counter for one key: how many events fell in the last `windowMs` of record
 * time, counted up to `capacity`.
 *
 * It keeps only the newest `capacity` timestamps in a ring that starts small and doubles when full
 * (up to `capacity`), so memory is in proportion to the events actually in the window, not to the
 * threshold: a rule with threshold 1,000,000 costs 32 bytes for a key that saw one event.
 * "At least N events in the window" is exact for N <= capacity, so a rule with threshold N needs
 * capacity N. The window slides with each event: 8 events in 9 s that straddle a minute boundary are
 * counted together, unlike fixed buckets.
 *
 * Rules for untrusted record time (as the bucketed detectors' `TimeBuckets`):
 * - **Late** (older than the newest event): counted at the newest time (late records still count,
 *   but cannot reopen an expired window).
 * - **Far jump** (more than `maxSkewMs` after, or before, the newest event): counted at the newest
 *   time and flagged (`skewed++`) instead of moving the clock, unless the *next* far record is within
 *   `maxSkewMs` of this one: then the stream really moved (a replay, a clock fixed) and the window
 *   moves to it (a jump back empties the window). One record dated in 2100 cannot freeze the window.
 * - **Not finite** (NaN, ±Infinity): counted at the newest time.
 * - **Beyond {@link MAX_TIME}** (year ~5138, either way): counted at the newest time and flagged, never
 *   confirmed (a state holding such a time could not be restored).
 */
export class SlidingWindow {
  /** The ring (a plain array of doubles: lighter than a typed array for the few stamps most keys hold). */
  private stamps: number[];
  private head = 0; // index of the oldest stamp
  private size = 0;
  /** Newest time seen, epoch ms (-Infinity before the first event). */
  latest = -Infinity;
  /** Records counted at the newest time because they were far from it (see the class doc). */
  skewed = 0;
  /** Time of the last unconfirmed far record (NaN when none). */
  private far = NaN;

  /**
   * @param windowMs window length, ms
   * @param capacity most timestamps kept (the threshold), >= 1
   * @param maxSkewMs largest jump of record time accepted without confirmation (default: unbounded)
   */
  constructor(
    readonly windowMs: number,
    readonly capacity: number,
    readonly maxSkewMs = Infinity,
  ) {
    this.stamps = newRing(capacity < INITIAL_RING ? capacity : INITIAL_RING);
  }

  /** Record an event at `time` and return the count in the window ending at it (<= capacity). */
  add(time: number): number {
    const t = this.place(time);
    this.expire(t);
    let ring = this.stamps;
    if (this.size === ring.length) {
      if (ring.length < this.capacity) ring = this.grow();
      else {
        if (++this.head === ring.length) this.head = 0;
        this.size--;
      }
    }
    let tail = this.head + this.size;
    if (tail >= ring.length) tail -= ring.length;
    ring[tail] = t;
    this.size++;
    return this.size;
  }

  /** Count of events in the window ending at `time`, without adding one. */
  count(time: number): number {
    this.expire(time > this.latest ? (time - this.latest > this.maxSkewMs ? this.latest : time) : this.latest);
    return this.size;
  }

  /** Timestamps the ring has room for now (grows with the events seen, up to `capacity`). */
  get allocated(): number {
    return this.stamps.length;
  }

  /** Time of the oldest event still in the window (NaN when empty). */
  oldest(): number {
    return this.size === 0 ? NaN : this.stamps[this.head];
  }

  /** True when no event is newer than `time - windowMs` (the state can be dropped). */
  isIdle(time: number): boolean {
    return this.latest <= time - this.windowMs;
  }

  /** The timestamps in the window, oldest first (for state). */
  times(): number[] {
    const out: number[] = [];
    const ring = this.stamps;
    for (let i = 0, j = this.head; i < this.size; i++) {
      out.push(ring[j]);
      if (++j === ring.length) j = 0;
    }
    return out;
  }

  /**
   * Replace the content with `times` (ascending finite epoch ms, at most `capacity`) and `latest`.
   * Throws a {@link ConfigError} at `path` when they are not that.
   */
  load(times: unknown, latest: unknown, path: string): void {
    if (!Array.isArray(times) || times.length > this.capacity) throw new ConfigError(`${path}.times`, `an array of at most ${this.capacity} times`, times);
    let prev = -Infinity;
    times.forEach((t, i) => {
      if (typeof t !== 'number' || !Number.isFinite(t) || Math.abs(t) > MAX_TIME || t < prev) throw new ConfigError(`${path}.times[${i}]`, 'epoch ms in ascending order', t);
      prev = t;
    });
    const last = times.length > 0 ? (times[times.length - 1] as number) : -Infinity;
    if (latest !== null && (typeof latest !== 'number' || !Number.isFinite(latest) || Math.abs(latest) > MAX_TIME || latest < last)) {
      throw new ConfigError(`${path}.latest`, 'epoch ms (null when empty), not before the last time', latest);
    }
    let n = INITIAL_RING;
    while (n < times.length) n *= 2;
    this.stamps = newRing(Math.min(this.capacity, Math.max(n, 1)));
    (times as number[]).forEach((t, i) => (this.stamps[i] = t));
    this.head = 0;
    this.size = times.length;
    this.latest = latest === null ? -Infinity : latest;
    this.far = NaN;
  }

  /** The time an event at `time` is counted at (see the class doc), moving the clock when it should. */
  private place(time: number): number {
    const latest = this.latest;
    if (!Number.isFinite(time)) return latest;
    if (time > MAX_TIME || time < -MAX_TIME) {
      this.skewed++; // a broken clock (beyond year ~5138): never followed, so a saved state restores
      return latest;
    }
    if (latest === -Infinity) {
      this.latest = time;
      return time;
    }
    const d = time - latest;
    if (d <= this.maxSkewMs && d >= -this.maxSkewMs) {
      this.far = NaN;
      if (d <= 0) return latest;
      this.latest = time;
      return time;
    }
    const far = this.far;
    if (far === far && Math.abs(time - far) <= this.maxSkewMs) {
      this.far = NaN;
      if (d < 0) {
        this.size = 0;
        this.head = 0;
      }
      this.latest = time;
      return time;
    }
    this.far = time;
    this.skewed++;
    return latest;
  }

  private grow(): number[] {
    const old = this.stamps;
    const next = newRing(Math.min(this.capacity, old.length * 2));
    for (let i = 0, j = this.head; i < this.size; i++) {
      next[i] = old[j];
      if (++j === old.length) j = 0;
    }
    this.stamps = next;
    this.head = 0;
    return next;
  }

  private expire(t: number): void {
    const limit = t - this.windowMs;
    const ring = this.stamps;
    while (this.size > 0 && ring[this.head] <= limit) {
      if (++this.head === ring.length) this.head = 0;
      this.size--;
    }
  }
}

/** A ring of `n` doubles (0.5 makes the array hold unboxed doubles from the start). */
function newRing(n: number): number[] {
  return new Array<number>(n).fill(0.5);
}

/** Largest absolute record time a restored state may hold (year ~5138): beyond it a clock is broken. */
export const MAX_TIME = 1e14;
