import type { Detector, TemplateSource } from '../core/detector.js';
import { type Duration, formatDuration, parseDuration } from '../core/duration.js';
import type { LogEvent } from '../core/log-event.js';
import { signalSeverityForLevel } from '../core/severity.js';
import type { Signal } from '../core/signal.js';
import { checkInteger, checkOptions, checkString } from '../core/validate.js';
import type { TemplateMiner, TemplateMinerOptions } from './template-miner.js';
import { detectorMiner, sharedMiner } from './detector-miner.js';

/** Options of {@link newTemplate}; defaults in {@link NEW_TEMPLATE_DEFAULTS}. */
export interface NewTemplateDetectorOptions {
  /** Records learned before new templates are signalled. Default 1000. */
  warmupRecords?: number;
  /** Record time after the first record before new templates are signalled (both warm-ups must pass). Default 0. */
  warmup?: Duration;
  /** New-template signals per `floodWindow`; beyond it they are counted and summarised. Default 5. */
  maxSignals?: number;
  /** The flood window, in record time. Default `'1m'`. */
  floodWindow?: Duration;
  /** A miner shared with the processor or other detectors; else the detector makes its own. */
  miner?: TemplateMiner;
  /** Options of the detector's own miner (not with `miner`). */
  minerOptions?: TemplateMinerOptions;
  /** Detector id. Default `'new_template'`. */
  id?: string;
}

/** Defaults of {@link NewTemplateDetectorOptions}. */
export const NEW_TEMPLATE_DEFAULTS = Object.freeze({ warmupRecords: 1000, warmup: 0, maxSignals: 5, floodWindow: '1m', id: 'new_template' });

const OPTION_KEYS = ['warmupRecords', 'warmup', 'maxSignals', 'floodWindow', 'miner', 'minerOptions', 'id'];
const MAX_EXAMPLES = 5;
const STATE_VERSION = 1;

interface NewTemplateState {
  version: number;
  records: number;
  firstTime: number;
  windowStart: number;
  inWindow: number;
  suppressed: number;
  examples: string[];
  miner?: unknown;
}

/**
 * Signals a log template seen for the first time after warm-up (signal `new_template`, kind
 * `template`, key = template id, severity from the record's level: DEBUG/INFO low, WARN medium,
 * ERROR/FATAL high). Evidence `{ template, templateId, count, seenTemplates }`.
 *
 * A flood is summarised: at most `maxSignals` per `floodWindow` of record time; the rest are counted
 * and reported by one summary signal (key `flood`, evidence `{ suppressed, examples, window,
 * seenTemplates }`) when the window ends (next record or `tick`). A template forgotten by the
 * miner's LRU eviction and seen again counts as new.
 */
export class NewTemplateDetector implements Detector {
  id: string;
  readonly kind = 'template' as const;
  /** The miner whose templates it reads (the pipeline's shared miner once in a pipeline). */
  miner: TemplateMiner;
  readonly warmup: number;
  readonly warmupTimeMs: number;
  readonly maxSignals: number;
  readonly floodWindowMs: number;
  private ownMiner: boolean;
  private readonly minerConfigured: boolean;
  private records = 0;
  private firstTime = NaN;
  private windowStart = -Infinity;
  private inWindow = 0;
  private suppressed = 0;
  private examples: string[] = [];

  constructor(options?: NewTemplateDetectorOptions) {
    const o = checkOptions(options, 'newTemplate', OPTION_KEYS);
    const d = NEW_TEMPLATE_DEFAULTS;
    this.warmup = o.warmupRecords === undefined ? d.warmupRecords : checkInteger(o.warmupRecords, 'newTemplate.warmupRecords', 0);
    this.warmupTimeMs = parseDuration(o.warmup ?? d.warmup, 'newTemplate.warmup', true);
    this.maxSignals = o.maxSignals === undefined ? d.maxSignals : checkInteger(o.maxSignals, 'newTemplate.maxSignals', 1);
    this.floodWindowMs = parseDuration(o.floodWindow ?? d.floodWindow, 'newTemplate.floodWindow');
    this.id = o.id === undefined ? d.id : checkString(o.id, 'newTemplate.id');
    const m = detectorMiner(o.miner, o.minerOptions, 'newTemplate');
    this.miner = m.miner;
    this.ownMiner = m.own;
    this.minerConfigured = m.configured;
  }

  observe(event: LogEvent, out: Signal[]): void {
    const time = event.time;
    if (this.records === 0) this.firstTime = time;
    this.records++;
    if (this.inWindow > 0 && time >= this.windowStart + this.floodWindowMs) this.closeWindow(time, out);
    // the pipeline puts the template on the event; a detector driven on its own mines it
    const r = event.template ?? this.miner.add(event.message);
    if (!r.isNew || this.records <= this.warmup || time - this.firstTime < this.warmupTimeMs) return;
    if (this.inWindow === 0) this.windowStart = time;
    if (this.inWindow < this.maxSignals) {
      this.inWindow++;
      out.push({
        detector: this.id,
        name: 'new_template',
        kind: 'template',
        severity: signalSeverityForLevel(event.severityNumber),
        message: `New log template ${r.id}: ${r.template}`,
        time,
        key: r.id,
        evidence: { template: r.template, templateId: r.id, count: r.count, seenTemplates: this.miner.size },
      });
      return;
    }
    this.suppressed++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(`${r.id} ${r.template}`);
  }

  tick(now: number, out: Signal[]): void {
    if (this.inWindow > 0 && now >= this.windowStart + this.floodWindowMs) this.closeWindow(now, out);
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
    return {
      version: STATE_VERSION,
      records: this.records,
      firstTime: this.firstTime,
      windowStart: this.windowStart,
      inWindow: this.inWindow,
      suppressed: this.suppressed,
      examples: this.examples.slice(),
      miner: this.ownMiner ? this.miner.toJSON() : undefined,
    };
  }

  restore(state: unknown): void {
    const s = state as NewTemplateState;
    if (s === null || typeof s !== 'object' || s.version !== STATE_VERSION || typeof s.records !== 'number' || !Array.isArray(s.examples)) {
      throw new Error(`${this.id}.restore: not a new_template state (version ${STATE_VERSION})`);
    }
    if (this.ownMiner && s.miner !== undefined) this.miner.restore(s.miner);
    this.records = s.records;
    this.firstTime = typeof s.firstTime === 'number' ? s.firstTime : NaN;
    this.windowStart = typeof s.windowStart === 'number' ? s.windowStart : -Infinity;
    this.inWindow = Number(s.inWindow) || 0;
    this.suppressed = Number(s.suppressed) || 0;
    this.examples = s.examples.filter((x) => typeof x === 'string').slice(0, MAX_EXAMPLES);
  }

  /** End the flood window: report what it suppressed, start counting afresh. */
  private closeWindow(time: number, out: Signal[]): void {
    if (this.suppressed > 0) {
      const window = formatDuration(this.floodWindowMs);
      out.push({
        detector: this.id,
        name: 'new_template',
        kind: 'template',
        severity: 'medium',
        message: `${this.suppressed} more new log templates in ${window} (flood of new templates)`,
        time,
        key: 'flood',
        evidence: { suppressed: this.suppressed, examples: this.examples, window, seenTemplates: this.miner.size },
      });
    }
    this.inWindow = 0;
    this.suppressed = 0;
    this.examples = [];
    this.windowStart = -Infinity;
  }
}
