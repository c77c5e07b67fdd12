import { ConfigError } from '../core/config-error.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal, SignalSeverity } from '../core/signal.js';
import { SIGNAL_SEVERITIES } from '../core/signal.js';
import { checkChoice, checkInteger, checkNumber, checkOptions } from '../core/validate.js';
import { parseLevel } from '../core/level.js';
import { BUCKETED_KEYS, BucketedDetector, type BucketedDetectorOptions, clampToLimit, counter, DIRECTIONS, type Direction, round, type SeriesState } from './bucketed-detector.js';
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
  silenceBuckets?: number;
  /** Severity of surges and drops. Default `'medium'`. */
  severity?: SignalSeverity;
  /** Severity of a silence. Default `'high'`. */
  silenceSeverity?: SignalSeverity;
  /** Fewest records in a bucket for a surge. Default 20. */
  minCount?: number;
  /** A surge holds at least this many times the baseline mean; a drop at most the mean divided by it. Default 3. */
  minRatio?: number;
  /** Buckets out of the last `persistenceOf` that must be anomalous (the same way) before a surge or drop fires. Default 2. */
  persistence?: number;
  /** The window of `persistence`, in buckets. Default 3. */
  persistenceOf?: number;
  /** A stream with more than this share of empty buckets is sparse (or sampled): no baseline, no signals. Default 0.5. */
  maxEmptyShare?: number;
}

/**
 * Defaults, with the reason for each threshold:
 * - `z` 3: three standard deviations, the classic control limit (0.3% of normal buckets beyond it).
 * - `minCount` 20 per bucket: below it a "surge" is a handful of lines (`5 records in 1m vs baseline
 *   0.2` is z = 10 and means nothing); 20 lines in a bucket is the least a person reads as a burst.
 * - `minRatio` 3: a surge must at least triple the usual volume (a drop cut it to a third); daily
 *   and weekly swings of a busy service stay within 2x of their local mean.
 * - `persistence` 2 of `persistenceOf` 3 buckets: one odd bucket (a cron job, a batch flush, a
 *   log rotation) is not a change of regime; two of three is, and costs one bucket of delay.
 * - `maxEmptyShare` 0.5: when most buckets are empty the stream is sparse or sampled, its mean and
 *   variance describe nothing, so it gets no baseline (never a surge, drop or silence).
 * - `minBaseline` 5 and steadiness for drops and silence: silence is only reported for a stream
 *   that was steady (a mean of at least 5 per bucket, at most 5% empty buckets and a standard
 *   deviation no larger than its mean), so batch and bursty logs never raise `log_silence`.
 */
export const VOLUME_DEFAULTS = Object.freeze({
  z: 3,
  direction: 'both' as Direction,
  minBaseline: 5,
  minStd: 1,
  silenceBuckets: 3,
  severity: 'medium' as SignalSeverity,
  silenceSeverity: 'high' as SignalSeverity,
  minCount: 20,
  minRatio: 3,
  persistence: 2,
  persistenceOf: 3,
  maxEmptyShare: 0.5,
});
const DEFAULTS = VOLUME_DEFAULTS;
/** Largest share of empty buckets of a steady stream (silence is watched only for those). */
const STEADY_EMPTY_SHARE = 0.05;
const NAME = 'volume_zscore_anomaly';

interface VolumeState extends SeriesState {
  count: number;
  /** Consecutive empty buckets so far. */
  emptyRun: number;
  /** A silence was reported and no record has come since. */
  silent: boolean;
  /** Share of empty buckets, weighted like the baseline. */
  emptyShare: number;
  /** The last buckets that were anomalously high / low, one bit each (newest lowest). */
  upBits: number;
  downBits: number;
}

/**
 * Log volume (records per bucket, default `10s`) against a baseline of earlier buckets, in both
 * directions. Buckets close on a later record or on `tick(now)`; the buckets of a gap count as zeros
 * (at most `maxGap`). `std = max(baseline std, sqrt(mean), minStd)` (the Poisson term keeps small
 * counts from firing on noise). After `warmupBuckets` (10) buckets:
 * - `volume_zscore_anomaly` (medium): z > `z`, a surge;
 * - `volume_drop` (medium): z < -`z` with some records left, when the baseline mean is at least
 *   `minBaseline` (5) records per bucket;
 * - `log_silence` (high): `silenceBuckets` (3) empty buckets in a row under the same baseline condition,
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
  private readonly minCount: number;
  private readonly minRatio: number;
  private readonly persistence: number;
  private readonly persistenceMask: number;
  private readonly maxEmptyShare: number;

  constructor(options: VolumeZScoreOptions = {}) {
    const path = 'volume';
    const o = checkOptions(options, path, [
      ...BUCKETED_KEYS,
      'z',
      'level',
      'direction',
      'minBaseline',
      'minStd',
      'silenceBuckets',
      'severity',
      'silenceSeverity',
      'minCount',
      'minRatio',
      'persistence',
      'persistenceOf',
      'maxEmptyShare',
    ]);
    super(o, path, NAME);
    this.threshold = o.z === undefined ? DEFAULTS.z : checkNumber(o.z, `${path}.z`, 0.1, 1000);
    this.level = o.level === undefined ? 0 : parseLevel(o.level, `${path}.level`);
    this.direction = o.direction === undefined ? DEFAULTS.direction : checkChoice(o.direction, `${path}.direction`, DIRECTIONS);
    this.minBaseline = o.minBaseline === undefined ? DEFAULTS.minBaseline : checkNumber(o.minBaseline, `${path}.minBaseline`, 0);
    this.minStd = o.minStd === undefined ? DEFAULTS.minStd : checkNumber(o.minStd, `${path}.minStd`, 1e-9);
    this.silence = o.silenceBuckets === undefined ? DEFAULTS.silenceBuckets : checkInteger(o.silenceBuckets, `${path}.silenceBuckets`, 1, 1_000_000);
    this.severity = o.severity === undefined ? DEFAULTS.severity : checkChoice(o.severity, `${path}.severity`, SIGNAL_SEVERITIES);
    this.silenceSeverity = o.silenceSeverity === undefined ? DEFAULTS.silenceSeverity : checkChoice(o.silenceSeverity, `${path}.silenceSeverity`, SIGNAL_SEVERITIES);
    this.minCount = o.minCount === undefined ? DEFAULTS.minCount : checkInteger(o.minCount, `${path}.minCount`, 1);
    this.minRatio = o.minRatio === undefined ? DEFAULTS.minRatio : checkNumber(o.minRatio, `${path}.minRatio`, 1, 1e6);
    const of = o.persistenceOf === undefined ? DEFAULTS.persistenceOf : checkInteger(o.persistenceOf, `${path}.persistenceOf`, 1, 30);
    this.persistence = o.persistence === undefined ? Math.min(DEFAULTS.persistence, of) : checkInteger(o.persistence, `${path}.persistence`, 1, of);
    this.persistenceMask = (1 << of) - 1;
    this.maxEmptyShare = o.maxEmptyShare === undefined ? DEFAULTS.maxEmptyShare : checkNumber(o.maxEmptyShare, `${path}.maxEmptyShare`, 0, 1);
  }

  protected override accepts(event: LogEvent): boolean {
    return event.severityNumber >= this.level;
  }

  protected newState(): VolumeState {
    return {
      clock: new TimeBuckets(this.bucketMs, this.maxSkewMs),
      stats: new RunningStats(this.baselineAlpha),
      latched: false,
      count: 0,
      emptyRun: 0,
      silent: false,
      emptyShare: 0,
      upBits: 0,
      downBits: 0,
    };
  }

  protected count(state: VolumeState, _event: LogEvent): void {
    state.count++;
  }

  protected close(state: VolumeState, key: string, empty: boolean, bucketStart: number, time: number, out: Signal[]): void {
    const n = empty ? 0 : state.count;
    state.count = 0;
    // Empty buckets are learned into the empty share when the run ends (so a silence is judged
    // against the history before it, not against itself).
    // A reported silence was an outage, not the nature of the stream: its buckets are not learned.
    const pendingZeros = n > 0 && !state.silent ? state.emptyRun : 0;
    if (n === 0) state.emptyRun++;
    else {
      state.emptyRun = 0;
      state.silent = false;
    }
    const stats = state.stats;
    if (stats.n < this.warmupBuckets) {
      stats.push(n);
      this.learnEmpty(state, n, pendingZeros, stats.n);
      return;
    }
    const mean = stats.mean;
    let std = stats.std;
    const poisson = Math.sqrt(mean);
    if (poisson > std) std = poisson;
    if (this.minStd > std) std = this.minStd;
    const z = (n - mean) / std;
    // A sparse or sampled stream (most buckets empty) has no baseline: nothing fires.
    const known = state.emptyShare <= this.maxEmptyShare;
    const steady = known && mean >= this.minBaseline && state.emptyShare <= STEADY_EMPTY_SHARE && stats.std <= mean;
    const watchDrops = this.direction !== 'up' && known && mean >= this.minBaseline;
    if (n === 0 && this.direction !== 'up' && steady && state.emptyRun >= this.silence && !state.silent) {
      state.silent = true;
      out.push(
        this.signal(
          'log_silence',
          this.silenceSeverity,
          state,
          key,
          bucketStart,
          time,
          n,
          mean,
          std,
          z,
          `No logs for ${state.emptyRun} buckets of ${this.bucketText} (steady baseline ${mean.toFixed(1)} per bucket)`,
        ),
      );
    }
    const up = known && this.direction !== 'down' && z > this.threshold && n >= this.minCount && n >= mean * this.minRatio;
    const down = watchDrops && n > 0 && z < -this.threshold && n * this.minRatio <= mean;
    const mask = this.persistenceMask;
    state.upBits = ((state.upBits << 1) | (up ? 1 : 0)) & mask;
    state.downBits = ((state.downBits << 1) | (down ? 1 : 0)) & mask;
    if (state.upBits === 0 && state.downBits === 0) state.latched = false;
    const anomalous = up || down || (n === 0 && watchDrops);
    stats.push(anomalous ? clampToLimit(n, mean, this.threshold * std) : n);
    this.learnEmpty(state, n, pendingZeros, stats.n);
    if (state.latched) return;
    const surge = popcount(state.upBits) >= this.persistence;
    const drop = !surge && popcount(state.downBits) >= this.persistence;
    if (!surge && !drop) return;
    state.latched = true;
    const s = this.signal(
      surge ? NAME : 'volume_drop',
      this.severity,
      state,
      key,
      bucketStart,
      time,
      n,
      mean,
      std,
      z,
      `Log volume ${surge ? 'surge' : 'drop'}: ${n} records in ${this.bucketText} vs baseline ${mean.toFixed(1)}, z=${z.toFixed(1)} (${popcount(surge ? state.upBits : state.downBits)} of the last ${bitsIn(mask)} buckets)`,
    );
    s.evidence.persistence = `${popcount(surge ? state.upBits : state.downBits)}/${bitsIn(mask)}`;
    s.evidence.emptyShare = round(state.emptyShare);
    out.push(s);
  }

  /**
   * Learn the empty share (weighted like the baseline: `max(alpha, 1/n)`): on a bucket with records,
   * the `zeros` empty buckets before it (at most `maxGap`), then this one.
   */
  private learnEmpty(state: VolumeState, n: number, zeros: number, samples: number): void {
    if (n === 0) return;
    const k = zeros < this.maxGap ? zeros : this.maxGap;
    const first = samples - k;
    for (let i = 0; i <= k; i++) {
      const m = first + i > 0 ? first + i : 1;
      const w = 1 / m > this.baselineAlpha ? 1 / m : this.baselineAlpha;
      state.emptyShare += w * ((i < k ? 1 : 0) - state.emptyShare);
    }
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
    return { count: state.count, emptyRun: state.emptyRun, silent: state.silent, emptyShare: state.emptyShare, upBits: state.upBits, downBits: state.downBits };
  }

  protected countersFromJSON(state: VolumeState, json: Record<string, unknown>, path: string): void {
    state.count = counter(json, 'count', path);
    state.emptyRun = counter(json, 'emptyRun', path);
    state.silent = json.silent === true;
    const share = json.emptyShare ?? 0;
    if (typeof share !== 'number' || !(share >= 0 && share <= 1)) throw new ConfigError(`${path}.emptyShare`, 'a share between 0 and 1', share);
    state.emptyShare = share;
    state.upBits = json.upBits === undefined ? 0 : counter(json, 'upBits', path) & this.persistenceMask;
    state.downBits = json.downBits === undefined ? 0 : counter(json, 'downBits', path) & this.persistenceMask;
  }
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

function bitsIn(mask: number): number {
  return popcount(mask);
}
