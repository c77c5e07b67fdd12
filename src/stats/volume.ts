import type { LogEvent } from '../core/log-event.js';
import type { Signal, SignalSeverity } from '../core/signal.js';
import { SIGNAL_SEVERITIES } from '../core/signal.js';
import { checkChoice, checkInteger, checkNumber, checkOptions } from '../core/validate.js';
import { parseLevel } from '../core/level.js';
import { BUCKETED_KEYS, BucketedDetector, type BucketedDetectorOptions, beyond, clampToLimit, counter, DIRECTIONS, type Direction, round, type SeriesState } from './bucketed-detector.js';
import { RunningStats } from './running-stats.js';
import { TimeBuckets } from './time-buckets.js';

/** Options of {@link VolumeZScore} (plus the shared {@link BucketedDetectorOptions}). */
export interface VolumeZScoreOptions extends BucketedDetectorOptions {
  /** z threshold. Default 3. */
  z?: number;
  /** Count only records at this level or above. Default: all records. */
  level?: string | number;
  /** `'both'` (surge and drop, default), `'up'` (surges only) or `'down'` (drops and silence only). */
  direction?: Direction;
  /** Drops and silence need a baseline mean of at least this many records per bucket. Default 5. */
  minBaseline?: number;
  /** Floor of the standard deviation, in records per bucket (the Poisson term sqrt(mean) also applies). Default 1. */
  minStd?: number;
  /** Consecutive empty buckets that make a silence (`log_silence`). Default 3. */
  silence?: number;
  /** Severity of surges and drops. Default `'medium'`. */
  severity?: SignalSeverity;
  /** Severity of a silence. Default `'high'`. */
  silenceSeverity?: SignalSeverity;
}

const DEFAULTS = { z: 3, direction: 'both' as Direction, minBaseline: 5, minStd: 1, silence: 3, severity: 'medium' as SignalSeverity, silenceSeverity: 'high' as SignalSeverity };
const NAME = 'volume_zscore_anomaly';

interface VolumeState extends SeriesState {
  count: number;
  /** Consecutive empty buckets so far. */
  emptyRun: number;
  /** A silence was reported and no record has come since. */
  silent: boolean;
}

/**
 * Log volume (records per bucket, default `10s`) against a baseline of earlier buckets, in both
 * directions. Buckets close on a later record or on `tick(now)`; the buckets of a gap count as zeros
 * (at most `maxGap`). `std = max(baseline std, sqrt(mean), minStd)` (the Poisson term keeps small
 * counts from firing on noise). After `warmupBuckets` (10) buckets:
 * - `volume_zscore_anomaly` (medium): z > threshold, a surge;
 * - `volume_drop` (medium): z < -threshold with some records left, when the baseline mean is at least
 *   `minBaseline` (5) records per bucket;
 * - `log_silence` (high): `silence` (3) empty buckets in a row under the same baseline condition,
 *   once per silent period. A stream that stopped is noticed by the next record or, live, by the
 *   processor's `tick(now)` timer.
 * One surge/drop signal per episode; anomalous buckets are learned clamped to the control limit.
 * Evidence `{ count, baselineMean, baselineStd, std, z, threshold, bucket, bucketMs, bucketStart,
 * baselineBuckets }` (`emptyBuckets`, `silentForMs` for a silence).
 */
export class VolumeZScore extends BucketedDetector<VolumeState> {
  readonly threshold: number;
  private readonly level: number;
  private readonly direction: Direction;
  private readonly minBaseline: number;
  private readonly minStd: number;
  private readonly silence: number;
  private readonly severity: SignalSeverity;
  private readonly silenceSeverity: SignalSeverity;

  constructor(options: VolumeZScoreOptions = {}) {
    const path = 'volume';
    const o = checkOptions(options, path, [...BUCKETED_KEYS, 'z', 'level', 'direction', 'minBaseline', 'minStd', 'silence', 'severity', 'silenceSeverity']);
    super(o, path, NAME);
    this.threshold = o.z === undefined ? DEFAULTS.z : checkNumber(o.z, `${path}.z`, 0.1, 1000);
    this.level = o.level === undefined ? 0 : parseLevel(o.level, `${path}.level`);
    this.direction = o.direction === undefined ? DEFAULTS.direction : checkChoice(o.direction, `${path}.direction`, DIRECTIONS);
    this.minBaseline = o.minBaseline === undefined ? DEFAULTS.minBaseline : checkNumber(o.minBaseline, `${path}.minBaseline`, 0);
    this.minStd = o.minStd === undefined ? DEFAULTS.minStd : checkNumber(o.minStd, `${path}.minStd`, 1e-9);
    this.silence = o.silence === undefined ? DEFAULTS.silence : checkInteger(o.silence, `${path}.silence`, 1, 1_000_000);
    this.severity = o.severity === undefined ? DEFAULTS.severity : checkChoice(o.severity, `${path}.severity`, SIGNAL_SEVERITIES);
    this.silenceSeverity = o.silenceSeverity === undefined ? DEFAULTS.silenceSeverity : checkChoice(o.silenceSeverity, `${path}.silenceSeverity`, SIGNAL_SEVERITIES);
  }

  protected override accepts(event: LogEvent): boolean {
    return event.severityNumber >= this.level;
  }

  protected newState(): VolumeState {
    return { clock: new TimeBuckets(this.bucketMs, this.maxSkewMs), stats: new RunningStats(this.baselineAlpha), latched: false, count: 0, emptyRun: 0, silent: false };
  }

  protected count(state: VolumeState, _event: LogEvent): void {
    state.count++;
  }

  protected close(state: VolumeState, key: string, empty: boolean, bucketStart: number, time: number, out: Signal[]): void {
    const n = empty ? 0 : state.count;
    state.count = 0;
    if (n === 0) state.emptyRun++;
    else {
      state.emptyRun = 0;
      state.silent = false;
    }
    const stats = state.stats;
    if (stats.n < this.warmup) {
      stats.push(n);
      return;
    }
    const mean = stats.mean;
    let std = stats.std;
    const poisson = Math.sqrt(mean);
    if (poisson > std) std = poisson;
    if (this.minStd > std) std = this.minStd;
    const z = (n - mean) / std;
    const watchDrops = this.direction !== 'up' && mean >= this.minBaseline;
    if (n === 0 && watchDrops && state.emptyRun >= this.silence && !state.silent) {
      state.silent = true;
      out.push(this.signal('log_silence', this.silenceSeverity, state, key, bucketStart, time, n, mean, std, z,
        `No logs for ${state.emptyRun} buckets of ${this.bucketText} (baseline ${mean.toFixed(1)} per bucket)`));
    }
    const anomalous = beyond(z, this.threshold, this.direction) && (z > 0 || (watchDrops && n > 0));
    if (!anomalous) {
      if (n > 0 || z >= -this.threshold) state.latched = false;
      stats.push(n === 0 && watchDrops ? clampToLimit(n, mean, this.threshold * std) : n);
      return;
    }
    const learned = clampToLimit(n, mean, this.threshold * std);
    if (!state.latched) {
      state.latched = true;
      const surge = z > 0;
      out.push(this.signal(surge ? NAME : 'volume_drop', this.severity, state, key, bucketStart, time, n, mean, std, z,
        `Log volume ${surge ? 'surge' : 'drop'}: ${n} records in ${this.bucketText} vs baseline ${mean.toFixed(1)}, z=${z.toFixed(1)}`));
    }
    stats.push(learned);
  }

  private signal(name: string, severity: SignalSeverity, state: VolumeState, key: string, bucketStart: number, time: number, n: number, mean: number, std: number, z: number, message: string): Signal {
    const evidence = this.baseEvidence(state, key, bucketStart);
    evidence.count = n;
    evidence.baselineMean = round(mean);
    evidence.baselineStd = round(state.stats.std);
    evidence.std = round(std);
    evidence.z = round(z);
    evidence.threshold = this.threshold;
    if (name === 'log_silence') {
      evidence.emptyBuckets = state.emptyRun;
      evidence.silentForMs = state.emptyRun * this.bucketMs;
    }
    return {
      detector: this.id,
      name,
      kind: 'stat',
      severity,
      message: this.groupBy !== undefined ? `${message} for ${this.groupBy}=${key}` : message,
      time,
      key: this.groupBy !== undefined ? key : undefined,
      evidence,
    };
  }

  protected countersToJSON(state: VolumeState): Record<string, number | boolean> {
    return { count: state.count, emptyRun: state.emptyRun, silent: state.silent };
  }

  protected countersFromJSON(state: VolumeState, json: Record<string, unknown>, path: string): void {
    state.count = counter(json, 'count', path);
    state.emptyRun = counter(json, 'emptyRun', path);
    state.silent = json.silent === true;
  }
}
