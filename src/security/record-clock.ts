import { ConfigError } from '../core/config-error.js';

/** Serialised {@link RecordClock}. */
export interface RecordClockState {
  now: number | null;
  far: number | null;
  skewed: number;
}

/**
 * The trusted record-time clock of a per-client detector, robust to one bad timestamp (the rule of
 * the bucketed statistics detectors): a record more than `maxSkewMs` ahead of the newest trusted
 * time does not move the clock (`skewed++`), unless the next record is far ahead too and within
 * `maxSkewMs` of it (the stream really moved on: a replay, a host back from sleep). Idle eviction
 * runs on this clock, so one record dated in 2100 does not expire every client; the detectors also
 * reset a client whose state lies beyond {@link isAhead} (a far-future record froze its window).
 */
export class RecordClock {
  /** Newest trusted record time (-Infinity before the first record). */
  now = -Infinity;
  /** Far-future records that did not move the clock. */
  skewed = 0;
  /** Time of the last unconfirmed far-future record (NaN when none). */
  private far = NaN;

  constructor(readonly maxSkewMs: number) {}

  /**
   * Take a record stamped `time` into account; returns the time to count it at: `time` itself,
   * or the clock's time when `time` is not a record time (not finite, or beyond what `Date` takes:
   * a state holding it could not be restored).
   */
  observe(time: number): number {
    const now = this.now;
    if (!isTime(time)) return now === -Infinity ? 0 : now;
    if (now === -Infinity || time <= now + this.maxSkewMs) {
      if (time > now) this.now = time;
      this.far = NaN;
      return time;
    }
    const far = this.far;
    if (far === far && time >= far && time - far <= this.maxSkewMs) {
      this.now = time;
      this.far = NaN;
      return time;
    }
    this.far = time;
    this.skewed++;
    return time;
  }

  /** True when `time` is more than `maxSkewMs` ahead of the trusted clock (state left by a bad record). */
  isAhead(time: number): boolean {
    return time > this.now + this.maxSkewMs;
  }

  toJSON(): RecordClockState {
    return { now: this.now === -Infinity ? null : this.now, far: Number.isNaN(this.far) ? null : this.far, skewed: this.skewed };
  }

  /** Check a state from {@link toJSON} (throws a ConfigError naming `path`); returns it typed. */
  static check(state: unknown, path: string): RecordClockState {
    const s = state as RecordClockState;
    if (s === null || typeof s !== 'object') throw new ConfigError(path, 'a clock state { now, far, skewed }', state);
    if (!(s.now === null || isTime(s.now))) throw new ConfigError(`${path}.now`, 'null or a record time in epoch ms', s.now);
    if (!(s.far === null || isTime(s.far))) throw new ConfigError(`${path}.far`, 'null or a record time in epoch ms', s.far);
    if (!(Number.isSafeInteger(s.skewed) && s.skewed >= 0)) throw new ConfigError(`${path}.skewed`, 'a count >= 0', s.skewed);
    return s;
  }

  /** Adopt a state already checked by {@link check}. */
  load(s: RecordClockState): void {
    this.now = s.now === null ? -Infinity : s.now;
    this.far = s.far === null ? NaN : s.far;
    this.skewed = s.skewed;
  }
}

/** A plausible record time: finite, within +-100,000 years of 1970 in epoch ms (what `Date` accepts). */
export function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 8.64e15;
}
