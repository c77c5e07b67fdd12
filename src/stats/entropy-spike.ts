import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal, SignalSeverity } from '../core/signal.js';
import { SIGNAL_SEVERITIES } from '../core/signal.js';
import { checkBoolean, checkChoice, checkInteger, checkNumber, checkOptions, checkString } from '../core/validate.js';
import { round } from './bucketed-detector.js';
import { charEntropy, MAX_ENTROPY_CHARS } from './shannon-entropy.js';

/** Options of {@link EntropySpike}. */
export interface EntropySpikeOptions {
  /** Recent non-anomalous messages in the baseline. Default 10 (the seed README's value). */
  baselineRecords?: number;
  /** The seed's name of `baselineRecords` (`EntropySpike(window=10)`), accepted on EntropySpike only; not with `baselineRecords`. */
  window?: number;
  /** z beyond which a message's entropy is anomalous (one-sided: only higher entropy fires). Default 2.5. */
  z?: number;
  /** The seed's name of `z` (`EntropySpike(threshold=2.5)`), accepted on EntropySpike only; not with `z`. */
  threshold?: number;
  /** Messages learned before any test (the warm-up, in records). Default: `baselineRecords`. */
  warmupRecords?: number;
  /** Score this attribute instead of the message. Default: the message. Records without it are skipped. */
  field?: string;
  /** Floor of the baseline's standard deviation, in bits. Default 0.3 (the seed's `min_std`). */
  minStd?: number;
  /** After a signal, the next this many records cannot fire (they are still scored). Default 10. */
  cooldownRecords?: number;
  /** Characters scanned at most (UTF-16 code units, up to 4096). Default 512. */
  maxChars?: number;
  /** Divide the entropy by log2(length) (0..1, insensitive to length). Default false: raw bits, as the seed. */
  normalize?: boolean;
  /** After this many anomalous records in a row the baseline is reset and relearned (the text changed for good). Default 100. */
  adaptAfter?: number;
  /** Signal severity. Default `'low'`: entropy is weak evidence on its own. */
  severity?: SignalSeverity;
  /** Detector id. Default `'entropy_spike'`. */
  id?: string;
}

/** Defaults of {@link EntropySpikeOptions} (`warmupRecords` defaults to `baselineRecords`). */
export const ENTROPY_SPIKE_DEFAULTS = Object.freeze({
  baselineRecords: 10,
  z: 2.5,
  minStd: 0.3,
  cooldownRecords: 10,
  maxChars: 512,
  normalize: false,
  adaptAfter: 100,
  severity: 'low' as SignalSeverity,
  id: 'entropy_spike',
});
const DEFAULTS = ENTROPY_SPIKE_DEFAULTS;
const NAME = 'entropy_spike';

/**
 * The seed's experimental detector, fixed: per-message Shannon character entropy in bits (of the
 * first `maxChars` 512 characters of the message, or of attribute `field`), against the mean and
 * population deviation of the last `baselineRecords` (10) non-anomalous messages; `z = (H - mean) /
 * max(std, minStd 0.3)`, fires when z exceeds the `z` option (2.5) after `warmupRecords` messages,
 * then stays quiet for `cooldownRecords` (10) records. The seed's `window` and `threshold` are
 * accepted as aliases of `baselineRecords` and `z`. Unlike the seed, anomalous records (cooldown or not) never enter the
 * baseline, so a sustained attack is not learned; after `adaptAfter` (100) anomalous records in a row
 * the baseline restarts. Empty text is skipped.
 *
 * Entropy mostly tracks length and character variety: weak evidence, severity `low` by default.
 * Signal `entropy_spike`, evidence `{ entropy, mean, std, z, threshold, window, length, truncated,
 * normalized }`.
 */
export class EntropySpike implements Detector {
  id: string;
  readonly kind = 'stat' as const;
  readonly window: number;
  readonly threshold: number;
  private readonly warmup: number;
  private readonly field: string | undefined;
  private readonly minStd: number;
  private readonly cooldown: number;
  private readonly maxChars: number;
  private readonly normalize: boolean;
  private readonly adaptAfter: number;
  private readonly severity: SignalSeverity;
  /** Ring of the last `window` baseline entropies. */
  private readonly ring: Float64Array;
  private head = 0;
  private size = 0;
  /** Messages learned since the last (re)start, for the warm-up. */
  private learned = 0;
  private sum = 0;
  private sumSq = 0;
  private sinceExact = 0;
  private cooldownLeft = 0;
  private anomalousRun = 0;

  constructor(options: EntropySpikeOptions = {}) {
    const p = 'entropySpike';
    const o = checkOptions(options, p, ['baselineRecords', 'window', 'z', 'threshold', 'warmupRecords', 'field', 'minStd', 'cooldownRecords', 'maxChars', 'normalize', 'adaptAfter', 'severity', 'id']);
    const [baselineKey, baseline] = seedAlias(o, 'baselineRecords', 'window', p);
    const [zKey, z] = seedAlias(o, 'z', 'threshold', p);
    this.window = baseline === undefined ? DEFAULTS.baselineRecords : checkInteger(baseline, `${p}.${baselineKey}`, 2, 100_000);
    this.threshold = z === undefined ? DEFAULTS.z : checkNumber(z, `${p}.${zKey}`, 0.1, 1000);
    this.warmup = o.warmupRecords === undefined ? this.window : checkInteger(o.warmupRecords, `${p}.warmupRecords`, 2, 100_000);
    this.field = o.field === undefined ? undefined : checkString(o.field, `${p}.field`);
    this.minStd = o.minStd === undefined ? DEFAULTS.minStd : checkNumber(o.minStd, `${p}.minStd`, 1e-6, 100);
    this.cooldown = o.cooldownRecords === undefined ? DEFAULTS.cooldownRecords : checkInteger(o.cooldownRecords, `${p}.cooldownRecords`, 0);
    this.maxChars = o.maxChars === undefined ? DEFAULTS.maxChars : checkInteger(o.maxChars, `${p}.maxChars`, 2, MAX_ENTROPY_CHARS);
    this.normalize = o.normalize === undefined ? DEFAULTS.normalize : checkBoolean(o.normalize, `${p}.normalize`);
    this.adaptAfter = o.adaptAfter === undefined ? DEFAULTS.adaptAfter : checkInteger(o.adaptAfter, `${p}.adaptAfter`, 1);
    this.severity = o.severity === undefined ? DEFAULTS.severity : checkChoice(o.severity, `${p}.severity`, SIGNAL_SEVERITIES);
    this.id = o.id === undefined ? DEFAULTS.id : checkString(o.id, `${p}.id`);
    this.ring = new Float64Array(this.window);
  }

  observe(event: LogEvent, out: Signal[]): void {
    let text: string | undefined;
    if (this.field === undefined) text = event.message;
    else text = fieldString(event.attributes, this.field);
    if (typeof text !== 'string' || text.length === 0) return;
    const len = text.length < this.maxChars ? text.length : this.maxChars;
    let h = charEntropy(text, this.maxChars);
    if (this.normalize) h = len > 1 ? h / Math.log2(len) : 0;
    if (this.learned < this.warmup) {
      this.learn(h);
      return;
    }
    const n = this.size;
    const mean = this.sum / n;
    let variance = this.sumSq / n - mean * mean;
    if (variance < 0) variance = 0;
    const sd = Math.sqrt(variance);
    const std = sd > this.minStd ? sd : this.minStd;
    const z = (h - mean) / std;
    if (z <= this.threshold) {
      this.anomalousRun = 0;
      if (this.cooldownLeft > 0) this.cooldownLeft--;
      this.learn(h);
      return;
    }
    if (++this.anomalousRun >= this.adaptAfter) this.reset();
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      return;
    }
    this.cooldownLeft = this.cooldown;
    out.push({
      detector: this.id,
      name: NAME,
      kind: 'stat',
      severity: this.severity,
      message: `Log entropy spike: ${h.toFixed(2)}${this.normalize ? '' : ' bits'} vs baseline ${mean.toFixed(2)} (z=${z.toFixed(2)})${this.field !== undefined ? ` in ${this.field}` : ''}`,
      time: event.time,
      evidence: {
        entropy: round(h),
        mean: round(mean),
        std: round(sd),
        z: round(z),
        threshold: this.threshold,
        window: this.window,
        length: len,
        truncated: text.length > this.maxChars,
        normalized: this.normalize,
      },
    });
  }

  private learn(h: number): void {
    this.learned++;
    const w = this.window;
    if (this.size === w) {
      const old = this.ring[this.head];
      this.sum -= old;
      this.sumSq -= old * old;
      this.ring[this.head] = h;
      if (++this.head === w) this.head = 0;
    } else {
      let tail = this.head + this.size;
      if (tail >= w) tail -= w;
      this.ring[tail] = h;
      this.size++;
    }
    this.sum += h;
    this.sumSq += h * h;
    if (++this.sinceExact >= w) this.resum();
  }

  /** Recompute the sums exactly (bounds floating-point drift of the running sums). */
  private resum(): void {
    this.sinceExact = 0;
    let s = 0;
    let q = 0;
    for (let i = 0; i < this.size; i++) {
      let j = this.head + i;
      if (j >= this.window) j -= this.window;
      s += this.ring[j];
      q += this.ring[j] * this.ring[j];
    }
    this.sum = s;
    this.sumSq = q;
  }

  private reset(): void {
    this.head = 0;
    this.size = 0;
    this.learned = 0;
    this.sum = 0;
    this.sumSq = 0;
    this.sinceExact = 0;
    this.anomalousRun = 0;
  }

  /** The baseline (oldest first), warm-up progress and cooldown. */
  toJSON(): EntropySpikeState {
    const history: number[] = [];
    for (let i = 0; i < this.size; i++) {
      let j = this.head + i;
      if (j >= this.window) j -= this.window;
      history.push(this.ring[j]);
    }
    return { detector: NAME, window: this.window, normalized: this.normalize, history, learned: this.learned, cooldownLeft: this.cooldownLeft, anomalousRun: this.anomalousRun };
  }

  /** Restore a state from {@link toJSON} of an EntropySpike with the same `baselineRecords` and `normalize`. */
  restore(state: unknown): void {
    const p = `${this.id}.restore`;
    const s = state as EntropySpikeState;
    if (s === null || typeof s !== 'object' || s.detector !== NAME || !Array.isArray(s.history)) throw new ConfigError(p, 'an EntropySpike state from toJSON()', state);
    if (s.window !== this.window) throw new ConfigError(`${p}.window`, `${this.window} (this detector's window)`, s.window);
    if (s.normalized !== this.normalize) throw new ConfigError(`${p}.normalized`, String(this.normalize), s.normalized);
    if (s.history.length > this.window || !s.history.every((h) => typeof h === 'number' && h >= 0 && Number.isFinite(h)))
      throw new ConfigError(`${p}.history`, `up to ${this.window} entropies`, s.history);
    // validate everything before changing anything
    const learned = checkInteger(s.learned, `${p}.learned`, 0);
    const cooldownLeft = checkInteger(s.cooldownLeft, `${p}.cooldownLeft`, 0);
    const anomalousRun = checkInteger(s.anomalousRun, `${p}.anomalousRun`, 0);
    this.reset();
    for (const h of s.history) this.learn(h);
    this.learned = learned;
    this.cooldownLeft = cooldownLeft;
    this.anomalousRun = anomalousRun;
  }
}

/** Serialised form of {@link EntropySpike}. */
export interface EntropySpikeState {
  detector: string;
  window: number;
  normalized: boolean;
  history: number[];
  learned: number;
  cooldownLeft: number;
  anomalousRun: number;
}

/** The value of option `name` or of its seed alias `alias` (not both), and the key it came from. */
function seedAlias(o: EntropySpikeOptions, name: 'baselineRecords' | 'z', alias: 'window' | 'threshold', path: string): [string, unknown] {
  if (o[alias] === undefined) return [name, o[name]];
  if (o[name] !== undefined) throw new ConfigError(`${path}.${alias}`, `either ${name} or its seed alias ${alias}, not both`, o[alias]);
  return [alias, o[alias]];
}
