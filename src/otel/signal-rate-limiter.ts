/**
 * Token bucket on record time that bounds how many signal records are emitted: up to `perMinute`
 * at once, refilled at `perMinute` a minute. Counts what it refused, for the next record let through.
 */
export class SignalRateLimiter {
  private tokens: number;
  private last = -Infinity;
  /** Refused since the last admitted signal. */
  dropped = 0;
  /** Refused in total. */
  droppedTotal = 0;

  constructor(readonly perMinute: number) {
    this.tokens = perMinute;
  }

  /** True when a signal at `time` may be emitted. */
  admit(time: number): boolean {
    if (this.last !== -Infinity && time > this.last) {
      this.tokens = Math.min(this.perMinute, this.tokens + ((time - this.last) * this.perMinute) / 60_000);
    }
    if (time > this.last) this.last = time;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.dropped++;
    this.droppedTotal++;
    return false;
  }
}
