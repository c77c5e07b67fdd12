import { BoundedMap } from '../core/bounded-map.js';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { type Duration, formatDuration, parseDuration } from '../core/duration.js';
import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import { SIGNAL_SEVERITIES, type Signal, type SignalSeverity } from '../core/signal.js';
import { SlidingWindow } from '../core/sliding-window.js';
import { checkChoice, checkInteger, checkOptions, checkString } from '../core/validate.js';
import { compileMatch, type EventMatch, type EventPredicate } from './event-filter.js';
import { parseLevel } from '../core/level.js';

/** Options of {@link SpikeRule}. */
export interface SpikeRuleOptions {
  /** Fire when at least this many matching events fall inside the window. Required, >= 1. */
  threshold: number;
  /** Sliding window: seconds (`10`) or a duration string (`'10s'`, `'5m'`). Required. */
  window: Duration;
  /** Which events count: keyword(s), predicate or `{ keyword, level, field, equals }`. Default: all. */
  match?: EventMatch;
  /** Count only records at this level or above (the seed's `target_level`). Default: any level. */
  level?: string | number;
  /** Count per value of this attribute (e.g. `'client.address'`); events without it are not counted. Default: one global count. */
  groupBy?: string;
  /** While the count stays at or above the threshold, fire again after this long. Default: the window. */
  cooldown?: Duration;
  /** Most keys tracked at once; the least recently active key is dropped beyond it. Default 10000. */
  maxKeys?: number;
  /** Signal severity. Default `'high'`. */
  severity?: SignalSeverity;
  /** Detector id. Default `'log_spike'`. */
  id?: string;
}

const DEFAULTS = { maxKeys: 10_000, severity: 'high' as SignalSeverity, id: 'log_spike' };

interface KeyState {
  window: SlidingWindow;
  latched: boolean;
  lastFired: number;
  /** Matching events since the spike began (for the evidence of repeated signals). */
  episode: number;
}

/**
 * Fires when at least `threshold` matching events fall in a sliding window of record time, per
 * `groupBy` key. Sliding, not fixed buckets: the count at each event covers exactly the preceding
 * `window`. Fires once when the count reaches the threshold, then stays quiet (latched) until the
 * count falls back below the threshold (re-armed) or, while it stays high, until `cooldown` has passed
 * (then fires again with the episode's running count). Memory: `threshold` timestamps per key, at most
 * `maxKeys` keys; idle keys are evicted. Signal `log_spike`, evidence
 * `{ count, threshold, window, windowMs, episodeCount, level?, key? }`.
 */
export class SpikeRule implements Detector {
  id: string;
  readonly kind = 'rule' as const;
  readonly threshold: number;
  readonly windowMs: number;
  private readonly cooldownMs: number;
  private readonly predicate: EventPredicate | undefined;
  private readonly minLevel: number;
  private readonly levelName: string | undefined;
  private readonly groupBy: string | undefined;
  private readonly severity: SignalSeverity;
  private readonly keys: BoundedMap<string, KeyState>;
  /** The state of the last key seen: consecutive events of one key skip the map. */
  private lastKey: string | undefined;
  private lastState: KeyState | undefined;
  private sinceSweep = 0;

  constructor(options: SpikeRuleOptions) {
    if (options === undefined || options === null || typeof options !== 'object') {
      throw new ConfigError('spike', 'an options object { threshold, window }', options);
    }
    const o = checkOptions(options, 'spike', ['threshold', 'window', 'match', 'level', 'groupBy', 'cooldown', 'maxKeys', 'severity', 'id']);
    this.threshold = checkInteger(o.threshold, 'spike.threshold', 1, 1_000_000);
    if (o.window === undefined) throw new ConfigError('spike.window', "a duration such as 10 (seconds) or '10s'", undefined);
    this.windowMs = parseDuration(o.window, 'spike.window');
    this.cooldownMs = o.cooldown === undefined ? this.windowMs : parseDuration(o.cooldown, 'spike.cooldown', true);
    this.predicate = compileMatch(o.match, 'spike.match', 8192);
    this.minLevel = o.level === undefined ? 0 : parseLevel(o.level, 'spike.level');
    this.levelName = typeof o.level === 'string' ? o.level.toUpperCase() : undefined;
    this.groupBy = o.groupBy === undefined ? undefined : checkString(o.groupBy, 'spike.groupBy');
    this.severity = o.severity === undefined ? DEFAULTS.severity : checkChoice(o.severity, 'spike.severity', SIGNAL_SEVERITIES);
    this.id = o.id === undefined ? DEFAULTS.id : checkString(o.id, 'spike.id');
    this.keys = new BoundedMap(o.maxKeys === undefined ? DEFAULTS.maxKeys : checkInteger(o.maxKeys, 'spike.maxKeys', 1));
  }

  observe(event: LogEvent, out: Signal[]): void {
    if (event.severityNumber < this.minLevel) return;
    if (this.predicate !== undefined && !this.predicate(event)) return;
    let key = '';
    if (this.groupBy !== undefined) {
      const v = fieldString(event.attributes, this.groupBy);
      if (v === undefined) return;
      key = v;
    }
    const t = event.time;
    if (++this.sinceSweep >= 1024) this.sweep(t);
    let state = key === this.lastKey ? this.lastState : this.keys.get(key);
    if (state === undefined) {
      state = { window: new SlidingWindow(this.windowMs, this.threshold), latched: false, lastFired: -Infinity, episode: 0 };
      this.keys.set(key, state);
    }
    this.lastKey = key;
    this.lastState = state;
    // A window that drained completely since the last event ends the spike even when one event
    // reaches the threshold again (threshold 1 would otherwise stay latched while it keeps firing
    // only at cooldown pace).
    if (state.latched && state.window.isIdle(t)) state.latched = false;
    const count = state.window.add(t);
    if (state.latched) {
      state.episode++;
      if (count < this.threshold) {
        state.latched = false;
        return;
      }
      if (state.window.latest - state.lastFired < this.cooldownMs) return;
    } else {
      if (count < this.threshold) return;
      state.latched = true;
      state.episode = count;
    }
    state.lastFired = state.window.latest;
    out.push(this.signal(event, key, count, state.episode));
  }

  private signal(event: LogEvent, key: string, count: number, episode: number): Signal {
    const win = formatDuration(this.windowMs);
    const what = this.levelName ? `${this.levelName} logs` : 'Logs';
    const evidence: Signal['evidence'] = { count, threshold: this.threshold, window: win, windowMs: this.windowMs, episodeCount: episode };
    if (this.levelName) evidence.level = this.levelName;
    if (this.groupBy !== undefined) evidence[this.groupBy] = key;
    const repeat = episode > count ? `, ${episode} since the spike began` : '';
    return {
      detector: this.id,
      name: 'log_spike',
      kind: 'rule',
      severity: this.severity,
      message: `${what} spiked (${count} in ${win}${this.groupBy !== undefined ? ` for ${this.groupBy}=${key}` : ''}${repeat})`,
      time: event.time,
      key: this.groupBy !== undefined ? key : undefined,
      evidence,
    };
  }

  private sweep(now: number): void {
    this.sinceSweep = 0;
    this.lastKey = undefined;
    this.lastState = undefined;
    this.keys.evictIdle((s) => s.window.isIdle(now) && now - s.lastFired >= this.cooldownMs);
  }

  /** Number of keys currently tracked (bounded by `maxKeys`). */
  get trackedKeys(): number {
    return this.keys.size;
  }
}
