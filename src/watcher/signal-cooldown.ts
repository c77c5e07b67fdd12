import { BoundedMap } from '../core/bounded-map.js';
import { ConfigError } from '../core/config-error.js';
import type { Signal } from '../core/signal.js';
import { MAX_TIME } from '../core/sliding-window.js';

/** Detector ids whose last key {@link SignalCooldown} remembers (a pipeline has a few detectors). */
const MAX_KEY_MEMO = 256;

interface Entry {
  until: number;
  suppressed: number;
}

/**
 * Suppresses repeats of a signal from the same detector and key for `cooldownMs` of record time,
 * counting what it suppressed; the next signal let through carries that count in `suppressed`.
 * At most `maxKeys` detector/key pairs are remembered (least recently used dropped). Its state
 * (`toJSON`/`restore`) survives a restart, so a restart inside a cooldown does not repeat a signal.
 */
export class SignalCooldown {
  private entries: BoundedMap<string, Entry>;
  /**
   * Per detector id, the last key it signalled and its map key (`detector\u0000key`): a detector
   * repeating one key (the common case: a keyword, a level, a template) reuses the string and its
   * cached hash instead of concatenating and hashing a new one. At most {@link MAX_KEY_MEMO} ids.
   */
  private readonly keyMemo = new Map<string, { key: string | undefined; mapKey: string }>();

  constructor(
    readonly cooldownMs: number,
    readonly maxKeys: number,
  ) {
    this.entries = new BoundedMap(maxKeys);
  }

  /** True when `signal` should be delivered; false when it is a suppressed repeat. */
  admit(signal: Signal): boolean {
    if (this.cooldownMs <= 0) return true;
    const k = this.mapKey(signal.detector, signal.key);
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

  private mapKey(detector: string, key: string | undefined): string {
    const memo = this.keyMemo.get(detector);
    if (memo !== undefined && memo.key === key) return memo.mapKey;
    const mapKey = key === undefined ? detector : `${detector}\u0000${key}`;
    if (memo !== undefined) {
      memo.key = key;
      memo.mapKey = mapKey;
    } else {
      if (this.keyMemo.size >= MAX_KEY_MEMO) this.keyMemo.clear();
      this.keyMemo.set(detector, { key, mapKey });
    }
    return mapKey;
  }

  /**
   * The remembered pairs, least recently used first: `[detector\u0000key, until, suppressed]`. A pair
   * whose end is not a time `restore` takes (NaN, or beyond `MAX_TIME`: a signal of a record dated past
   * year ~5138) is left out: it suppresses only repeats dated as far out.
   */
  toJSON(): CooldownState {
    const entries: CooldownState['entries'] = [];
    for (const [k, e] of this.entries.entries()) if (Math.abs(e.until) <= MAX_TIME) entries.push([k, e.until, e.suppressed]);
    return { cooldownMs: this.cooldownMs, entries };
  }

  /**
   * Restore from {@link toJSON}. Validates first: on a bad value throws a {@link ConfigError} naming
   * its path (under `path`) and changes nothing. A state saved with another cooldown is accepted
   * (the times it holds are absolute).
   */
  restore(state: unknown, path = 'cooldown'): void {
    const s = state as CooldownState;
    if (s === null || typeof s !== 'object' || !Array.isArray(s.entries)) throw new ConfigError(path, 'a cooldown state { cooldownMs, entries } from toJSON()', state);
    if (s.entries.length > this.maxKeys) throw new ConfigError(`${path}.entries`, `at most ${this.maxKeys} entries (maxCooldownKeys)`, s.entries);
    const next = new BoundedMap<string, Entry>(this.maxKeys);
    s.entries.forEach((e, i) => {
      const p = `${path}.entries[${i}]`;
      if (!Array.isArray(e) || e.length !== 3 || typeof e[0] !== 'string') throw new ConfigError(p, '[key, until, suppressed]', e);
      const [k, until, suppressed] = e;
      if (typeof until !== 'number' || !Number.isFinite(until) || Math.abs(until) > MAX_TIME) throw new ConfigError(`${p}[1]`, 'epoch ms', until);
      if (typeof suppressed !== 'number' || !Number.isInteger(suppressed) || suppressed < 0) throw new ConfigError(`${p}[2]`, 'an integer >= 0', suppressed);
      next.set(k, { until, suppressed });
    });
    this.entries = next;
  }
}

/** Serialised form of a {@link SignalCooldown}. */
export interface CooldownState {
  cooldownMs: number;
  entries: [string, number, number][];
}
