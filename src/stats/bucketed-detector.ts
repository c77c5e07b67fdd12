import { BoundedMap } from '../core/bounded-map.js';
import { boundedKey } from '../core/bounded-key.js';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { type Duration, formatDuration, parseDuration } from '../core/duration.js';
import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { checkInteger, checkNumber, checkString } from '../core/validate.js';
import type { RunningStats } from './running-stats.js';
import type { TimeBuckets } from './time-buckets.js';

/** Which deviations fire: above the baseline, below it, or both. */
export type Direction = 'up' | 'down' | 'both';
export const DIRECTIONS: readonly Direction[] = ['up', 'down', 'both'];

/** Options every bucketed detector shares. */
export interface BucketedDetectorOptions {
  /** Bucket size: seconds or a duration string. Default `'10s'`. */
  bucket?: Duration;
  /** Closed buckets learned before any test (the warm-up, in buckets). Default 10. */
  warmupBuckets?: number;
  /** Baseline smoothing: weight of the newest bucket once past `1/baselineAlpha` buckets; 0 = plain Welford over all buckets. Default 0.05 (memory of about the last 20-40 buckets). */
  baselineAlpha?: number;
  /** Track one baseline per value of this attribute (e.g. `'service.name'`). Default: one global baseline. */
  groupBy?: string;
  /** Most keys tracked at once (least recently active dropped first). Default 1000. */
  maxKeys?: number;
  /** A record more than this far past the current bucket is counted in it and flagged, unless the next record confirms the jump. Default `'1h'`. */
  maxSkew?: Duration;
  /** Most empty buckets replayed after a gap (and evidence of idle keys). Default 60. */
  maxGap?: number;
  /** Detector id. Default: the signal name. */
  id?: string;
}

export const BUCKETED_KEYS = ['bucket', 'warmupBuckets', 'baselineAlpha', 'groupBy', 'maxKeys', 'maxSkew', 'maxGap', 'id'] as const;
/**
 * Shared defaults, with the reason for each: `warmupBuckets` 10 buckets (the shortest history whose mean and
 * spread are worth testing against); `baselineAlpha` 0.05 (remembers about the last 20-40 buckets:
 * follows a daily drift, not a 2-bucket burst); `maxSkew` 1 h (a clock more than an hour off is broken,
 * a replay gap is confirmed by the next record); `maxGap` 60 buckets (a stream away longer has no
 * baseline worth replaying zeros into); `maxKeys` 1000 (memory bound per detector).
 */
export const BUCKETED_DEFAULTS = Object.freeze({ bucket: '10s', warmupBuckets: 10, baselineAlpha: 0.05, maxKeys: 1000, maxSkew: '1h', maxGap: 60 });
const DEFAULTS = BUCKETED_DEFAULTS;
/** Records between two sweeps of idle keys. */
const SWEEP_EVERY = 4096;

/** The per-key state every bucketed detector keeps: the clock and the learned baseline. */
export interface SeriesState {
  clock: TimeBuckets;
  stats: RunningStats;
  /** True while the latest tested bucket was anomalous (one signal per episode). */
  latched: boolean;
}

/**
 * Shared machinery of the bucketed statistical detectors: options, per-key state in a
 * {@link BoundedMap}, closing buckets by record time and by `tick(now)`, the gap cap, idle-key
 * eviction and `toJSON`/`restore`. Subclasses count a record (`count`) and judge a closed bucket
 * (`close`); they allocate nothing per record.
 */
export abstract class BucketedDetector<S extends SeriesState> implements Detector {
  id: string;
  readonly kind = 'stat' as const;
  readonly bucketMs: number;
  readonly warmupBuckets: number;
  readonly baselineAlpha: number;
  readonly groupBy: string | undefined;
  readonly maxSkewMs: number;
  readonly maxGap: number;
  /** Bucket size for messages (`10s`). */
  protected readonly bucketText: string;
  protected readonly keys: BoundedMap<string, S>;
  private lastKey: string | undefined;
  private lastState: S | undefined;
  private sinceSweep = 0;
  /** Start of the newest bucket any key has reached (read with `groupBy` only; without, the one-series path leaves it behind). */
  private newest = -Infinity;

  protected constructor(
    o: BucketedDetectorOptions,
    readonly path: string,
    private readonly stateType: string,
  ) {
    this.bucketMs = parseDuration(o.bucket ?? DEFAULTS.bucket, `${path}.bucket`);
    this.warmupBuckets = o.warmupBuckets === undefined ? DEFAULTS.warmupBuckets : checkInteger(o.warmupBuckets, `${path}.warmupBuckets`, 1, 1_000_000);
    this.baselineAlpha = o.baselineAlpha === undefined ? DEFAULTS.baselineAlpha : checkNumber(o.baselineAlpha, `${path}.baselineAlpha`, 0, 0.99);
    this.groupBy = o.groupBy === undefined ? undefined : checkString(o.groupBy, `${path}.groupBy`);
    this.keys = new BoundedMap(o.maxKeys === undefined ? DEFAULTS.maxKeys : checkInteger(o.maxKeys, `${path}.maxKeys`, 1));
    this.maxSkewMs = parseDuration(o.maxSkew ?? DEFAULTS.maxSkew, `${path}.maxSkew`, true);
    this.maxGap = o.maxGap === undefined ? DEFAULTS.maxGap : checkInteger(o.maxGap, `${path}.maxGap`, 0, 1_000_000);
    this.id = o.id === undefined ? stateType : checkString(o.id, `${path}.id`);
    this.bucketText = formatDuration(this.bucketMs);
  }

  /** Whether the event is counted at all (level, match); default all. */
  protected accepts(_event: LogEvent): boolean {
    return true;
  }
  /** A fresh per-key state. */
  protected abstract newState(): S;
  /** Count one record into the current bucket of `state`. */
  protected abstract count(state: S, event: LogEvent): void;
  /** Judge, learn and reset the current bucket of `state` (`empty`: a gap bucket with no records). */
  protected abstract close(state: S, key: string, empty: boolean, bucketStart: number, time: number, out: Signal[]): void;
  /** Per-key counters beyond the shared ones, for toJSON. */
  protected abstract countersToJSON(state: S): Record<string, number | boolean | null>;
  /** Restore counters from {@link countersToJSON}; throw on a bad shape. */
  protected abstract countersFromJSON(state: S, json: Record<string, unknown>, path: string): void;

  observe(event: LogEvent, out: Signal[]): void {
    if (!this.accepts(event)) return;
    // The common case: one series (no groupBy) and a record of its current bucket, only counted
    // (what the general path below does for it, without the key and the clock's arithmetic).
    const last = this.lastState;
    // (`newest` is not kept up here: only the groupBy path reads it)
    if (last !== undefined && this.groupBy === undefined && this.sinceSweep < SWEEP_EVERY - 1 && last.clock.holds(event.time)) {
      this.sinceSweep++;
      this.count(last, event);
      return;
    }
    let key = '';
    if (this.groupBy !== undefined) {
      const v = fieldString(event.attributes, this.groupBy);
      if (v === undefined) return;
      key = boundedKey(v);
    }
    const t = event.time;
    if (!Number.isFinite(t)) return; // NaN or ±Infinity would freeze the clock
    if (++this.sinceSweep >= SWEEP_EVERY) this.sweep(t);
    let state = key === this.lastKey ? this.lastState : this.keys.get(key);
    if (state === undefined) {
      state = this.newState();
      this.keys.set(key, state);
    }
    this.lastKey = key;
    this.lastState = state;
    const previous = state.clock.start;
    const closed = state.clock.advance(t);
    if (closed > 0) {
      this.closeRun(state, key, previous, closed, t, out);
      // With groupBy, the first record of a new bucket closes the other keys' buckets too, so a
      // key that went silent is noticed by the other keys' records (once per bucket, O(keys)).
      if (this.groupBy !== undefined && state.clock.start > this.newest) {
        this.newest = state.clock.start;
        this.tick(t, out);
      }
    }
    if (state.clock.start > this.newest) this.newest = state.clock.start;
    this.count(state, event);
  }

  /** Close the buckets that ended by clock time `now` (how silence is noticed); see the docs. */
  tick(now: number, out: Signal[]): void {
    if (!Number.isFinite(now)) return;
    for (const [key, state] of this.keys.entries()) {
      const previous = state.clock.start;
      const closed = state.clock.tick(now);
      if (closed > 0) this.closeRun(state, key, previous, closed, now, out);
    }
  }

  private closeRun(state: S, key: string, previous: number, closed: number, time: number, out: Signal[]): void {
    this.close(state, key, false, previous, time, out);
    const gap = closed - 1 < this.maxGap ? closed - 1 : this.maxGap;
    for (let i = 1; i <= gap; i++) this.close(state, key, true, previous + i * this.bucketMs, time, out);
  }

  private sweep(now: number): void {
    this.sinceSweep = 0;
    this.lastKey = undefined;
    this.lastState = undefined;
    const idleMs = (this.maxGap + 2) * this.bucketMs;
    this.keys.evictIdle((s) => now - s.clock.start > idleMs);
  }

  /** Number of keys tracked (bounded by `maxKeys`). */
  get trackedKeys(): number {
    return this.keys.size;
  }

  /** The learned state: per key, the clock, the baseline and the open bucket's counters. */
  toJSON(): BucketedState {
    const keys: BucketedState['keys'] = [];
    for (const [k, s] of this.keys.entries()) {
      keys.push([k, { clock: s.clock.toJSON(), stats: s.stats.toJSON(), latched: s.latched, ...this.countersToJSON(s) }]);
    }
    return { detector: this.stateType, bucketMs: this.bucketMs, keys };
  }

  /** Restore a state from {@link toJSON} of the same detector type and bucket size. */
  restore(state: unknown): void {
    const p = `${this.id}.restore`;
    const s = state as BucketedState;
    if (s === null || typeof s !== 'object' || s.detector !== this.stateType || !Array.isArray(s.keys)) {
      throw new ConfigError(p, `a ${this.stateType} state from toJSON()`, state);
    }
    if (s.bucketMs !== this.bucketMs) throw new ConfigError(`${p}.bucketMs`, `${this.bucketMs} (this detector's bucket)`, s.bucketMs);
    if (s.keys.length > this.keys.capacity) throw new ConfigError(`${p}.keys`, `at most ${this.keys.capacity} keys (maxKeys)`, s.keys);
    // Validate everything into new states first; replace only when all of it is good.
    const next = new BoundedMap<string, S>(this.keys.capacity);
    let newest = -Infinity;
    s.keys.forEach((entry, i) => {
      const ep = `${p}.keys[${i}]`;
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || entry[1] === null || typeof entry[1] !== 'object') {
        throw new ConfigError(ep, '[key, state]', entry);
      }
      const json = entry[1] as Record<string, unknown>;
      const st = this.newState();
      st.clock.restore(json.clock, `${ep}.clock`);
      st.stats.restore(json.stats, `${ep}.stats`);
      st.latched = json.latched === true;
      this.countersFromJSON(st, json, ep);
      next.set(entry[0], st);
      if (st.clock.start > newest) newest = st.clock.start;
    });
    this.keys.clear();
    for (const [k, st] of next.entries()) this.keys.set(k, st);
    this.newest = newest;
    this.lastKey = undefined;
    this.lastState = undefined;
  }

  /** The evidence every bucketed signal carries. */
  protected baseEvidence(state: S, key: string, bucketStart: number): Signal['evidence'] {
    const e: Signal['evidence'] = {
      bucket: this.bucketText,
      bucketMs: this.bucketMs,
      bucketStart: new Date(bucketStart).toISOString(),
      baselineBuckets: state.stats.n,
    };
    if (state.clock.late > 0) e.lateRecords = state.clock.late;
    if (state.clock.skewed > 0) e.skewedRecords = state.clock.skewed;
    if (this.groupBy !== undefined) e[this.groupBy] = key;
    return e;
  }
}

/** Serialised form of a bucketed detector. */
export interface BucketedState {
  detector: string;
  bucketMs: number;
  keys: [string, Record<string, unknown>][];
}

/** True when `z` is beyond `limit` in the given direction. */
export function beyond(z: number, limit: number, direction: Direction): boolean {
  return direction === 'up' ? z > limit : direction === 'down' ? z < -limit : z > limit || z < -limit;
}

/**
 * The value learned from an anomalous bucket: clamped to the control limit (winsorised), so a
 * sustained change moves the baseline gradually instead of being learned at once.
 */
export function clampToLimit(x: number, mean: number, spread: number): number {
  const hi = mean + spread;
  const lo = mean - spread;
  return x > hi ? hi : x < lo ? lo : x;
}

/** A required non-negative counter from a JSON state. */
export function counter(json: Record<string, unknown>, name: string, path: string): number {
  const v = json[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ConfigError(`${path}.${name}`, 'an integer >= 0', v);
  return v;
}

/** Round for evidence (4 decimals is plenty for a person). */
export function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
