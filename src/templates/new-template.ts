import type { Detector, TemplateSource } from '../core/detector.js';
import { ConfigError } from '../core/config-error.js';
import { type Duration, formatDuration, parseDuration } from '../core/duration.js';
import { type LogEvent, UNADMITTED_ID } from '../core/log-event.js';
import { SEVERITY, severityName, signalSeverityForLevel } from '../core/severity.js';
import { SIGNAL_SEVERITIES, severityRank, type Signal } from '../core/signal.js';
import { checkBoolean, checkChoice, checkInteger, checkNumber, checkOptions, checkString } from '../core/validate.js';
import { checkArray, checkCount, checkFiniteOr, checkObject, checkText, checkVersion } from './state-check.js';
import type { TemplateMiner, TemplateMinerOptions } from './template-miner.js';
import { detectorMiner, sharedMiner } from './detector-miner.js';
import { LearningBursts } from './learning-burst.js';

/** Options of {@link newTemplate}; defaults in {@link NEW_TEMPLATE_DEFAULTS}. */
export interface NewTemplateDetectorOptions {
  /** Records learned at least before new templates are signalled (the warm-up, in records). Default 500. */
  warmupRecords?: number;
  /** Record time after the first record before new templates are signalled (as well). Default 0. */
  warmup?: Duration;
  /**
   * The log counts as learnt (warm-up over) once at most this share of the last `learnedRateRecords` records
   * (and at least one of them) started a new template: new templates have become rare. 1 ends warm-up
   * after `warmupRecords` records whatever. Default 0.004 (2 in 500).
   */
  learnedRate?: number;
  /** Records over which `learnedRate` is measured. Default: `warmupRecords`. */
  learnedRateRecords?: number;
  /**
   * Lowest record level whose new templates are signalled (`'TRACE'`, `'DEBUG'`, `'INFO'`, `'WARN'`,
   * `'ERROR'`); records without a level count as INFO. Severity follows the level: INFO low, WARN
   * medium, ERROR and FATAL high. Default `'INFO'` (a new DEBUG template is learnt, not signalled).
   */
  level?: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * New-template signals per `floodWindow` before the rest are summarised into one signal when the
   * window ends; new ERROR/FATAL templates and bursts while learning (`learningBurst`) each have a
   * budget of their own, so a flood of new INFO templates cannot hide one. Default 1.
   */
  maxSignals?: number;
  /** The flood window, in record time. Default `'1m'`. */
  floodWindow?: Duration;
  /**
   * While the log is still being learnt (after `warmupRecords` records, new templates not yet rare),
   * a template first seen then is signalled when it reaches this many records within
   * `learningBurstWindow` of its first (a new message kind in a burst is news, learnt or not; the
   * signal names the record that made the count; a budget of `maxSignals` per flood window of its
   * own). 0 = off, else at least 2. Default 50 (as the default preset's template-rate burst; chosen by
   * leave-one-out, docs/signal-quality.md).
   */
  learningBurst?: number;
  /** The window of `learningBurst`, in record time from the template's first record. Default `'1m'`. */
  learningBurstWindow?: Duration;
  /** A miner shared with the processor or other detectors; else the detector makes its own. */
  miner?: TemplateMiner;
  /** Options of the detector's own miner (not with `miner`). */
  minerOptions?: TemplateMinerOptions;
  /** Detector id. Default `'new_template'`. */
  id?: string;
}

/** Defaults of {@link NewTemplateDetectorOptions}. */
export const NEW_TEMPLATE_DEFAULTS = Object.freeze({
  warmupRecords: 500,
  warmup: 0,
  learnedRate: 0.004,
  level: 'INFO' as const,
  maxSignals: 1,
  floodWindow: '1m',
  learningBurst: 50,
  learningBurstWindow: '1m',
  id: 'new_template',
});

const OPTION_KEYS = [...Object.keys(NEW_TEMPLATE_DEFAULTS), 'learnedRateRecords', 'miner', 'minerOptions'];
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
const MAX_EXAMPLES = 5;
const STATE_VERSION = 2;

interface NewTemplateState {
  version: number;
  records: number;
  firstTime: number | null;
  /** Warm-up is over. */
  learnt: boolean;
  /** New-template flags of the last `learnedRateRecords` records, oldest first (while learning). */
  recent: number[];
  windowStart: number | null;
  inWindow: number;
  inWindowHigh: number;
  /** Burst signals in the window (optional: older states have none). */
  inWindowBurst?: number;
  suppressed: number;
  worst: Signal['severity'];
  examples: string[];
  /** Templates watched for a burst while learning: [templateId, firstTime, records] (optional: older states have none). */
  bursts?: [string, number, number][];
  miner?: unknown;
}

/**
 * Signals a log template seen for the first time once the log is learnt (signal `new_template`, kind
 * `template`, key = template id, severity from the record's level). Evidence `{ template, templateId,
 * count, seenTemplates, level }`.
 *
 * Warm-up ends when new templates have become rare: at least `warmupRecords` records (and `warmup` of record time)
 * and at most `learnedRate` of the last `learnedRateRecords` records new (one new always allowed); a log that never settles is never
 * learnt (every message new means nothing new stands out). A flood is summarised: at most `maxSignals`
 * per `floodWindow` of record time (and as many for ERROR/FATAL templates, and for bursts while learning:
 * `learningBurst` records of a template first seen while the log is still being learnt, within
 * `learningBurstWindow` of its first); the rest are counted and
 * reported by one summary signal (key `flood`, severity the highest held back, evidence `{ suppressed,
 * examples, window, seenTemplates }`) when the window ends (next record or `tick`). A template
 * forgotten by the miner's LRU eviction and seen again counts as new. At the miner's cap
 * (`admitAfter` 2) a message matching no template is signalled on its second sighting, which makes its
 * template (evidence `count` 2), not on its first (answered as `UNADMITTED_ID`, not a template).
 */
export class NewTemplateDetector implements Detector {
  id: string;
  readonly kind = 'template' as const;
  /** The miner whose templates it reads (the pipeline's shared miner once in a pipeline). */
  miner: TemplateMiner;
  readonly warmupRecords: number;
  readonly warmupMs: number;
  readonly learnedRate: number;
  readonly learnedRateRecords: number;
  readonly minSeverityNumber: number;
  readonly maxSignals: number;
  readonly floodWindowMs: number;
  private ownMiner: boolean;
  private readonly minerConfigured: boolean;
  private records = 0;
  private firstTime = NaN;
  private learnt = false;
  /** Ring of new-template flags of the last `learnedRateRecords` records, and their sum. */
  private recent: Uint8Array;
  private recentNew = 0;
  private windowStart = -Infinity;
  private inWindow = 0;
  private inWindowHigh = 0;
  private inWindowBurst = 0;
  private suppressed = 0;
  private worst: Signal['severity'] = 'low';
  private examples: string[] = [];
  private readonly bursts: LearningBursts;

  constructor(options?: NewTemplateDetectorOptions) {
    const o = checkOptions(options, 'newTemplate', OPTION_KEYS);
    const d = NEW_TEMPLATE_DEFAULTS;
    this.warmupRecords = o.warmupRecords === undefined ? d.warmupRecords : checkInteger(o.warmupRecords, 'newTemplate.warmupRecords', 0);
    this.warmupMs = parseDuration(o.warmup ?? d.warmup, 'newTemplate.warmup', true);
    this.learnedRate = o.learnedRate === undefined ? d.learnedRate : checkNumber(o.learnedRate, 'newTemplate.learnedRate', 0, 1);
    this.learnedRateRecords =
      o.learnedRateRecords === undefined ? Math.min(Math.max(this.warmupRecords, 1), 1_000_000) : checkInteger(o.learnedRateRecords, 'newTemplate.learnedRateRecords', 1, 1_000_000);
    this.minSeverityNumber = SEVERITY[checkChoice(o.level ?? d.level, 'newTemplate.level', LEVELS)];
    this.maxSignals = o.maxSignals === undefined ? d.maxSignals : checkInteger(o.maxSignals, 'newTemplate.maxSignals', 1);
    this.floodWindowMs = parseDuration(o.floodWindow ?? d.floodWindow, 'newTemplate.floodWindow');
    this.id = o.id === undefined ? d.id : checkString(o.id, 'newTemplate.id');
    const learningBurst = o.learningBurst === undefined ? d.learningBurst : checkInteger(o.learningBurst, 'newTemplate.learningBurst', 0);
    if (learningBurst === 1) throw new ConfigError('newTemplate.learningBurst', '0 (off) or an integer >= 2', learningBurst);
    this.bursts = new LearningBursts(learningBurst, parseDuration(o.learningBurstWindow ?? d.learningBurstWindow, 'newTemplate.learningBurstWindow'));
    const m = detectorMiner(o.miner, o.minerOptions, 'newTemplate');
    this.miner = m.miner;
    this.ownMiner = m.own;
    this.minerConfigured = m.configured;
    this.recent = new Uint8Array(this.learnedRateRecords);
  }

  /** True once warm-up is over (new templates have become rare). */
  get isLearnt(): boolean {
    return this.learnt;
  }

  observe(event: LogEvent, out: Signal[]): void {
    const time = event.time;
    if (this.records === 0) this.firstTime = time;
    this.records++;
    if (this.inWindow + this.inWindowHigh + this.inWindowBurst > 0 && time >= this.windowStart + this.floodWindowMs) this.closeWindow(time, out);
    // the pipeline puts the template on the event; a detector driven on its own mines it
    const r = event.template ?? this.miner.add(event.message);
    // at the miner's cap a message matching no template is answered as UNADMITTED_ID on its first
    // sighting and makes its template on its second (isNew again, count 2): one kind of message, so it
    // counts as new once (the first sighting) and is signalled once (the second, the repeat counted in)
    const unadmitted = r.id === UNADMITTED_ID;
    const learning = !this.learnt && !this.learn(r.isNew && (unadmitted || r.count <= 1), time);
    if (unadmitted) return;
    if (!r.isNew) {
      if (this.bursts.hit(r.id, time)) this.signalNew(event, r, time, out, true);
      return;
    }
    // still learning: past the minimum warm-up, a template first seen now is watched for a burst
    if (learning) {
      if (this.records >= this.warmupRecords) this.bursts.watch(r.id, time);
      return;
    }
    this.signalNew(event, r, time, out, false);
  }

  /** Signal template `r`, new or (`burst`) first seen while learning and now in a burst, within the flood budget. */
  private signalNew(event: LogEvent, r: { id: string; template: string; count: number }, time: number, out: Signal[], burst: boolean): void {
    const level = event.severityNumber > 0 ? event.severityNumber : SEVERITY.INFO;
    if (level < this.minSeverityNumber) return;
    const severity = signalSeverityForLevel(level);
    if (this.inWindow + this.inWindowHigh + this.inWindowBurst === 0) this.windowStart = time;
    // bursts have a budget of their own, as new ERROR templates do: neither hides the other kinds
    const high = severity === 'high';
    if ((burst ? this.inWindowBurst : high ? this.inWindowHigh : this.inWindow) < this.maxSignals) {
      if (burst) this.inWindowBurst++;
      else if (high) this.inWindowHigh++;
      else this.inWindow++;
      out.push({
        detector: this.id,
        name: 'new_template',
        kind: 'template',
        severity,
        message: burst ? `New log template ${r.id} in a burst (${this.bursts.count} records within ${formatDuration(this.bursts.windowMs)}): ${r.template}` : `New log template ${r.id}: ${r.template}`,
        time,
        key: r.id,
        evidence: burst
          ? {
              template: r.template,
              templateId: r.id,
              count: r.count,
              seenTemplates: this.miner.size,
              level: severityName(level),
              burst: this.bursts.count,
              burstWindow: formatDuration(this.bursts.windowMs),
            }
          : { template: r.template, templateId: r.id, count: r.count, seenTemplates: this.miner.size, level: severityName(level) },
      });
      return;
    }
    this.suppressed++;
    if (severityRank(severity) > severityRank(this.worst)) this.worst = severity;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(`${r.id} ${r.template}`);
  }

  /** Count one record towards warm-up; true when it ends the warm-up (this record is judged already). */
  private learn(isNew: boolean, time: number): boolean {
    const slot = (this.records - 1) % this.learnedRateRecords;
    this.recentNew += (isNew ? 1 : 0) - this.recent[slot];
    this.recent[slot] = isNew ? 1 : 0;
    if (this.records < this.warmupRecords || this.records < this.learnedRateRecords || time - this.firstTime < this.warmupMs) return false;
    if (this.recentNew > Math.max(1, this.learnedRate * this.learnedRateRecords)) return false;
    this.learnt = true;
    this.recent = new Uint8Array(0);
    return true;
  }

  tick(now: number, out: Signal[]): void {
    if (this.inWindow + this.inWindowHigh + this.inWindowBurst > 0 && now >= this.windowStart + this.floodWindowMs) this.closeWindow(now, out);
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
  /** Learned state (and the miner's, when the detector owns it). */
  toJSON(): NewTemplateState {
    const recent: number[] = [];
    if (!this.learnt) {
      const n = Math.min(this.records, this.learnedRateRecords);
      for (let i = this.records - n; i < this.records; i++) recent.push(this.recent[i % this.learnedRateRecords]);
    }
    return {
      version: STATE_VERSION,
      records: this.records,
      firstTime: Number.isFinite(this.firstTime) ? this.firstTime : null,
      learnt: this.learnt,
      recent,
      windowStart: Number.isFinite(this.windowStart) ? this.windowStart : null,
      inWindow: this.inWindow,
      inWindowHigh: this.inWindowHigh,
      inWindowBurst: this.inWindowBurst,
      suppressed: this.suppressed,
      worst: this.worst,
      examples: this.examples.slice(),
      bursts: this.bursts.toJSON(),
      miner: this.ownMiner ? this.miner.toJSON() : undefined,
    };
  }

  /**
   * Replace the state with one from {@link toJSON}. Everything is checked first: on a bad state nothing
   * changes and a {@link ConfigError} names the bad path (`new_template.state.records`).
   */
  restore(state: unknown): void {
    const path = `${this.id}.state`;
    const s = checkObject(state, path);
    checkVersion(s, path, STATE_VERSION);
    const records = checkCount(s.records, `${path}.records`);
    const firstTime = checkFiniteOr(s.firstTime, `${path}.firstTime`, NaN);
    const learnt = checkBoolean(s.learnt, `${path}.learnt`);
    const recent = checkArray(s.recent, `${path}.recent`, this.learnedRateRecords).map((x, i) => checkInteger(x, `${path}.recent[${i}]`, 0, 1));
    const windowStart = checkFiniteOr(s.windowStart, `${path}.windowStart`, -Infinity);
    const inWindow = checkInteger(s.inWindow, `${path}.inWindow`, 0, this.maxSignals);
    const inWindowHigh = checkInteger(s.inWindowHigh, `${path}.inWindowHigh`, 0, this.maxSignals);
    const inWindowBurst = s.inWindowBurst === undefined ? 0 : checkInteger(s.inWindowBurst, `${path}.inWindowBurst`, 0, this.maxSignals);
    const suppressed = checkCount(s.suppressed, `${path}.suppressed`);
    const worst = checkChoice(s.worst, `${path}.worst`, SIGNAL_SEVERITIES);
    const examples = checkArray(s.examples, `${path}.examples`, MAX_EXAMPLES).map((x, i) => checkText(x, `${path}.examples[${i}]`, 100_000));
    const bursts = new LearningBursts(this.bursts.count, this.bursts.windowMs);
    if (s.bursts !== undefined) bursts.restore(s.bursts, `${path}.bursts`);
    if (this.ownMiner && s.miner !== undefined) this.miner.restore(s.miner, `${path}.miner`); // checks all, then replaces
    this.records = records;
    this.firstTime = firstTime;
    this.learnt = learnt;
    this.recent = new Uint8Array(learnt ? 0 : this.learnedRateRecords);
    this.recentNew = 0;
    // the saved flags are the last records' (oldest first): put them back where the ring expects them
    recent.forEach((x, i) => {
      const slot = (records - recent.length + i) % this.learnedRateRecords;
      if (!learnt) this.recent[slot] = x;
      this.recentNew += x;
    });
    if (learnt) this.recentNew = 0;
    this.windowStart = windowStart;
    this.inWindow = inWindow;
    this.inWindowHigh = inWindowHigh;
    this.inWindowBurst = inWindowBurst;
    this.suppressed = suppressed;
    this.worst = worst;
    this.examples = examples;
    this.bursts.restore(bursts.toJSON(), `${path}.bursts`);
  }

  /** End the flood window: report what it suppressed, start counting afresh. */
  private closeWindow(time: number, out: Signal[]): void {
    if (this.suppressed > 0) {
      const window = formatDuration(this.floodWindowMs);
      out.push({
        detector: this.id,
        name: 'new_template',
        kind: 'template',
        severity: this.worst,
        message: `${this.suppressed} more new log templates in ${window} (flood of new templates)`,
        time,
        key: 'flood',
        evidence: { suppressed: this.suppressed, examples: this.examples, window, seenTemplates: this.miner.size },
      });
    }
    this.inWindow = 0;
    this.inWindowHigh = 0;
    this.inWindowBurst = 0;
    this.suppressed = 0;
    this.worst = 'low';
    this.examples = [];
    this.windowStart = -Infinity;
  }
}
