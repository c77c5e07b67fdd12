import { ConfigError } from '../core/config-error.js';
import { getField } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal, SignalSeverity } from '../core/signal.js';
import { SIGNAL_SEVERITIES } from '../core/signal.js';
import { checkChoice, checkNumber, checkOptions, checkString } from '../core/validate.js';
import { parseLevel } from '../core/level.js';
import { BUCKETED_KEYS, BucketedDetector, type BucketedDetectorOptions, clampToLimit, counter, DIRECTIONS, type Direction, round, type SeriesState } from './bucketed-detector.js';
import { RunningStats } from './running-stats.js';
import { TimeBuckets } from './time-buckets.js';

/** What an {@link EwmaChart} watches: the count of records per bucket, or a numeric attribute aggregated per bucket. */
export type EwmaMetric = 'count' | { field: string; aggregate?: 'mean' | 'max' };

/** Options of {@link EwmaChart} (plus the shared {@link BucketedDetectorOptions}). */
export interface EwmaChartOptions extends BucketedDetectorOptions {
  /** `'count'` (default) or `{ field: 'http.duration_ms', aggregate: 'mean' | 'max' }` (default mean). */
  metric?: EwmaMetric;
  /** EWMA smoothing λ in (0, 1]: weight of the newest bucket. Default 0.3. */
  alpha?: number;
  /** Control limit width L: the z (standard deviations of the EWMA statistic) beyond which a bucket is out of control. Default 3. */
  z?: number;
  /** Count (or read the field of) only records at this level or above. Default: all. */
  level?: string | number;
  /** `'both'` limits (default), `'up'` or `'down'`. */
  direction?: Direction;
  /** Floor of the series' standard deviation (also at least 1% of |mean|, and sqrt(mean) for counts). Default 0.5. */
  minStd?: number;
  /** Signal severity. Default `'medium'`. */
  severity?: SignalSeverity;
}

/** Defaults of {@link EwmaChartOptions} (the shared ones in {@link BUCKETED_DEFAULTS}). */
export const EWMA_DEFAULTS = Object.freeze({ metric: 'count' as EwmaMetric, alpha: 0.3, z: 3, direction: 'both' as Direction, minStd: 0.5, severity: 'medium' as SignalSeverity });
const DEFAULTS = EWMA_DEFAULTS;
const NAME = 'ewma_anomaly';

interface EwmaState extends SeriesState {
  /** Records (or field values) in the open bucket. */
  n: number;
  /** Sum (mean aggregate) or max of the field values in the open bucket. */
  acc: number;
  /** The EWMA statistic (NaN until the warm-up ends). */
  ewma: number;
}

/**
 * An EWMA control chart over a per-bucket series (default bucket `10s`): the number of matching
 * records, or the mean / max of a numeric attribute (a request duration). The in-control mean and
 * standard deviation σ are learned from earlier buckets ({@link RunningStats}); after `warmupBuckets` (10)
 * buckets the statistic `E = λ·x + (1-λ)·E` starts at the baseline mean and fires when it leaves
 * `mean ± L·σ·sqrt(λ/(2-λ))` (λ = `alpha` 0.3, L = `z` 3). One signal per excursion; out
 * of control buckets are learned clamped to `mean ± L·σ`. Empty buckets are zeros for `count` and
 * skipped for a field (at most `maxGap` replayed).
 *
 * Signal `ewma_anomaly` (kind `stat`, severity medium), evidence `{ metric, value, ewma,
 * baselineMean, baselineStd, std, lowerLimit, upperLimit, lambda, threshold, bucket, bucketMs,
 * bucketStart, baselineBuckets }`.
 */
export class EwmaChart extends BucketedDetector<EwmaState> {
  readonly lambda: number;
  readonly threshold: number;
  private readonly field: string | undefined;
  private readonly useMax: boolean;
  private readonly metricText: string;
  private readonly level: number;
  private readonly direction: Direction;
  private readonly minStd: number;
  private readonly severity: SignalSeverity;
  private readonly width: number;

  constructor(options: EwmaChartOptions = {}) {
    const path = 'ewma';
    const o = checkOptions(options, path, [...BUCKETED_KEYS, 'metric', 'alpha', 'z', 'level', 'direction', 'minStd', 'severity']);
    super(o, path, NAME);
    const metric = o.metric ?? DEFAULTS.metric;
    if (metric === 'count') {
      this.field = undefined;
      this.useMax = false;
      this.metricText = 'count';
    } else if (metric !== null && typeof metric === 'object' && !Array.isArray(metric)) {
      const m = checkOptions(metric, `${path}.metric`, ['field', 'aggregate']);
      this.field = checkString(m.field, `${path}.metric.field`);
      this.useMax = (m.aggregate === undefined ? 'mean' : checkChoice(m.aggregate, `${path}.metric.aggregate`, ['mean', 'max'])) === 'max';
      this.metricText = `${this.useMax ? 'max' : 'mean'}(${this.field})`;
    } else {
      throw new ConfigError(`${path}.metric`, "'count' or { field, aggregate? }", metric);
    }
    this.lambda = o.alpha === undefined ? DEFAULTS.alpha : checkNumber(o.alpha, `${path}.alpha`, 0.001, 1);
    this.threshold = o.z === undefined ? DEFAULTS.z : checkNumber(o.z, `${path}.z`, 0.1, 1000);
    this.level = o.level === undefined ? 0 : parseLevel(o.level, `${path}.level`);
    this.direction = o.direction === undefined ? DEFAULTS.direction : checkChoice(o.direction, `${path}.direction`, DIRECTIONS);
    this.minStd = o.minStd === undefined ? DEFAULTS.minStd : checkNumber(o.minStd, `${path}.minStd`, 1e-9);
    this.severity = o.severity === undefined ? DEFAULTS.severity : checkChoice(o.severity, `${path}.severity`, SIGNAL_SEVERITIES);
    this.width = Math.sqrt(this.lambda / (2 - this.lambda));
  }

  protected override accepts(event: LogEvent): boolean {
    return event.severityNumber >= this.level;
  }

  protected newState(): EwmaState {
    return { clock: new TimeBuckets(this.bucketMs, this.maxSkewMs), stats: new RunningStats(this.baselineAlpha), latched: false, n: 0, acc: 0, ewma: NaN };
  }

  protected count(state: EwmaState, event: LogEvent): void {
    if (this.field === undefined) {
      state.n++;
      return;
    }
    let v = getField(event.attributes, this.field);
    if (typeof v === 'string' && v.length > 0 && v.length < 32) v = Number(v);
    if (typeof v !== 'number' || v !== v || v === Infinity || v === -Infinity) return;
    if (this.useMax) state.acc = state.n === 0 || v > state.acc ? v : state.acc;
    else state.acc += v;
    state.n++;
  }

  protected close(state: EwmaState, key: string, empty: boolean, bucketStart: number, time: number, out: Signal[]): void {
    const n = empty ? 0 : state.n;
    const acc = state.acc;
    state.n = 0;
    state.acc = 0;
    let x: number;
    if (this.field === undefined) x = n;
    else if (n === 0) return;
    else x = this.useMax ? acc : acc / n;
    const stats = state.stats;
    if (stats.n < this.warmupBuckets) {
      stats.push(x);
      return;
    }
    const mean = stats.mean;
    let std = stats.std;
    const rel = 0.01 * Math.abs(mean);
    if (rel > std) std = rel;
    if (this.field === undefined && Math.sqrt(mean) > std) std = Math.sqrt(mean);
    if (this.minStd > std) std = this.minStd;
    const prev = state.ewma === state.ewma ? state.ewma : mean;
    const e = this.lambda * x + (1 - this.lambda) * prev;
    state.ewma = e;
    const half = this.threshold * std * this.width;
    const upper = mean + half;
    const lower = mean - half;
    const outside = this.direction === 'up' ? e > upper : this.direction === 'down' ? e < lower : e > upper || e < lower;
    if (!outside) {
      state.latched = false;
      stats.push(x);
      return;
    }
    const learned = clampToLimit(x, mean, this.threshold * std);
    if (state.latched) {
      stats.push(learned);
      return;
    }
    state.latched = true;
    const evidence = this.baseEvidence(state, key, bucketStart);
    evidence.metric = this.metricText;
    evidence.value = round(x);
    evidence.ewma = round(e);
    evidence.baselineMean = round(mean);
    evidence.baselineStd = round(stats.std);
    evidence.std = round(std);
    evidence.lowerLimit = round(lower);
    evidence.upperLimit = round(upper);
    evidence.lambda = this.lambda;
    evidence.threshold = this.threshold;
    out.push({
      detector: this.id,
      name: NAME,
      kind: 'stat',
      severity: this.severity,
      message: `EWMA of ${this.metricText} per ${this.bucketText} at ${e.toFixed(2)} left control limits [${lower.toFixed(2)}, ${upper.toFixed(2)}] (bucket value ${x.toFixed(2)})${this.groupBy !== undefined ? ` for ${this.groupBy}=${key}` : ''}`,
      time,
      key: this.groupBy !== undefined ? key : undefined,
      evidence,
    });
    stats.push(learned);
  }

  protected countersToJSON(state: EwmaState): Record<string, number | null> {
    return { n: state.n, acc: state.acc, ewma: state.ewma === state.ewma ? state.ewma : null };
  }

  protected countersFromJSON(state: EwmaState, json: Record<string, unknown>, path: string): void {
    state.n = counter(json, 'n', path);
    const acc = json.acc;
    const ewma = json.ewma;
    if (typeof acc !== 'number' || !Number.isFinite(acc)) throw new ConfigError(`${path}.acc`, 'a finite number', acc);
    if (ewma !== null && (typeof ewma !== 'number' || !Number.isFinite(ewma))) throw new ConfigError(`${path}.ewma`, 'a finite number or null', ewma);
    state.acc = acc;
    state.ewma = ewma === null ? NaN : ewma;
  }
}
