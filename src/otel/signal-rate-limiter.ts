/** Largest jump of record time the limiter follows without confirmation (as the detectors' `maxSkew`). */
export const LIMITER_MAX_SKEW_MS = 3_600_000;

/**
 * Token bucket on record time that bounds how many signal records are emitted: up to `perMinute`
 * at once, refilled at `perMinute` a minute. Counts what it refused, for the next record let through.
 *
 * Record time is untrusted: a signal more than `maxSkewMs` from the limiter's clock (after it or
 * before it) is judged at the clock's time and does not move it, unless the next far signal is
 * within `maxSkewMs` of it (the stream really moved). So one record dated in 2100 cannot stop the
 * refill for every signal after it (all would be dropped), and one dated in 1970 cannot refill it.
 */
export class SignalRateLimiter {
  private tokens: number;
  private last = -Infinity;
  /** Time of the last unconfirmed far signal (NaN when none). */
  private far = NaN;
  /** Refused since the last admitted signal (the caller reports it on the next signal it emits, then zeroes it). */
  dropped = 0;
  /** Refused in total. */
  droppedTotal = 0;
  /** Signals whose time was too far from the clock to move it. */
  skewed = 0;

  constructor(
    readonly perMinute: number,
    readonly maxSkewMs = LIMITER_MAX_SKEW_MS,
  ) {
    this.tokens = perMinute;
  }

  /** True when a signal at `time` may be emitted. */
  admit(time: number): boolean {
    const t = this.clockTime(time);
    if (this.last !== -Infinity && t > this.last) {
      this.tokens = Math.min(this.perMinute, this.tokens + ((t - this.last) * this.perMinute) / 60_000);
    }
    if (t > this.last) this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.dropped++;
    this.droppedTotal++;
    return false;
  }

  /** The time a signal at `time` is judged at (moving or jumping the clock when it should). */
  private clockTime(time: number): number {
    const last = this.last;
    if (!Number.isFinite(time)) return last;
    if (last === -Infinity) return time;
    const d = time - last;
    if (d <= this.maxSkewMs && d >= -this.maxSkewMs) {
      this.far = NaN;
      return time;
    }
    const far = this.far;
    if (far === far && Math.abs(time - far) <= this.maxSkewMs) {
      // confirmed: the stream moved; forward refills as usual, a jump back restarts the clock there
      this.far = NaN;
      if (d < 0) this.last = time;
      return time;
    }
    this.far = time;
    this.skewed++;
    return last;
  }
}
