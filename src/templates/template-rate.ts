import { ConfigError } from '../core/config-error.js';
import type { Detector, TemplateSource } from '../core/detector.js';
import { type Duration, formatDuration, parseDuration } from '../core/duration.js';
import { type LogEvent, UNADMITTED_ID } from '../core/log-event.js';
import { signalSeverityForLevel } from '../core/severity.js';
import type { Signal } from '../core/signal.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions, checkString } from '../core/validate.js';
import { checkArray, checkCount, checkObject, checkText, checkVersion } from './state-check.js';
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
  /** Buckets of a template's history before it is judged (the warm-up, in buckets). Default 10. */
  warmupBuckets?: number;
  /**
   * A burst needs at least this many records in the bucket and this many more than the baseline mean
   * (so a template seen now and then does not burst on a handful: the smallest burst on an empty
   * baseline is `minCount` records); a stop needs a baseline mean of at least this. Default 10.
   */
  minCount?: number;
  /** A burst needs a count at least this many times the baseline mean (relative change). Default 3. */
  minRatio?: number;
  /** Smallest standard deviation used for z (so a perfectly steady template is not fragile). Default 1. */
  minStd?: number;
  /**
   * Buckets out of the last `persistenceOf` (the current one included) that must be bursts before a
   * burst fires: one minute of many records of one template is how bursty traffic looks (a page
   * load, a batch flush); a rate that stays up for two minutes of three has changed. Default 2.
   */
  persistence?: number;
  /** The window of `persistence`, in buckets. Default 3. */
  persistenceOf?: number;
  /** Records before any signal (the warm-up, in records). Default 0. */
  warmupRecords?: number;
  /** Templates tracked; the least recently seen is dropped beyond it. Default 1000. */
  maxTemplates?: number;
  /** A record more than this far past the current bucket is counted in it, unless the next record confirms the jump (as the bucketed detectors' `maxSkew`). Default `'1h'`. */
  maxSkew?: Duration;
  /** A miner shared with the processor or other detectors; else the detector makes its own. */
  miner?: TemplateMiner;
  /** Options of the detector's own miner (not with `miner`). */
  minerOptions?: TemplateMinerOptions;
  /** Detector id. Default `'template_rate_anomaly'`. */
  id?: string;
}

/**
 * The template text `templateRate` gives {@link UNADMITTED_ID}: at the miner's cap the messages seen once are one
 * "template" whose rate is theirs together (a flood of one-off messages is its burst), not the text of the first of them.
 */
export const UNADMITTED_TEXT = '(messages seen once while the miner holds maxClusters templates)';

/** Defaults of {@link TemplateRateDetectorOptions}. */
export const TEMPLATE_RATE_DEFAULTS = Object.freeze({
  z: 3,
  bucket: '1m',
  baselineBuckets: 30,
  warmupBuckets: 10,
  minCount: 10,
  minRatio: 3,
  minStd: 1,
  persistence: 2,
  persistenceOf: 3,
  warmupRecords: 0,
  maxTemplates: 1000,
  maxSkew: '1h',
  id: 'template_rate_anomaly',
});

const OPTION_KEYS = [...Object.keys(TEMPLATE_RATE_DEFAULTS), 'miner', 'minerOptions'];
const STATE_VERSION = 2;
/** Empty buckets folded into a baseline at most at once (a long gap or a far-future record). */
const MAX_GAP = 1000;

/** Per-template rate state, in the detector's LRU list. */
interface RateState {
  id: string;
  template: string;
  /** Index of the bucket `count` belongs to. */
  bucket: number;
  /** Records in that bucket. */
  count: number;
  /** Closed buckets folded into the baseline. */
  buckets: number;
  mean: number;
  variance: number;
  /**
   * A count of the current bucket below this is no burst by counts (`burstZ` is -Infinity): a conservative integer
   * bound under `minCount`, `minCount` more than the mean and `minRatio` times it, set when the mean changes, so a
   * record compares its count with it instead of reading the baseline.
   */
  burstFrom: number;
  /** A burst was signalled in the current bucket. */
  burst: boolean;
  /** Which of the last closed buckets were bursts (bit 0 the newest), for `persistence`. */
  highBits: number;
  /** A stop was signalled and the template has not come back since. */
  stopped: boolean;
  /** In the steady set (baseline mean of at least `minCount`: checked for stops at every bucket). */
  steady: boolean;
  /** In this bucket's list of templates seen. */
  seen: boolean;
  /** Forgotten (LRU cap). */
  gone: boolean;
  prev: RateState | null;
  next: RateState | null;
}

type SavedRate = Pick<RateState, 'template' | 'bucket' | 'count' | 'buckets' | 'mean' | 'variance' | 'burst' | 'stopped' | 'highBits'>;

interface TemplateRateState {
  version: number;
  bucket: number | null;
  records: number;
  /** Far-future records counted in the current bucket instead of moving the clock (absent: 0). */
  skewed?: number;
  /** Records older than the current bucket counted in it (absent: 0). */
  late?: number;
  /** Templates, least recently seen first. */
  templates: [string, SavedRate][];
  miner?: unknown;
}

/**
 * Per-template rate against its own baseline (signal `template_rate_anomaly`, kind `template`, key =
 * template id): a template that bursts (this bucket's count at least `minCount` and `z` standard
 * deviations above its baseline; signalled once per bucket as soon as the count crosses, severity
 * from the record's level; and only when `persistence` of the last `persistenceOf` buckets, this one
 * included, were bursts), or a steady template that stops (a closed bucket with no record while
 * the baseline mean is at least `minCount` and `z` deviations above 0; severity medium, signalled
 * once until the template returns). A burst also needs `minCount` more records than the baseline
 * and `minRatio` times it. Buckets are fixed slices of record time (`event.time`; a time without a
 * bucket index, NaN, ±Infinity or beyond 2^53 buckets, is counted in the current bucket, and before
 * the first bucket in it); a record more than `maxSkew` past the current bucket's end is counted
 * in the current bucket and does not move the clock, unless the next record is far ahead too and
 * within `maxSkew` of it (the stream really moved on: the clock follows it), as in the bucketed
 * detectors: one bad clock cannot close buckets, a real gap costs one record. A record older than
 * the current bucket is counted in it (late); a closed bucket is never reopened. The first record's
 * bucket is the clock's only while the next record is within `maxSkew` before it: else the first was
 * far ahead, and the clock starts at the next one (the first counted as skewed, in that bucket).
 * `tick(now)` closes buckets without records (its clock is trusted). Evidence `{ template, templateId,
 * direction ('burst'|'stop'), count, mean, std, z, bucket, lateRecords?, skewedRecords? }` (the late and
 * far-future records so far, when any).
 *
 * Cost per record is O(1) however many templates are tracked: a template's baseline is brought up to
 * date when it is next seen (empty buckets folded then), and at a bucket's end only the templates
 * seen in it and the steady ones (those a stop could concern) are visited. At most `maxTemplates`
 * are tracked, the least recently seen forgotten first (O(1)).
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
  private readonly minRatio: number;
  private readonly stdFloor: number;
  private readonly persistence: number;
  /** Bits of the closed buckets `persistence` looks back on (`persistenceOf - 1` of them). */
  private readonly pastMask: number;
  private readonly warmup: number;
  private readonly maxTemplates: number;
  private readonly maxSkewMs: number;
  private ownMiner: boolean;
  private readonly minerConfigured: boolean;
  private readonly states = new Map<string, RateState>();
  private oldest: RateState | null = null;
  private newest: RateState | null = null;
  private readonly steady = new Set<RateState>();
  private seen: RateState[] = [];
  /** Index of the current bucket (floor(time / bucketMs)); -Infinity before the first record. */
  private bucket = -Infinity;
  /** Start of the current bucket, epoch ms (-Infinity before the first record): a record before it is late. */
  private bucketStart = -Infinity;
  /** The record (its number in `records`) that started the clock (-1: restored or none): the next one may find it far ahead. */
  private startRecord = -1;
  /** Record time before which a record cannot be of a later bucket than `bucket` (1 ms short of its end: the division is left to records near and past it). */
  private nextBucketAt = -Infinity;
  private records = 0;
  /** Bucket of the last far-future record that did not move the clock, and its number in `records` (-1: none): the next record confirms a jump. */
  private farBucket = 0;
  private farRecord = -1;
  /** Far-future records counted in the current bucket instead of moving the clock (in the evidence as `skewedRecords`, and in the state). */
  skewed = 0;
  /** Records older than the current bucket counted in it (in the evidence as `lateRecords`, and in the state). */
  late = 0;

  constructor(options?: TemplateRateDetectorOptions) {
    const o = checkOptions(options, 'templateRate', OPTION_KEYS);
    const d = TEMPLATE_RATE_DEFAULTS;
    this.z = o.z === undefined ? d.z : checkNumber(o.z, 'templateRate.z', 0.5, 100);
    this.bucketMs = parseDuration(o.bucket ?? d.bucket, 'templateRate.bucket');
    const baseline = o.baselineBuckets === undefined ? d.baselineBuckets : checkInteger(o.baselineBuckets, 'templateRate.baselineBuckets', 2, 100_000);
    this.alpha = 2 / (baseline + 1);
    this.minBuckets = o.warmupBuckets === undefined ? d.warmupBuckets : checkInteger(o.warmupBuckets, 'templateRate.warmupBuckets', 1);
    this.minCount = o.minCount === undefined ? d.minCount : checkInteger(o.minCount, 'templateRate.minCount', 1);
    this.minRatio = o.minRatio === undefined ? d.minRatio : checkNumber(o.minRatio, 'templateRate.minRatio', 1, 1000);
    this.stdFloor = o.minStd === undefined ? d.minStd : checkNumber(o.minStd, 'templateRate.minStd', 0.001);
    const of = o.persistenceOf === undefined ? d.persistenceOf : checkInteger(o.persistenceOf, 'templateRate.persistenceOf', 1, 30);
    this.persistence = o.persistence === undefined ? Math.min(d.persistence, of) : checkInteger(o.persistence, 'templateRate.persistence', 1, of);
    this.pastMask = (1 << (of - 1)) - 1;
    this.warmup = o.warmupRecords === undefined ? d.warmupRecords : checkInteger(o.warmupRecords, 'templateRate.warmupRecords', 0);
    this.maxTemplates = o.maxTemplates === undefined ? d.maxTemplates : checkInteger(o.maxTemplates, 'templateRate.maxTemplates', 1, 10_000_000);
    this.maxSkewMs = parseDuration(o.maxSkew ?? d.maxSkew, 'templateRate.maxSkew', true);
    this.id = o.id === undefined ? d.id : checkString(o.id, 'templateRate.id');
    const m = detectorMiner(o.miner, o.minerOptions, 'templateRate');
    this.miner = m.miner;
    this.ownMiner = m.own;
    this.minerConfigured = m.configured;
  }

  observe(event: LogEvent, out: Signal[]): void {
    const time = event.time;
    this.records++;
    if (!(time < this.nextBucketAt)) {
      const b = Math.floor(time / this.bucketMs);
      // a time with no bucket index (NaN, ±Infinity, beyond 2^53 buckets) does not move the clock: it would freeze it, and a state could not be restored
      if (b > this.bucket && Number.isSafeInteger(b)) {
        if (this.follows(b, time)) this.advance(b, time, out);
      } else if (time < this.bucketStart) this.lateRecord(b);
    } else if (time < this.bucketStart) this.lateRecord(Math.floor(time / this.bucketMs));
    // the pipeline puts the template on the event; a detector driven on its own mines it
    const r = event.template ?? this.miner.add(event.message);
    // the template of the record before (the most recently seen, so nothing to move in the LRU order) is not looked up
    const newest = this.newest;
    let st: RateState;
    if (newest !== null && newest.id === r.id) st = newest;
    else {
      const found = this.states.get(r.id);
      if (found === undefined) st = this.track(r.id, r.id === UNADMITTED_ID ? UNADMITTED_TEXT : r.template);
      else {
        st = found;
        this.touch(st);
      }
    }
    if (r.changed) st.template = r.template;
    if (st.bucket < this.bucket) this.roll(st, time, out, false);
    if (!st.seen) {
      st.seen = true;
      this.seen.push(st);
    }
    st.count++;
    st.stopped = false;
    if (st.burst || st.count < st.burstFrom || st.buckets < this.minBuckets || this.records <= this.warmup) return;
    const z = this.burstZ(st);
    if (z < this.z || popcount(st.highBits & this.pastMask) + 1 < this.persistence) return;
    const std = Math.max(Math.sqrt(st.variance), this.stdFloor);
    st.burst = true;
    out.push(this.signal(r.id, st, 'burst', signalSeverityForLevel(event.severityNumber), std, z, time));
  }

  tick(now: number, out: Signal[]): void {
    const b = Math.floor(now / this.bucketMs);
    if (b > this.bucket && Number.isSafeInteger(b)) {
      this.farRecord = -1;
      this.startRecord = -1; // a clock moved by tick (trusted) is not the first record's alone
      this.advance(b, now, out);
    }
  }

  /** True when its state (`toJSON()`) holds its miner's (it made the miner; see `Detector.savesMiner`). */
  get savesMiner(): boolean {
    return this.ownMiner;
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
    const templates: [string, SavedRate][] = [];
    for (let st = this.oldest; st !== null; st = st.next) {
      const { template, bucket, count, buckets, mean, variance, burst, stopped, highBits } = st;
      templates.push([st.id, { template, bucket, count, buckets, mean, variance, burst, stopped, highBits }]);
    }
    return {
      version: STATE_VERSION,
      bucket: Number.isFinite(this.bucket) ? this.bucket : null,
      records: this.records,
      skewed: this.skewed,
      late: this.late,
      templates,
      miner: this.ownMiner ? this.miner.toJSON() : undefined,
    };
  }

  /**
   * Replace the state with one from {@link toJSON}. Everything is checked first: on a bad state nothing
   * changes and a {@link ConfigError} names the bad path (`template_rate_anomaly.state.templates[2][1].mean`).
   */
  restore(state: unknown): void {
    const path = `${this.id}.state`;
    const s = checkObject(state, path);
    checkVersion(s, path, STATE_VERSION);
    const bucket = s.bucket === null ? -Infinity : checkInteger(s.bucket, `${path}.bucket`, -Number.MAX_SAFE_INTEGER);
    const records = checkCount(s.records, `${path}.records`);
    const skewed = s.skewed === undefined ? 0 : checkCount(s.skewed, `${path}.skewed`);
    const late = s.late === undefined ? 0 : checkCount(s.late, `${path}.late`);
    const list = checkArray(s.templates, `${path}.templates`);
    const parsed: RateState[] = [];
    const ids = new Set<string>();
    list.forEach((entry, i) => {
      const at = `${path}.templates[${i}]`;
      const pair = checkArray(entry, at, 2);
      if (pair.length !== 2) throw new ConfigError(at, 'an [id, state] pair', entry);
      const id = checkText(pair[0], `${at}[0]`, 64);
      if (ids.has(id)) throw new ConfigError(`${at}[0]`, 'an id not used by another entry', id);
      ids.add(id);
      const v = checkObject(pair[1], `${at}[1]`);
      const b = checkInteger(v.bucket, `${at}[1].bucket`, -Number.MAX_SAFE_INTEGER, bucket === -Infinity ? Number.MAX_SAFE_INTEGER : bucket);
      parsed.push({
        id,
        template: checkText(v.template, `${at}[1].template`, 100_000),
        bucket: b,
        count: checkCount(v.count, `${at}[1].count`),
        buckets: checkCount(v.buckets, `${at}[1].buckets`),
        mean: checkNumber(v.mean, `${at}[1].mean`, 0, 1e12),
        variance: checkNumber(v.variance, `${at}[1].variance`, 0, 1e24),
        burstFrom: 0, // set below, from the mean
        burst: checkBoolean(v.burst, `${at}[1].burst`),
        stopped: checkBoolean(v.stopped, `${at}[1].stopped`),
        highBits: v.highBits === undefined ? 0 : checkInteger(v.highBits, `${at}[1].highBits`, 0, 2 ** 30) & this.pastMask,
        steady: false,
        seen: false,
        gone: false,
        prev: null,
        next: null,
      });
    });
    if (this.ownMiner && s.miner !== undefined) this.miner.restore(s.miner, `${path}.miner`); // checks all, then replaces
    this.states.clear();
    this.steady.clear();
    this.seen = [];
    this.oldest = this.newest = null;
    this.bucket = bucket;
    this.bucketStart = bucket * this.bucketMs;
    this.nextBucketAt = bucketEndFor(bucket, this.bucketMs);
    this.records = records;
    this.skewed = skewed;
    this.late = late;
    this.startRecord = -1;
    this.farRecord = -1;
    for (const st of parsed.slice(Math.max(0, parsed.length - this.maxTemplates))) {
      st.burstFrom = this.burstFloor(st.mean);
      this.states.set(st.id, st);
      this.append(st);
      if (st.bucket === bucket && st.count > 0) {
        st.seen = true;
        this.seen.push(st);
      }
      this.markSteady(st);
    }
  }

  /**
   * Whether a record of the later bucket `b` moves the clock: yes within `maxSkew` of the current
   * bucket's end (or with no bucket yet), or when the record before it was far ahead too and `b` is
   * at most `maxSkew` after that one's bucket (a confirmed jump); else the record is noted as far.
   */
  private follows(b: number, time: number): boolean {
    if (time - (this.bucket + 1) * this.bucketMs <= this.maxSkewMs || this.bucket === -Infinity) return true;
    if (this.farRecord === this.records - 1 && b >= this.farBucket && (b - this.farBucket) * this.bucketMs <= this.maxSkewMs) return true;
    this.farBucket = b;
    this.farRecord = this.records;
    this.skewed++;
    return false;
  }

  /**
   * A record of a bucket before the current one (`b`): counted in the current bucket as late, unless
   * the clock was started by the record just before and this one is more than `maxSkew` before it:
   * then that first record was far ahead, and the clock starts again at this record's bucket.
   */
  private lateRecord(b: number): void {
    if (this.startRecord === this.records - 1 && this.startRecord > 0 && Number.isSafeInteger(b) && this.bucketStart - b * this.bucketMs > this.maxSkewMs) {
      this.skewed++;
      this.start(b);
      return;
    }
    this.late++;
  }

  /** Close the buckets before `b`: fold the templates seen in the last one and the steady ones, notice stops. */
  private advance(b: number, time: number, out: Signal[]): void {
    if (this.bucket === -Infinity) {
      this.start(b);
      return;
    }
    const seen = this.seen;
    this.seen = [];
    this.bucket = b;
    this.bucketStart = b * this.bucketMs;
    this.nextBucketAt = bucketEndFor(b, this.bucketMs);
    for (const st of seen) {
      st.seen = false;
      if (!st.gone) this.roll(st, time, out, true);
    }
    for (const st of this.steady) if (st.bucket < b) this.roll(st, time, out, true);
  }

  /** Start the first bucket, `b`: the templates' records counted before it (at times without a bucket index) are of it. */
  private start(b: number): void {
    this.bucket = b;
    this.bucketStart = b * this.bucketMs;
    this.startRecord = this.records;
    this.nextBucketAt = bucketEndFor(b, this.bucketMs);
    this.seen = [];
    for (const st of this.states.values()) {
      st.bucket = b;
      st.seen = st.count > 0;
      if (st.seen) this.seen.push(st);
    }
  }

  /**
   * Bring `st` up to the current bucket: fold its last bucket's count, then the empty buckets since
   * (at most {@link MAX_GAP}); with `check`, a stop is noticed on an empty closed bucket.
   */
  private roll(st: RateState, time: number, out: Signal[], check: boolean): void {
    const canSignal = check && this.records > this.warmup;
    const gap = Math.min(this.bucket - st.bucket - 1, MAX_GAP);
    // A steady template that stopped: a closed bucket (its last one, or one of the gap) was empty.
    if (st.count === 0 && canSignal) this.checkStop(st, time, out);
    // the closed bucket was a burst (whether signalled or not), judged against the baseline before it
    const high = st.buckets >= this.minBuckets && this.burstZ(st) >= this.z ? 1 : 0;
    st.highBits = gap >= 30 ? 0 : (((st.highBits << 1) | high) << gap) & this.pastMask;
    fold(st, st.count, this.alpha);
    if (gap > 0 && canSignal) this.checkStop(st, time, out);
    for (let g = 0; g < gap; g++) fold(st, 0, this.alpha);
    st.burstFrom = this.burstFloor(st.mean);
    st.count = 0;
    st.burst = false;
    st.bucket = this.bucket;
    this.markSteady(st);
  }

  /**
   * The z of the current bucket's count when it is a burst by counts (at least `minCount`, `minCount`
   * more than the baseline mean and `minRatio` times it); -Infinity otherwise.
   */
  private burstZ(st: RateState): number {
    if (st.count < this.minCount || st.count - st.mean < this.minCount || st.count < this.minRatio * st.mean) return -Infinity;
    return (st.count - st.mean) / Math.max(Math.sqrt(st.variance), this.stdFloor);
  }

  /**
   * The {@link RateState.burstFrom} of a baseline mean: any count below it fails one of `burstZ`'s count tests (the
   * two bounds on the mean are taken 1 below their floor: a count 2 short of `mean + minCount` or of `minRatio · mean`
   * fails whatever the rounding, as the mean is at most 1e12 and the ratio at most 1000).
   */
  private burstFloor(mean: number): number {
    return Math.max(this.minCount, Math.floor(mean + this.minCount) - 1, Math.floor(this.minRatio * mean) - 1);
  }

  private markSteady(st: RateState): void {
    const steady = st.mean >= this.minCount;
    if (steady !== st.steady) {
      st.steady = steady;
      if (steady) this.steady.add(st);
      else this.steady.delete(st);
    }
  }

  /** Signal a stop when an empty bucket is `z` deviations below a baseline mean of at least `minCount`. */
  private checkStop(st: RateState, time: number, out: Signal[]): void {
    if (st.stopped || st.buckets < this.minBuckets || st.mean < this.minCount) return;
    const std = Math.max(Math.sqrt(st.variance), this.stdFloor);
    const z = -st.mean / std;
    if (z > -this.z) return;
    st.stopped = true;
    st.count = 0;
    out.push(this.signal(st.id, st, 'stop', 'medium', std, z, time));
  }

  /** Start tracking a template, forgetting the least recently seen one beyond `maxTemplates`. */
  private track(id: string, template: string): RateState {
    if (this.states.size >= this.maxTemplates && this.oldest !== null) {
      const old = this.oldest;
      this.unlink(old);
      this.states.delete(old.id);
      if (old.steady) this.steady.delete(old);
      old.gone = true;
    }
    const bucket = Number.isFinite(this.bucket) ? this.bucket : 0;
    const st: RateState = {
      id,
      template,
      bucket,
      count: 0,
      buckets: 0,
      mean: 0,
      variance: 0,
      burstFrom: this.burstFloor(0),
      burst: false,
      highBits: 0,
      stopped: false,
      steady: false,
      seen: false,
      gone: false,
      prev: null,
      next: null,
    };
    this.states.set(id, st);
    this.append(st);
    return st;
  }

  private append(st: RateState): void {
    st.prev = this.newest;
    st.next = null;
    if (this.newest !== null) this.newest.next = st;
    else this.oldest = st;
    this.newest = st;
  }

  private unlink(st: RateState): void {
    if (st.prev !== null) st.prev.next = st.next;
    else this.oldest = st.next;
    if (st.next !== null) st.next.prev = st.prev;
    else this.newest = st.prev;
    st.prev = st.next = null;
  }

  private touch(st: RateState): void {
    if (this.newest === st) return;
    this.unlink(st);
    this.append(st);
  }

  private signal(id: string, st: RateState | SavedRate, direction: 'burst' | 'stop', severity: Signal['severity'], std: number, z: number, time: number): Signal {
    const bucket = formatDuration(this.bucketMs);
    const what = direction === 'burst' ? `${st.count} in ${bucket}, baseline ${round(st.mean)}` : `none in ${bucket}, baseline ${round(st.mean)}`;
    const evidence: Signal['evidence'] = { template: st.template, templateId: id, direction, count: st.count, mean: round(st.mean), std: round(std), z: round(z), bucket };
    if (this.late > 0) evidence.lateRecords = this.late;
    if (this.skewed > 0) evidence.skewedRecords = this.skewed;
    return {
      detector: this.id,
      name: 'template_rate_anomaly',
      kind: 'template',
      severity,
      message: `Log template ${id} ${direction === 'burst' ? 'burst' : 'stopped'} (${what}, z ${round(z)}): ${st.template}`,
      time,
      key: id,
      evidence,
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

/** Largest bucket end for which `bucketEndFor`'s margin of 1 ms is exact (2^50 ms: doubles there are 1/8 ms apart). */
const EXACT_END = 2 ** 50;

/**
 * 1 ms before the end of bucket `b`: any earlier time divides to bucket `b` or before whatever the
 * rounding of `time / bucketMs` (a margin of 1 ms is far above it). -Infinity (every record divided)
 * when there is no bucket yet, or when the end is beyond 2^50 ms (year ~37,700): there the spacing of
 * doubles nears the margin, and a time short of it can divide to the next bucket.
 */
function bucketEndFor(b: number, bucketMs: number): number {
  const end = (b + 1) * bucketMs;
  return Number.isFinite(end) && Math.abs(end) <= EXACT_END ? end - 1 : -Infinity;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
