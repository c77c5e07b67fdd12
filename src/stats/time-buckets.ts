import { ConfigError } from '../core/config-error.js';
import { MAX_TIME } from '../core/sliding-window.js';

/**
 * Fixed, aligned time buckets driven by record time (`floor(time / size) * size`), for one series.
 *
 * A bucket closes when a record of a later bucket arrives (or `tick(now)` passes its end); the
 * caller then receives how many buckets closed. Rules for untrusted record time:
 * - **Late / out of order** (before the current bucket): counted in the current bucket (`late++`);
 *   a closed bucket is never reopened.
 * - **Far future** (more than `maxSkewMs` past the end of the current bucket): counted in the
 *   current bucket and flagged (`skewed++`) instead of jumping the clock, unless the *next* record
 *   is far ahead too and within `maxSkewMs` of the first one: then the stream really moved on (a
 *   replay with a gap, a host back from sleep) and the clock jumps to it. One bad clock cannot
 *   fast-forward the baseline; a real gap costs one record. The first record's bucket is the clock's
 *   only while the next record is within `maxSkewMs` before it: else the first was far ahead (counted
 *   as skewed, in the bucket) and the clock starts at the next one. A bucket starting beyond `MAX_TIME`
 *   (1e14 ms, year ~5138) is never moved to: such a clock is broken (and a state holding it could
 *   not be restored).
 * - **Gaps**: the buckets between the closed one and the new one are empty buckets; the caller
 *   replays at most `maxGap` of them (a stream that was away for a day does not replay 8640 zeros).
 */
export class TimeBuckets {
  /** Start of the current bucket, epoch ms (NaN before the first record). */
  start = NaN;
  /** Records counted in the current bucket although older than it. */
  late = 0;
  /** Far-future records counted in the current bucket instead of moving the clock. */
  skewed = 0;
  /** Bucket start of the last unconfirmed far-future record (NaN when none; -Infinity: the clock was started by the record before, alone). */
  private farStart = NaN;

  constructor(
    readonly sizeMs: number,
    readonly maxSkewMs: number,
  ) {}

  /**
   * Place a record at `time`: returns the number of buckets that close before it is counted
   * (0 = it belongs to the current bucket, which includes late and skewed records). When > 0, the
   * bucket that was current closes first, then `result - 1` empty buckets; `start` is updated.
   */
  advance(time: number): number {
    const size = this.sizeMs;
    const start = this.start;
    if (start !== start) {
      const first = Math.floor(time / size) * size;
      // beyond year ~5138 a clock is broken: not followed (the first bucket starts with the next record)
      if (first >= -MAX_TIME && first <= MAX_TIME) {
        this.start = first;
        this.farStart = -Infinity; // the clock is the first record's alone until the next one
      } else this.skewed++;
      return 0;
    }
    const end = start + size;
    if (time < end) {
      if (time < start) {
        // the record right after the first, more than maxSkew before it: the first was far ahead
        if (this.farStart === -Infinity && start - time > this.maxSkewMs && time >= -MAX_TIME) {
          this.start = Math.floor(time / size) * size;
          this.skewed++;
        } else this.late++;
      }
      this.farStart = NaN;
      return 0;
    }
    const target = Math.floor(time / size) * size;
    if (target > MAX_TIME) {
      this.skewed++;
      return 0;
    }
    if (time - end > this.maxSkewMs) {
      const far = this.farStart;
      if (!(far === far && target >= far && target - far <= this.maxSkewMs)) {
        this.farStart = target;
        this.skewed++;
        return 0;
      }
    }
    this.farStart = NaN;
    this.start = target;
    return (target - start) / size;
  }

  /**
   * True when `time` falls in the current bucket (not late, not past its end): {@link advance} would
   * return 0 and count nothing late; like it, this clears a pending far-future record.
   */
  holds(time: number): boolean {
    const start = this.start;
    if (time >= start && time < start + this.sizeMs) {
      this.farStart = NaN;
      return true;
    }
    return false;
  }

  /**
   * Advance to clock time `now` without a record (the processor's timer): returns how many buckets
   * close, like {@link advance}. The clock is trusted here (no skew check); the caller caps gaps.
   */
  tick(now: number): number {
    const start = this.start;
    if (start !== start || now < start + this.sizeMs) return 0;
    const target = Math.floor(now / this.sizeMs) * this.sizeMs;
    if (target > MAX_TIME) return 0;
    this.start = target;
    this.farStart = NaN;
    return (target - start) / this.sizeMs;
  }

  toJSON(): TimeBucketsState {
    return { start: Number.isNaN(this.start) ? null : this.start, late: this.late, skewed: this.skewed };
  }

  restore(state: unknown, path: string): void {
    const s = state as TimeBucketsState;
    if (s === null || typeof s !== 'object') throw new ConfigError(path, 'a time-buckets state { start, late, skewed }', state);
    // A start beyond year ~5000 (1e14 ms), or not on a bucket boundary, would freeze the clock.
    if (!(s.start === null || (typeof s.start === 'number' && Math.abs(s.start) <= MAX_TIME && Math.floor(s.start / this.sizeMs) * this.sizeMs === s.start))) {
      throw new ConfigError(`${path}.start`, `null or epoch ms on a ${this.sizeMs} ms bucket boundary`, s.start);
    }
    if (!isCount(s.late)) throw new ConfigError(`${path}.late`, 'an integer >= 0', s.late);
    if (!isCount(s.skewed)) throw new ConfigError(`${path}.skewed`, 'an integer >= 0', s.skewed);
    this.start = s.start === null ? NaN : s.start;
    this.late = s.late;
    this.skewed = s.skewed;
    this.farStart = NaN;
  }
}

/** The serialised form of {@link TimeBuckets}. */
export interface TimeBucketsState {
  start: number | null;
  late: number;
  skewed: number;
}

function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
