import { BoundedMap } from '../core/bounded-map.js';
import type { Signal } from '../core/signal.js';

interface Entry {
  until: number;
  suppressed: number;
}

/**
 * Suppresses repeats of a signal from the same detector and key for `cooldownMs` of record time,
 * counting what it suppressed; the next signal let through carries that count in `suppressed`.
 * At most `maxKeys` detector/key pairs are remembered (least recently used dropped).
 */
export class SignalCooldown {
  private readonly entries: BoundedMap<string, Entry>;

  constructor(readonly cooldownMs: number, maxKeys: number) {
    this.entries = new BoundedMap(maxKeys);
  }

  /** True when `signal` should be delivered; false when it is a suppressed repeat. */
  admit(signal: Signal): boolean {
    if (this.cooldownMs <= 0) return true;
    const k = signal.key === undefined ? signal.detector : `${signal.detector}\u0000${signal.key}`;
    const e = this.entries.get(k);
    if (e !== undefined && signal.time < e.until && signal.time >= e.until - this.cooldownMs) {
      e.suppressed++;
      return false;
    }
    if (e !== undefined && e.suppressed > 0) signal.suppressed = e.suppressed;
    // A late (older) signal let through does not shorten the cooldown of a newer one.
    const until = signal.time + this.cooldownMs;
    this.entries.set(k, { until: e !== undefined && e.until > until ? e.until : until, suppressed: 0 });
    return true;
  }
}
