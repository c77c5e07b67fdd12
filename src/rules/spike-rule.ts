import { boundedKey } from '../core/bounded-key.js';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { type Duration, formatDuration, parseDuration } from '../core/duration.js';
import { fieldString } from '../core/field.js';
import { KeyStateTable } from '../core/key-state-table.js';
import type { LogEvent } from '../core/log-event.js';
import { SIGNAL_SEVERITIES, type Signal, type SignalSeverity } from '../core/signal.js';
import { MAX_TIME, SlidingWindow } from '../core/sliding-window.js';
import { WINDOW_USER, WindowTable } from '../core/window-table.js';
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
  /** A record more than this far from the newest one is counted at the newest time unless the next far record confirms the jump (see `SlidingWindow`). Default `'1h'`. */
  maxSkew?: Duration;
  /** Signal severity. Default `'high'`. */
  severity?: SignalSeverity;
  /** Detector id. Default `'log_spike'`. */
  id?: string;
}

/** Defaults of {@link SpikeRuleOptions} (`cooldown` defaults to `window`). */
export const SPIKE_RULE_DEFAULTS = Object.freeze({ maxKeys: 10_000, maxSkew: '1h', severity: 'high' as SignalSeverity, id: 'log_spike' });
const DEFAULTS = SPIKE_RULE_DEFAULTS;

// Per-key numbers kept beside the window in its block (WindowTable user fields).
/** 1 while the spike is latched (fired, count still at or above the threshold). */
const LATCHED = WINDOW_USER;
/** Time of the last signal (-Infinity before the first). */
const LAST_FIRED = WINDOW_USER + 1;
/** Matching events since the spike began (for the evidence of repeated signals). */
const EPISODE = WINDOW_USER + 2;

/**
 * Fires when at least `threshold` matching events fall in a sliding window of record time, per
 * `groupBy` key. Sliding, not fixed buckets: the count at each event covers exactly the preceding
 * `window`. Fires once when the count reaches the threshold, then stays quiet (latched) until the
 * count falls back below the threshold (re-armed) or, while it stays high, until `cooldown` has passed
 * (then fires again with the episode's running count). Memory: `threshold` timestamps per key, at most
 * `maxKeys` keys; idle keys are evicted. A key's state is one typed-array block (`WindowTable`: 128 bytes up
 * to threshold 8, 192 up to 16); above 16 its timestamps are kept in a ring that grows with what the key
 * sees (not allocated to `threshold` up front); `groupBy` values are bounded in size ({@link boundedKey}).
 * Cost per record is O(1) whatever the number of live keys; without `groupBy` the one window is a
 * {@link SlidingWindow} held by the rule itself (no table: fewer objects touched per record). Record time far from the newest one
 * (beyond `maxSkew`) does not move the window unless confirmed. `toJSON`/`restore` keep the windows,
 * latches and last firing times, so a restart mid-episode does not fire again. Signal `log_spike`, evidence
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
  private readonly maxSkewMs: number;
  /** With `groupBy`, the keys: an O(1) LRU (a `KeyStateTable` nobody promotes in, no ghost set) whose slots hold their state, read through `windows`. Without it, none. */
  private keys: KeyStateTable | undefined;
  /** Per key (by slot of `keys`, in the slot): the sliding window, the latch, the last firing, the episode count. Without `groupBy`, none. */
  private windows: WindowTable | undefined;
  /** Without `groupBy`: the one key's state (what a node of `windows` holds), set by its first event. */
  private one: OneKeyWindow | undefined;
  private readonly maxKeys: number;
  /** The state of the last key seen: consecutive events of one key skip the map. */
  private lastKey: string | undefined;
  private lastNode = -1;
  private sinceSweep = 0;
  /** The time of the sweep under way. */
  private sweepNow = 0;
  /** Built once: a sweep allocates no closure. */
  private readonly isIdleNode = (node: number): boolean => {
    const now = this.sweepNow;
    const w = this.windows!;
    return w.isIdle(node, now) && now - w.data[w.base(node) + LAST_FIRED] >= this.cooldownMs;
  };

  constructor(options: SpikeRuleOptions) {
    if (options === undefined || options === null || typeof options !== 'object') {
      throw new ConfigError('spike', 'an options object { threshold, window }', options);
    }
    const o = checkOptions(options, 'spike', ['threshold', 'window', 'match', 'level', 'groupBy', 'cooldown', 'maxKeys', 'maxSkew', 'severity', 'id']);
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
    this.maxKeys = o.maxKeys === undefined ? DEFAULTS.maxKeys : checkInteger(o.maxKeys, 'spike.maxKeys', 1);
    this.maxSkewMs = parseDuration(o.maxSkew ?? DEFAULTS.maxSkew, 'spike.maxSkew');
    // without groupBy there is one key, kept in `one`: no table
    if (this.groupBy !== undefined) {
      this.keys = newTable(this.maxKeys, this.threshold);
      this.windows = windowsIn(this.keys, this.windowMs, this.threshold, this.maxSkewMs);
    }
  }

  observe(event: LogEvent, out: Signal[]): void {
    if (event.severityNumber < this.minLevel) return;
    if (this.predicate !== undefined && !this.predicate(event)) return;
    if (this.groupBy === undefined) {
      this.observeOne(event, out);
      return;
    }
    const v = fieldString(event.attributes, this.groupBy);
    if (v === undefined) return;
    const key = boundedKey(v);
    const t = event.time;
    const w = this.windows!;
    let node = this.lastNode;
    if (key !== this.lastKey) {
      const keys = this.keys!;
      node = keys.nodeOf(key);
      if (node < 0) {
        node = keys.insert(key);
        w.reset(node);
        w.data[w.base(node) + LAST_FIRED] = -Infinity;
      }
      this.lastKey = key;
      this.lastNode = node;
    }
    const d = w.data;
    const b = w.base(node);
    // A window that drained completely since the last event ends the spike even when one event
    // reaches the threshold again (threshold 1 would otherwise stay latched while it keeps firing
    // only at cooldown pace).
    if (d[b + LATCHED] === 1 && w.isIdle(node, t) && t - w.latest(node) <= this.maxSkewMs) d[b + LATCHED] = 0;
    const count = w.add(node, t);
    const latest = w.latest(node);
    // Idle keys are swept by the window's bounded clock, so a far-future record cannot evict them all.
    if (++this.sinceSweep >= 1024) this.sweep(latest);
    if (d[b + LATCHED] === 1) {
      d[b + EPISODE]++;
      if (count < this.threshold) {
        d[b + LATCHED] = 0;
        return;
      }
      if (latest - d[b + LAST_FIRED] < this.cooldownMs) return;
    } else {
      if (count < this.threshold) return;
      d[b + LATCHED] = 1;
      d[b + EPISODE] = count;
    }
    d[b + LAST_FIRED] = latest;
    out.push(this.signal(event, key, count, d[b + EPISODE]));
  }

  /**
   * The rule without `groupBy`: the same steps as the keyed path on the one key's fields. (No sweep:
   * a key is swept when idle at its own newest time, which the one key never is.)
   */
  private observeOne(event: LogEvent, out: Signal[]): void {
    let k = this.one;
    if (k === undefined) k = this.one = new OneKeyWindow(this.windowMs, this.threshold, this.maxSkewMs);
    const t = event.time;
    if (k.latched && k.isIdle(t) && t - k.latest <= this.maxSkewMs) k.latched = false;
    const count = k.add(t);
    const latest = k.latest;
    if (k.latched) {
      k.episode++;
      if (count < this.threshold) {
        k.latched = false;
        return;
      }
      if (latest - k.lastFired < this.cooldownMs) return;
    } else {
      if (count < this.threshold) return;
      k.latched = true;
      k.episode = count;
    }
    k.lastFired = latest;
    out.push(this.signal(event, '', count, k.episode));
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
    this.lastNode = -1;
    this.sweepNow = now;
    this.keys!.evictIdleNodes(this.isIdleNode);
  }

  /** The learned state: per key (least recently active first), the window's times, latch, last firing. */
  toJSON(): SpikeState {
    const keys: SpikeState['keys'] = [];
    const one = this.one;
    if (one !== undefined) {
      const latest = one.latest;
      keys.push([
        '',
        {
          times: one.times().filter((t) => t !== -Infinity),
          latest: Number.isFinite(latest) ? latest : null,
          latched: one.latched,
          lastFired: Number.isFinite(one.lastFired) ? one.lastFired : null,
          episode: one.episode,
        },
      ]);
    }
    // (without groupBy, no table: no nodes)
    const w = this.windows!;
    for (const node of this.keys?.nodeOrder() ?? []) {
      const latest = w.latest(node);
      const b = w.base(node);
      const lastFired = w.data[b + LAST_FIRED];
      keys.push([
        this.keys!.keyAt(node),
        {
          // a stamp of -Infinity (an event before any finite record time) leaves the window at the next event: not saved (JSON has no -Infinity)
          times: w.times(node).filter((t) => t !== -Infinity),
          latest: Number.isFinite(latest) ? latest : null,
          latched: w.data[b + LATCHED] === 1,
          lastFired: Number.isFinite(lastFired) ? lastFired : null,
          episode: w.data[b + EPISODE],
        },
      ]);
    }
    return { detector: 'log_spike', threshold: this.threshold, windowMs: this.windowMs, keys };
  }

  /**
   * Restore a state from {@link toJSON} of a spike rule with the same threshold and window. Validates
   * everything first: on a bad value it throws a {@link ConfigError} naming its path and changes nothing.
   */
  restore(state: unknown): void {
    const p = `${this.id}.restore`;
    const s = state as SpikeState;
    if (s === null || typeof s !== 'object' || s.detector !== 'log_spike' || !Array.isArray(s.keys)) throw new ConfigError(p, 'a log_spike state from toJSON()', state);
    if (s.threshold !== this.threshold) throw new ConfigError(`${p}.threshold`, `${this.threshold} (this rule's threshold)`, s.threshold);
    if (s.windowMs !== this.windowMs) throw new ConfigError(`${p}.windowMs`, `${this.windowMs} (this rule's window)`, s.windowMs);
    const capacity = this.groupBy === undefined ? 1 : this.maxKeys;
    if (s.keys.length > capacity) throw new ConfigError(`${p}.keys`, `at most ${capacity} keys (${this.groupBy === undefined ? 'one without groupBy' : 'maxKeys'})`, s.keys);
    // (without groupBy, the one key's window is checked by its own load, with the same errors)
    const next = this.groupBy === undefined ? undefined : newTable(capacity, this.threshold);
    const windows = next === undefined ? undefined : windowsIn(next, this.windowMs, this.threshold, this.maxSkewMs);
    let one: OneKeyWindow | undefined;
    s.keys.forEach((entry, i) => {
      const ep = `${p}.keys[${i}]`;
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || entry[1] === null || typeof entry[1] !== 'object') throw new ConfigError(ep, '[key, state]', entry);
      const keyOk = this.groupBy === undefined ? entry[0] === '' : boundedKey(entry[0]) === entry[0];
      if (!keyOk) throw new ConfigError(`${ep}[0]`, this.groupBy === undefined ? "'' (the one key without groupBy)" : 'a key of at most 256 characters', entry[0]);
      if (next !== undefined && next.nodeOf(entry[0]) >= 0) throw new ConfigError(`${ep}[0]`, 'a key not listed before', entry[0]);
      const json = entry[1] as Record<string, unknown>;
      const k = next === undefined ? new OneKeyWindow(this.windowMs, this.threshold, this.maxSkewMs) : undefined;
      if (k !== undefined) k.load(json.times, json.latest, ep);
      const window = windows?.check(json.times, json.latest, ep);
      if (typeof json.latched !== 'boolean') throw new ConfigError(`${ep}.latched`, 'true or false', json.latched);
      const lf = json.lastFired;
      if (lf !== null && (typeof lf !== 'number' || !Number.isFinite(lf) || Math.abs(lf) > MAX_TIME)) throw new ConfigError(`${ep}.lastFired`, 'epoch ms or null', lf);
      const episode = checkInteger(json.episode, `${ep}.episode`, 0);
      if (k !== undefined) {
        one = k;
        one.latched = json.latched;
        one.lastFired = lf === null ? -Infinity : lf;
        one.episode = episode;
        return;
      }
      const node = next!.insert(entry[0]);
      windows!.reset(node);
      windows!.load(node, window!);
      const d = windows!.data;
      const b = windows!.base(node);
      d[b + LATCHED] = json.latched ? 1 : 0;
      d[b + LAST_FIRED] = lf === null ? -Infinity : lf;
      d[b + EPISODE] = episode;
    });
    this.keys = next;
    this.windows = windows;
    this.one = one;
    this.lastKey = undefined;
    this.lastNode = -1;
    this.sinceSweep = 0;
  }

  /** Number of keys currently tracked (bounded by `maxKeys`). */
  get trackedKeys(): number {
    return this.one !== undefined ? 1 : (this.keys?.size ?? 0);
  }
}

/** The per-key table of a spike rule: a plain LRU of at most `maxKeys` keys, each slot holding the key's window block. */
function newTable(maxKeys: number, threshold: number): KeyStateTable {
  return new KeyStateTable(maxKeys, { ghost: false, stateDoubles: WindowTable.blockSize(threshold) });
}

/** The windows of the keys of `table`, kept in its slots. */
function windowsIn(table: KeyStateTable, windowMs: number, threshold: number, maxSkewMs: number): WindowTable {
  return new WindowTable(windowMs, threshold, table.capacity, maxSkewMs, { data: table.data, stride: table.stride, offset: table.base(0) });
}

/** The state of a spike rule's one key without `groupBy`: its window and the numbers a `WindowTable` node holds beside it, in one object. */
class OneKeyWindow extends SlidingWindow {
  latched = false;
  /** Time of the last signal (-Infinity before the first). */
  lastFired = Number.NEGATIVE_INFINITY;
  /** Matching events since the spike began. */
  episode = 0;
}

/** Serialised form of a {@link SpikeRule}. */
export interface SpikeState {
  detector: 'log_spike';
  threshold: number;
  windowMs: number;
  keys: [string, { times: number[]; latest: number | null; latched: boolean; lastFired: number | null; episode: number }][];
}
