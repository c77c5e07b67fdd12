import type { LogEvent } from '../core/log-event.js';
import { SEVERITY } from '../core/severity.js';
import type { Signal, SignalSeverity } from '../core/signal.js';
import { SIGNAL_SEVERITIES } from '../core/signal.js';
import { checkChoice, checkInteger, checkNumber, checkOptions } from '../core/validate.js';
import { parseLevel } from '../core/level.js';
import { BUCKETED_KEYS, BucketedDetector, type BucketedDetectorOptions, beyond, clampToLimit, counter, DIRECTIONS, round, type Direction, type SeriesState } from './bucketed-detector.js';
import { RunningStats } from './running-stats.js';
import { TimeBuckets } from './time-buckets.js';

/** Options of {@link ErrorRateZScore} (plus the shared {@link BucketedDetectorOptions}). */
export interface ErrorRateZScoreOptions extends BucketedDetectorOptions {
  /** z threshold. Default 3. */
  z?: number;
  /** Records at this level or above are errors. Default `'ERROR'` (severity number 17). */
  level?: string | number;
  /** Fewest records a bucket needs to be learned or tested (smaller buckets are skipped). Default 10. */
  minCount?: number;
  /** Fewest errors a bucket needs to fire upwards (a clean history plus one error never fires). Default 3. */
  minErrors?: number;
  /** Floor of the standard deviation of the rate, as a share (0.01 = one percentage point). Default 0.01. */
  minStd?: number;
  /** `'up'` (more errors, default), `'down'` or `'both'`. */
  direction?: Direction;
  /** Signal severity. Default `'high'`. */
  severity?: SignalSeverity;
  /** An upward signal needs the rate at least this many times the baseline mean (and 1 point above it). Default 2. */
  minRatio?: number;
}

/**
 * Defaults, with the reason for each threshold: `z` 3 (the classic control limit); `minCount` 10
 * records per bucket (a share of fewer records is too coarse to compare); `minErrors` 3 (one or two
 * stray errors after a clean stretch are not a rate); `minRatio` 2 (an error share must at least
 * double, and rise by a percentage point, before it is news: a noisy service's share wanders within
 * that); `minStd` 0.01 (one percentage point: a clean history does not make every error infinite z).
 */
export const ERROR_RATE_DEFAULTS = Object.freeze({
  z: 3,
  level: SEVERITY.ERROR,
  minCount: 10,
  minErrors: 3,
  minStd: 0.01,
  direction: 'up' as Direction,
  severity: 'high' as SignalSeverity,
  minRatio: 2,
});
const DEFAULTS = ERROR_RATE_DEFAULTS;
const NAME = 'error_rate_anomaly';

interface RateState extends SeriesState {
  total: number;
  errors: number;
}

/**
 * The share of records at ERROR or above per time bucket (default `10s`), against a baseline of
 * earlier buckets learned online ({@link RunningStats}: Welford for the first `1/alpha` buckets,
 * then exponentially weighted, `baselineAlpha` 0.05). The current bucket is never part of its own
 * baseline. A bucket is tested when it closes (a record of a later bucket arrives, or `tick(now)`),
 * after `warmupBuckets` (10) learned buckets, if it holds at least `minCount` (10) records.
 *
 * `z = (rate - mean) / std` with `std = max(baseline std, sqrt(mean·(1-mean)/total), minStd)`:
 * the binomial term keeps small buckets from firing on noise; the floor `minStd` (0.01) keeps a
 * perfectly clean history from dividing by zero. Upward signals also need `minErrors` (3) errors,
 * so one stray error after a clean stretch never fires, while a burst does. One signal per anomalous
 * episode (re-armed by a normal bucket). Anomalous buckets are learned clamped to the control limit,
 * so an outage is absorbed gradually, not at once.
 *
 * Signal `error_rate_anomaly` (kind `stat`, severity high), evidence `{ errors, total, rate,
 * baselineMean, baselineStd, std, minStd, z, threshold, bucket, bucketMs, bucketStart,
 * baselineBuckets, direction }`.
 */
export class ErrorRateZScore extends BucketedDetector<RateState> {
  readonly threshold: number;
  private readonly level: number;
  private readonly minCount: number;
  private readonly minErrors: number;
  private readonly minStd: number;
  private readonly direction: Direction;
  private readonly severity: SignalSeverity;
  private readonly minRatio: number;

  constructor(options: ErrorRateZScoreOptions = {}) {
    const path = 'errorRateZScore';
    const o = checkOptions(options, path, [...BUCKETED_KEYS, 'z', 'level', 'minCount', 'minErrors', 'minStd', 'direction', 'severity', 'minRatio']);
    super(o, path, NAME);
    this.threshold = o.z === undefined ? DEFAULTS.z : checkNumber(o.z, `${path}.z`, 0.1, 1000);
    this.level = o.level === undefined ? DEFAULTS.level : parseLevel(o.level, `${path}.level`);
    this.minCount = o.minCount === undefined ? DEFAULTS.minCount : checkInteger(o.minCount, `${path}.minCount`, 1);
    this.minErrors = o.minErrors === undefined ? DEFAULTS.minErrors : checkInteger(o.minErrors, `${path}.minErrors`, 1);
    this.minStd = o.minStd === undefined ? DEFAULTS.minStd : checkNumber(o.minStd, `${path}.minStd`, 1e-9, 1);
    this.direction = o.direction === undefined ? DEFAULTS.direction : checkChoice(o.direction, `${path}.direction`, DIRECTIONS);
    this.severity = o.severity === undefined ? DEFAULTS.severity : checkChoice(o.severity, `${path}.severity`, SIGNAL_SEVERITIES);
    this.minRatio = o.minRatio === undefined ? DEFAULTS.minRatio : checkNumber(o.minRatio, `${path}.minRatio`, 1, 1e6);
  }

  protected newState(): RateState {
    return { clock: new TimeBuckets(this.bucketMs, this.maxSkewMs), stats: new RunningStats(this.baselineAlpha), latched: false, total: 0, errors: 0 };
  }

  protected count(state: RateState, event: LogEvent): void {
    state.total++;
    if (event.severityNumber >= this.level) state.errors++;
  }

  protected close(state: RateState, key: string, _empty: boolean, bucketStart: number, time: number, out: Signal[]): void {
    const total = state.total;
    const errors = state.errors;
    state.total = 0;
    state.errors = 0;
    if (total < this.minCount) return;
    const rate = errors / total;
    const stats = state.stats;
    if (stats.n < this.warmupBuckets) {
      stats.push(rate);
      return;
    }
    const mean = stats.mean;
    const sampling = Math.sqrt((mean * (1 - mean)) / total);
    let std = stats.std;
    if (sampling > std) std = sampling;
    if (this.minStd > std) std = this.minStd;
    const z = (rate - mean) / std;
    const anomalous = beyond(z, this.threshold, this.direction) && (z < 0 || (errors >= this.minErrors && rate >= mean * this.minRatio && rate >= mean + 0.01));
    if (!anomalous) {
      state.latched = false;
      stats.push(rate);
      return;
    }
    const learned = clampToLimit(rate, mean, this.threshold * std);
    if (state.latched) {
      stats.push(learned);
      return;
    }
    state.latched = true;
    const evidence = this.baseEvidence(state, key, bucketStart);
    evidence.errors = errors;
    evidence.total = total;
    evidence.rate = round(rate);
    evidence.baselineMean = round(mean);
    evidence.baselineStd = round(stats.std);
    evidence.std = round(std);
    evidence.minStd = this.minStd;
    evidence.z = round(z);
    evidence.threshold = this.threshold;
    evidence.direction = this.direction;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    out.push({
      detector: this.id,
      name: NAME,
      kind: 'stat',
      severity: this.severity,
      message: `Error rate ${pct(rate)} (${errors}/${total}) in ${this.bucketText} bucket vs baseline ${pct(mean)}, z=${z.toFixed(1)}${this.groupBy !== undefined ? ` for ${this.groupBy}=${key}` : ''}`,
      time,
      key: this.groupBy !== undefined ? key : undefined,
      evidence,
    });
    stats.push(learned);
  }

  protected countersToJSON(state: RateState): Record<string, number> {
    return { total: state.total, errors: state.errors };
  }

  protected countersFromJSON(state: RateState, json: Record<string, unknown>, path: string): void {
    state.total = counter(json, 'total', path);
    state.errors = counter(json, 'errors', path);
  }
}
