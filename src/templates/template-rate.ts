import { BoundedMap } from '../core/bounded-map.js';
import type { Detector, TemplateSource } from '../core/detector.js';
import { type Duration, formatDuration, parseDuration } from '../core/duration.js';
import type { LogEvent } from '../core/log-event.js';
import { signalSeverityForLevel } from '../core/severity.js';
import type { Signal } from '../core/signal.js';
import { checkInteger, checkNumber, checkOptions, checkString } from '../core/validate.js';
import type { TemplateMiner, TemplateMinerOptions } from './template-miner.js';
import { detectorMiner, sharedMiner } from './detector-miner.js';

/** Options of {@link templateRate}; defaults in {@link TEMPLATE_RATE_DEFAULTS}. */
export interface TemplateRateDetectorOptions {
  /** |z| of a bucket's count against the template's baseline that is anomalous. Default 3. */
  z?: number;
  /** Bucket length, in record time. Default `'1m'`. */
  bucket?: Duration;
  /** Buckets the baseline (an exponentially weighted mean and variance) mostly remembers. Default 30. */
  baselineBuckets?: number;
  /** Buckets of a template's history before it is judged. Default 10. */
  warmupBuckets?: number;
  /** A burst needs at least this many records in the bucket; a stop needs a baseline mean at least this. Default 5. */
  minCount?: number;
  /** Smallest standard deviation used for z (so a perfectly steady template is not fragile). Default 1. */
  minStd?: number;
  /** Records before any signal. Default 0. */
  warmupRecords?: number;
  /** Templates tracked; the least recently seen is dropped beyond it. Default 1000. */
  maxTemplates?: number;
  /** A miner shared with the processor or other detectors; else the detector makes its own. */
  miner?: TemplateMiner;
  /** Options of the detector's own miner (not with `miner`). */
  minerOptions?: TemplateMinerOptions;
  /** Detector id. Default `'template_rate_anomaly'`. */
  id?: string;
}

/** Defaults of {@link TemplateRateDetectorOptions}. */
export const TEMPLATE_RATE_DEFAULTS = Object.freeze({
  z: 3,
  bucket: '1m',
  baselineBuckets: 30,
  warmupBuckets: 10,
  minCount: 5,
  minStd: 1,
  warmupRecords: 0,
  maxTemplates: 1000,
  id: 'template_rate_anomaly',
});

const OPTION_KEYS = [...Object.keys(TEMPLATE_RATE_DEFAULTS), 'miner', 'minerOptions'];
const STATE_VERSION = 1;

/** Per-template rate state. */
interface RateState {
  template: string;
  /** Records in the current bucket. */
  count: number;
  /** Closed buckets folded into the baseline. */
  buckets: number;
  mean: number;
  variance: number;
  /** A burst was signalled in the current bucket. */
  burst: boolean;
  /** A stop was signalled and the template has not come back since. */
  stopped: boolean;
}

interface TemplateRateState {
  version: number;
  bucket: number;
  records: number;
  templates: [string, RateState][];
  miner?: unknown;
}

/**
 * Per-template rate against its own baseline (signal `template_rate_anomaly`, kind `template`, key =
 * template id): a template that bursts (this bucket's count at least `minCount` and `z` standard
 * deviations above its baseline; signalled once per bucket as soon as the count crosses, severity
 * from the record's level), or a steady template that stops (a closed bucket with no record while
 * the baseline mean is at least `minCount` and `z` deviations above 0; severity medium, signalled
 * once until the template returns). Buckets are fixed slices of record time (`event.time`);
 * `tick(now)` closes buckets without records. Evidence `{ template, templateId, direction
 * ('burst'|'stop'), count, mean, std, z, bucket }`.
 */
export class TemplateRateDetector implements Detector {
  id: string;
  readonly kind = 'template' as const;
  /** The miner whose templates it reads (the pipeline's shared miner once in a pipeline). */
  miner: TemplateMiner;
  readonly z: number;
  readonly bucketMs: number;
  private readonly alpha: number;
  private readonly minBuckets: number;
  private readonly minCount: number;
  private readonly stdFloor: number;
  private readonly warmup: number;
  private ownMiner: boolean;
  private readonly minerConfigured: boolean;
  private readonly states: BoundedMap<string, RateState>;
  /** Index of the current bucket (floor(time / bucketMs)); -Infinity before the first record. */
  private bucket = -Infinity;
  private records = 0;

  constructor(options?: TemplateRateDetectorOptions) {
    const o = checkOptions(options, 'templateRate', OPTION_KEYS);
    const d = TEMPLATE_RATE_DEFAULTS;
    this.z = o.z === undefined ? d.z : checkNumber(o.z, 'templateRate.z', 0.5, 100);
    this.bucketMs = parseDuration(o.bucket ?? d.bucket, 'templateRate.bucket');
    const baseline = o.baselineBuckets === undefined ? d.baselineBuckets : checkInteger(o.baselineBuckets, 'templateRate.baselineBuckets', 2, 100_000);
    this.alpha = 2 / (baseline + 1);
    this.minBuckets = o.warmupBuckets === undefined ? d.warmupBuckets : checkInteger(o.warmupBuckets, 'templateRate.warmupBuckets', 1);
    this.minCount = o.minCount === undefined ? d.minCount : checkInteger(o.minCount, 'templateRate.minCount', 1);
    this.stdFloor = o.minStd === undefined ? d.minStd : checkNumber(o.minStd, 'templateRate.minStd', 0.001);
    this.warmup = o.warmupRecords === undefined ? d.warmupRecords : checkInteger(o.warmupRecords, 'templateRate.warmupRecords', 0);
    const maxTemplates = o.maxTemplates === undefined ? d.maxTemplates : checkInteger(o.maxTemplates, 'templateRate.maxTemplates', 1);
    this.id = o.id === undefined ? d.id : checkString(o.id, 'templateRate.id');
    const m = detectorMiner(o.miner, o.minerOptions, 'templateRate');
    this.miner = m.miner;
    this.ownMiner = m.own;
    this.minerConfigured = m.configured;
    this.states = new BoundedMap(maxTemplates);
  }

  observe(event: LogEvent, out: Signal[]): void {
    const time = event.time;
    this.records++;
    const b = Math.floor(time / this.bucketMs);
    if (b > this.bucket) this.advance(b, time, out);
    // the pipeline puts the template on the event; a detector driven on its own mines it
    const r = event.template ?? this.miner.add(event.message);
    let st = this.states.peek(r.id);
    if (st === undefined) {
      st = { template: r.template, count: 0, buckets: 0, mean: 0, variance: 0, burst: false, stopped: false };
      this.states.set(r.id, st);
    } else {
      // Recency for the LRU cap once per bucket (its first record) is enough, and saves a re-insertion per record.
      if (st.count === 0) this.states.get(r.id);
      if (r.changed) st.template = r.template;
    }
    st.count++;
    st.stopped = false;
    if (st.burst || st.count < this.minCount || st.buckets < this.minBuckets || this.records <= this.warmup) return;
    const std = Math.max(Math.sqrt(st.variance), this.stdFloor);
    const z = (st.count - st.mean) / std;
    if (z < this.z) return;
    st.burst = true;
    out.push(this.signal(r.id, st, 'burst', signalSeverityForLevel(event.severityNumber), std, z, time));
  }

  tick(now: number, out: Signal[]): void {
    const b = Math.floor(now / this.bucketMs);
    if (b > this.bucket) this.advance(b, now, out);
  }

  /** Take the pipeline's shared miner (see `Detector.useMiner`). */
  useMiner(miner: TemplateSource): void {
    const m = sharedMiner(this.miner, this.minerConfigured, miner, this.id);
    if (m !== this.miner) {
      this.miner = m;
      this.ownMiner = false;
    }
  }

  /** Learned state: baselines per template (and the miner's, when the detector owns it). */
  toJSON(): TemplateRateState {
    return {
      version: STATE_VERSION,
      bucket: this.bucket,
      records: this.records,
      templates: [...this.states.entries()].map(([k, v]) => [k, { ...v }]),
      miner: this.ownMiner ? this.miner.toJSON() : undefined,
    };
  }

  restore(state: unknown): void {
    const s = state as TemplateRateState;
    if (s === null || typeof s !== 'object' || s.version !== STATE_VERSION || !Array.isArray(s.templates)) {
      throw new Error(`${this.id}.restore: not a template_rate_anomaly state (version ${STATE_VERSION})`);
    }
    if (this.ownMiner && s.miner !== undefined) this.miner.restore(s.miner);
    this.states.clear();
    for (const entry of s.templates) {
      const v = Array.isArray(entry) ? (entry[1] as RateState) : undefined;
      if (v === undefined || typeof entry[0] !== 'string' || typeof v !== 'object' || typeof v.mean !== 'number' || typeof v.variance !== 'number') {
        throw new Error(`${this.id}.restore: a template entry is malformed`);
      }
      this.states.set(entry[0], { ...v });
    }
    this.bucket = typeof s.bucket === 'number' ? s.bucket : -Infinity;
    this.records = Number(s.records) || 0;
  }

  /** Close the buckets before `b`: fold counts (and empty buckets) into baselines, notice stops. */
  private advance(b: number, time: number, out: Signal[]): void {
    const gap = this.bucket === -Infinity ? 0 : Math.min(b - this.bucket - 1, 1000);
    const canSignal = this.records > this.warmup;
    const alpha = this.alpha;
    for (const [id, st] of this.states.entries()) {
      const closed = st.count;
      // A steady template that stopped: a closed bucket (the last one, or one of the gap) was empty.
      if (closed === 0 && canSignal) this.checkStop(id, st, time, out);
      fold(st, closed, alpha);
      if (gap > 0 && canSignal) this.checkStop(id, st, time, out);
      for (let g = 0; g < gap; g++) fold(st, 0, alpha);
      st.count = 0;
      st.burst = false;
    }
    this.bucket = b;
  }

  /** Signal a stop when an empty bucket is `z` deviations below a baseline mean of at least `minCount`. */
  private checkStop(id: string, st: RateState, time: number, out: Signal[]): void {
    if (st.stopped || st.buckets < this.minBuckets || st.mean < this.minCount) return;
    const std = Math.max(Math.sqrt(st.variance), this.stdFloor);
    const z = -st.mean / std;
    if (z > -this.z) return;
    st.stopped = true;
    st.count = 0;
    out.push(this.signal(id, st, 'stop', 'medium', std, z, time));
  }

  private signal(id: string, st: RateState, direction: 'burst' | 'stop', severity: Signal['severity'], std: number, z: number, time: number): Signal {
    const bucket = formatDuration(this.bucketMs);
    const what = direction === 'burst' ? `${st.count} in ${bucket}, baseline ${round(st.mean)}` : `none in ${bucket}, baseline ${round(st.mean)}`;
    return {
      detector: this.id,
      name: 'template_rate_anomaly',
      kind: 'template',
      severity,
      message: `Log template ${id} ${direction === 'burst' ? 'burst' : 'stopped'} (${what}, z ${round(z)}): ${st.template}`,
      time,
      key: id,
      evidence: { template: st.template, templateId: id, direction, count: st.count, mean: round(st.mean), std: round(std), z: round(z), bucket },
    };
  }
}

/** Fold one closed bucket's count into an exponentially weighted mean and variance. */
function fold(st: RateState, x: number, alpha: number): void {
  if (st.buckets === 0) {
    st.mean = x;
    st.variance = 0;
  } else {
    const diff = x - st.mean;
    const inc = alpha * diff;
    st.mean += inc;
    st.variance = (1 - alpha) * (st.variance + diff * inc);
  }
  st.buckets++;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
