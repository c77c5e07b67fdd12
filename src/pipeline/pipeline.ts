import { diag } from '@opentelemetry/api';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { type Duration, parseDuration } from '../core/duration.js';
import type { EventTemplate, LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { checkInteger, checkOptions } from '../core/validate.js';
import { KeywordRule } from '../rules/keyword-rule.js';
import { type KeywordRun, keywordRuns } from '../rules/keyword-scan.js';
import { TemplateMiner } from '../templates/template-miner.js';
import { type CooldownState, SignalCooldown } from '../watcher/signal-cooldown.js';
import type { LogSignalConfig } from '../config/log-signal-config.js';
import { Enrichment } from './enrichment.js';
import { pipelineOptionsFromConfig, readConfig } from './pipeline-config.js';
import { triggerRecord } from './trigger-record.js';

/** Options of {@link Pipeline}; defaults in {@link PIPELINE_DEFAULTS}. */
export interface PipelineOptions {
  /** Rule detectors; a bare string is a keyword rule (`'ERROR'` = `Rule.contains('ERROR')`). */
  rules?: ReadonlyArray<Detector | string>;
  /** More detectors (statistical, template, security), run after `rules`. */
  detectors?: readonly Detector[];
  /** Called for each signal that passes the cooldown. Default: none. */
  onSignal?: (signal: Signal) => void;
  /** Repeats from one detector and key are suppressed for this long (record time); 0 disables. Default `'10s'`. */
  cooldown?: Duration;
  /** Detector/key pairs the cooldown remembers. Default 10000. */
  maxCooldownKeys?: number;
  /** Clock for `tick()` without an argument (epoch ms). Default `Date.now`. */
  clock?: () => number;
  /**
   * Mine every message's template (`result.template`, `event.template`): `true` with the template
   * detectors' miner (or a new one), or this miner, which the template detectors then share.
   * Default `false`: templates are mined only when a template detector reads them.
   */
  templates?: boolean | TemplateMiner;
}

/** Defaults of {@link PipelineOptions}. */
export const PIPELINE_DEFAULTS = Object.freeze({ cooldown: '10s', maxCooldownKeys: 10_000, templates: false });

const OPTION_KEYS = ['rules', 'detectors', 'onSignal', 'cooldown', 'maxCooldownKeys', 'clock', 'templates'];

/**
 * What {@link Pipeline.process} and {@link Pipeline.tick} found. One object is reused for every call:
 * read it before the next call (copy what you keep).
 */
export interface PipelineResult {
  /** The signals that passed the cooldown, in the order raised (each also given to `onSignal`). */
  readonly signals: Signal[];
  /** Every signal raised, the cooldown's suppressed repeats included (records are tagged from these). */
  readonly raised: Signal[];
  /** The record's template when templates are mined; undefined otherwise and for `tick`. */
  template: EventTemplate | undefined;
}

/** Learned state of a pipeline (`toJSON()`), plain JSON. */
export interface PipelineState {
  version: 1;
  /** State of each detector that has some, by detector id. */
  detectors: Record<string, unknown>;
  /** The cooldown's remembered signals, so a restart inside a cooldown does not repeat one. */
  cooldown?: CooldownState;
  /** The shared miner's state, when no detector saves it (the pipeline made it, was given it, or the config's detectors share it). */
  miner?: unknown;
}

/**
 * The one analysis path of logsignal: every entry point (the OTel processor, `logsignal scan`,
 * `LogWatcher`, the gateway) turns its input into a {@link LogEvent} with its reader and calls
 * `process(event)`. Per record:
 *
 * 1. enrichment: facts some detectors share are computed once and put on the event: the template
 *    (`event.template`, one shared miner) and the access-log request (`event.request`, parsed at
 *    most once, on first use);
 * 2. the detectors, in order (one that throws is reported once through OTel `diag`, counted in
 *    `errors`, and the others carry on);
 * 3. the cooldown (repeats of one detector and key suppressed, counted on the next signal let through);
 * 4. `onSignal` for each admitted signal; raised signals carry `record` (the text and place of the
 *    record that raised them).
 *
 * ```ts
 * const pipeline = new Pipeline({ rules: ['ERROR'], detectors: [StatRule.newTemplate()] });
 * const result = pipeline.process(eventFromString('ERROR db down', Date.now(), 8192));
 * result.signals; // admitted signals; result.raised: all; result.template: the message's template
 * ```
 *
 * `process` writes `template` and `request` on the event it is given (the callers own their events).
 */
export class Pipeline {
  private readonly detectors: Detector[] = [];
  /** Runs of consecutive keyword rules scanned once for all, by the index of their first detector. */
  private runs: (KeywordRun | undefined)[] = [];
  /** Some detector starts a keyword run (else `runs` is not read per detector). */
  private hasRuns = false;
  /**
   * Per detector `i`, the severity numbers it acts on (`Detector.severities`; -Infinity to Infinity when it reads every
   * record) at `2i` (min) and `2i + 1` (max): a record outside them is not given to it. (One typed array: one object read
   * per record where two arrays of doubles were four.)
   */
  private gates = new Float64Array(0);
  /**
   * Each detector's `observe`, read when it is added (index as `detectors`): the call reads it from this array and
   * calls it on its detector, where `ds[i].observe` was a megamorphic property load (the detectors are of many classes).
   */
  private observers: Detector['observe'][] = [];
  /**
   * At most four kinds of detector (classes; each plain-object detector counts as one): called as `ds[i].observe`, a
   * property load V8 then keeps polymorphic (and can inline the calls); with more it would be megamorphic, and
   * `observers` is used instead.
   */
  private direct = true;
  private readonly onSignal: ((signal: Signal) => void) | undefined;
  private cooldown: SignalCooldown;
  private readonly clock: () => number;
  private readonly enrichment: Enrichment;
  /** `enrichment.active`, kept here: one object fewer read per record (a cache miss each, in a host app's logging path). */
  private enriching = false;
  private readonly result: Result = new Result();
  private readonly failed = new Set<Detector>();
  private ownMiner: boolean;
  private depth = 0;
  /** The miner of `event.template`, when templates are mined. */
  readonly miner: TemplateMiner | undefined;
  /** Errors thrown by detectors and by `onSignal` so far. */
  errors = 0;

  /** @param path the name in configuration errors (`LogWatcher` when built by one). */
  constructor(options?: PipelineOptions, path = 'Pipeline') {
    const o = checkOptions(options, path, OPTION_KEYS);
    if (o.onSignal !== undefined && typeof o.onSignal !== 'function') throw new ConfigError(`${path}.onSignal`, 'a function', o.onSignal);
    if (o.clock !== undefined && typeof o.clock !== 'function') throw new ConfigError(`${path}.clock`, 'a function returning epoch ms', o.clock);
    this.onSignal = o.onSignal;
    this.clock = o.clock ?? Date.now;
    this.cooldown = new SignalCooldown(
      parseDuration(o.cooldown ?? PIPELINE_DEFAULTS.cooldown, `${path}.cooldown`, true),
      checkInteger(o.maxCooldownKeys ?? PIPELINE_DEFAULTS.maxCooldownKeys, `${path}.maxCooldownKeys`, 1),
    );
    if (o.rules !== undefined) {
      if (!Array.isArray(o.rules)) throw new ConfigError(`${path}.rules`, 'an array of rules or keyword strings', o.rules);
      o.rules.forEach((r, i) => this.add(r, `${path}.rules[${i}]`));
    }
    if (o.detectors !== undefined) {
      if (!Array.isArray(o.detectors)) throw new ConfigError(`${path}.detectors`, 'an array of detectors', o.detectors);
      o.detectors.forEach((d, i) => this.add(d, `${path}.detectors[${i}]`));
    }
    const templates = o.templates ?? PIPELINE_DEFAULTS.templates;
    if (typeof templates !== 'boolean' && !(templates instanceof TemplateMiner)) {
      throw new ConfigError(`${path}.templates`, 'true, false or a TemplateMiner', templates);
    }
    const shared = sharedMiner(this.detectors, templates, `${path}.templates`);
    this.miner = shared.miner;
    this.ownMiner = shared.own;
    if (this.miner !== undefined) {
      for (const d of this.detectors) if (d.miner !== undefined && d.useMiner !== undefined) d.useMiner(this.miner);
      // the miner is saved once: by the detector that made it, else by the pipeline (a config's or a caller's miner)
      if (!this.detectors.some((d) => d.savesMiner === true)) this.ownMiner = true;
    }
    this.enrichment = new Enrichment(
      this.miner,
      this.detectors.some((d) => d.readsRequest === true),
    );
    this.enriching = this.enrichment.active;
    this.plan();
  }

  /** Precompute, from what the detectors declare, which ones a record needs: the keyword runs and the severity gates. */
  private plan(): void {
    this.runs = keywordRuns(this.detectors);
    this.hasRuns = this.runs.some((r) => r !== undefined);
    const gates = new Float64Array(2 * this.detectors.length);
    this.detectors.forEach((d, i) => {
      gates[2 * i] = severityBound(d, 'min', Number.NEGATIVE_INFINITY);
      gates[2 * i + 1] = severityBound(d, 'max', Number.POSITIVE_INFINITY);
    });
    this.gates = gates;
    this.observers = this.detectors.map((d) => d.observe);
    this.direct = new Set(this.detectors.map(detectorKind)).size <= 4;
  }

  /**
   * A pipeline configured by a config file (`.yaml`, `.yml` or `.json`, the format of
   * `logsignal scan --config`) or a config object: its preset's and own detectors (sharing one
   * miner), `cooldown`, and `templates` when `templates.attributes` is true. `options` are added and
   * win over the file. An invalid file throws a `ConfigFileError` naming the file and the setting.
   */
  static fromConfig(config: string | LogSignalConfig, options?: Omit<PipelineOptions, 'detectors'>): Pipeline {
    return new Pipeline({ ...pipelineOptionsFromConfig(readConfig(config)), ...options });
  }

  /** The detectors, in the order they run. */
  list(): readonly Detector[] {
    return this.detectors;
  }

  /** True when `process` writes `template` or `request` on events (callers that must not have their event changed copy it first). */
  get enriches(): boolean {
    return this.enrichment.active;
  }

  /**
   * Add a detector (or a keyword string) after construction (LogWatcher's `addRule` / `addStat`).
   * A template detector added later joins the shared miner; one reading requests turns request parsing on.
   */
  add(detector: Detector | string, path = 'Pipeline.add'): Detector {
    const det: Detector = typeof detector === 'string' ? new KeywordRule(detector) : detector;
    if (det === null || typeof det !== 'object' || typeof det.observe !== 'function' || typeof det.id !== 'string') {
      throw new ConfigError(path, 'a detector (Rule.*, StatRule.*, Security.*) or a keyword string', detector);
    }
    if (this.detectors.includes(det)) throw new ConfigError(path, 'a detector not already added', det.id);
    const ids = new Set(this.detectors.map((x) => x.id));
    if (ids.has(det.id)) {
      let n = 2;
      while (ids.has(`${det.id}#${n}`)) n++;
      det.id = `${det.id}#${n}`;
    }
    // after construction (this.enrichment set): the new detector shares what the others do
    if (this.enrichment !== undefined) {
      if (det.miner !== undefined) {
        if (this.miner === undefined) throw new ConfigError(path, 'a detector without templates (this pipeline mines none: give template detectors at construction)', det.id);
        det.useMiner?.(this.miner);
      }
      if (det.readsRequest === true) this.enrichment.readRequests();
      this.enriching = this.enrichment.active;
    }
    this.detectors.push(det);
    if (this.enrichment !== undefined) this.plan();
    return det;
  }

  /**
   * Analyse one record: enrichment, detectors, cooldown, `onSignal`. Returns the reused result
   * (valid until the next call; a call from inside `onSignal` gets a result of its own).
   */
  process(event: LogEvent): PipelineResult {
    // a call made while one is under way (from onSignal, or a diag logger that logs through OTel) gets a result of its own
    const r = this.depth === 0 ? this.result : new Result();
    this.depth++;
    try {
      r.clear(); // (setting an array's length is a runtime call: only when not empty)
      if (this.enriching) r.template = this.enrichment.apply(event);
      const raised = r.raised;
      const ds = this.detectors;
      const runs = this.hasRuns ? this.runs : undefined;
      const gates = this.gates;
      const observers = this.direct ? undefined : this.observers;
      const severity = event.severityNumber;
      for (let i = 0; i < ds.length; i++) {
        if (severity < gates[2 * i] || severity > gates[2 * i + 1]) continue; // a severity the detector ignores (Detector.severities)
        const run = runs?.[i];
        if (run?.misses(event.message)) {
          i += run.length - 1; // none of the run's keywords in the message: none of its rules fires
          continue;
        }
        try {
          if (observers === undefined) ds[i].observe(event, raised);
          else observers[i].call(ds[i], event, raised);
        } catch (err) {
          this.fail(ds[i], err);
        }
      }
      if (raised.length > 0) {
        const record = triggerRecord(event);
        for (let i = 0; i < raised.length; i++) if (raised[i].record === undefined) raised[i].record = record;
        this.deliver(r);
      }
    } finally {
      this.depth--;
    }
    return r;
  }

  /**
   * Advance time with no record: detectors close buckets and notice silence. `now` is epoch ms of
   * record time (default: the clock). Same result object as `process`.
   */
  tick(now: number = this.clock()): PipelineResult {
    const r = this.depth === 0 ? this.result : new Result();
    this.depth++;
    try {
      r.clear();
      for (const d of this.detectors) {
        if (d.tick === undefined) continue;
        try {
          d.tick(now, r.raised);
        } catch (err) {
          this.fail(d, err);
        }
      }
      if (r.raised.length > 0) this.deliver(r);
    } finally {
      this.depth--;
    }
    return r;
  }

  /** True when some detector has `tick` (so a live entry point runs a timer). */
  get ticks(): boolean {
    return this.detectors.some((d) => typeof d.tick === 'function');
  }

  /** Learned state of every detector that has some, by detector id, the cooldown's, and the shared miner's when no detector saves it. */
  toJSON(): PipelineState {
    const detectors: Record<string, unknown> = {};
    for (const d of this.detectors) if (d.toJSON) detectors[d.id] = d.toJSON();
    const state: PipelineState = { version: 1, detectors, cooldown: this.cooldown.toJSON() };
    if (this.ownMiner && this.miner !== undefined) state.miner = this.miner.toJSON();
    return state;
  }

  /**
   * Restore state from `toJSON()`: all of it or nothing. Detectors missing from the state keep
   * theirs; ids the pipeline does not have are ignored. On a bad value anywhere (wrong shape, a time
   * beyond year 5000, NaN, a negative count) it throws a {@link ConfigError} naming the path
   * (`<path>.restore.detectors.<id>...`, `<path>.restore.cooldown...`) and the pipeline is left as
   * it was: the cooldown is validated into a new object first, the built-in detectors' `restore`
   * validates before it replaces, and the failing detector and those restored before it are put back
   * from the state they had (so a detector whose own restore is not atomic is put back too).
   */
  restore(state: unknown, path = 'Pipeline'): void {
    const s = state as Partial<PipelineState> | null;
    if (!s || typeof s !== 'object' || s.version !== 1 || typeof s.detectors !== 'object' || s.detectors === null || Array.isArray(s.detectors)) {
      throw new ConfigError(`${path}.restore`, `state from ${path}.toJSON() (version 1)`, state);
    }
    let cooldown = this.cooldown;
    if (s.cooldown !== undefined) {
      cooldown = new SignalCooldown(this.cooldown.cooldownMs, this.cooldown.maxKeys);
      cooldown.restore(s.cooldown, `${path}.restore.cooldown`);
    }
    const parts: { id: string; restore(state: unknown): void; toJSON(): unknown }[] = [];
    if (this.ownMiner && this.miner !== undefined && s.miner !== undefined) {
      const m = this.miner;
      parts.push({ id: 'miner', restore: (x) => m.restore(x), toJSON: () => m.toJSON() });
    }
    for (const d of this.detectors) {
      if (!Object.hasOwn(s.detectors, d.id) || s.detectors[d.id] === undefined || d.restore === undefined) continue;
      parts.push({ id: d.id, restore: (x) => d.restore!(x), toJSON: () => (d.toJSON ? d.toJSON() : undefined) });
    }
    const done: [(typeof parts)[number], unknown][] = [];
    for (const part of parts) {
      const given = part.id === 'miner' ? s.miner : s.detectors[part.id];
      const before = part.toJSON();
      try {
        part.restore(given);
      } catch (err) {
        // the failing part too: its restore may have replaced some of its state before throwing
        if (before !== undefined) done.push([part, before]);
        for (const [x, old] of done.reverse()) {
          try {
            x.restore(old);
          } catch (e) {
            diag.error(`logsignal: putting back the state of ${x.id} failed`, e);
          }
        }
        const why = err instanceof Error ? err.message : String(err);
        throw new ConfigError(part.id === 'miner' ? `${path}.restore.miner` : `${path}.restore.detectors.${part.id}`, `a valid state (${why})`, given);
      }
      if (before !== undefined) done.push([part, before]);
    }
    this.cooldown = cooldown;
  }

  private deliver(r: Result): void {
    const raised = r.raised;
    const admitted = r.signals;
    // a repeat is counted into its group (it tags its record) and is never delivered
    for (let i = 0; i < raised.length; i++) if (raised[i].repeat !== true && this.cooldown.admit(raised[i])) admitted.push(raised[i]);
    if (admitted.length > 0) r.admitted = true;
    const onSignal = this.onSignal;
    if (onSignal === undefined || admitted.length === 0) return;
    // (called inside process/tick: an onSignal that analyses another record gets a result of its own)
    for (let i = 0; i < admitted.length; i++) {
      try {
        onSignal(admitted[i]);
      } catch (err) {
        this.errors++;
        diag.error(`logsignal: onSignal threw for ${admitted[i].detector}`, err);
      }
    }
  }

  private fail(d: Detector, err: unknown): void {
    this.errors++;
    if (this.failed.has(d)) return;
    this.failed.add(d);
    diag.error(`logsignal: detector ${d.id} threw; it keeps running, further errors are counted only`, err);
  }
}

class Result implements PipelineResult {
  readonly signals: Signal[] = [];
  readonly raised: Signal[] = [];
  template: EventTemplate | undefined = undefined;
  /** True when `signals` may hold signals (set by `deliver`): a record that raised nothing reads neither array. */
  admitted = false;

  clear(): void {
    if (this.admitted) {
      this.signals.length = 0;
      this.admitted = false;
    }
    if (this.raised.length !== 0) this.raised.length = 0;
    this.template = undefined;
  }
}

/** What tells detectors apart for V8's property loads, roughly: the class, or the object itself for a plain-object detector. */
function detectorKind(d: Detector): object {
  const proto: unknown = Object.getPrototypeOf(d);
  return proto === Object.prototype || proto === null || typeof proto !== 'object' ? d : (proto as object);
}

/** A detector's declared severity bound (`Detector.severities`), else `open`; a bound that is not a number is ignored. */
function severityBound(d: Detector, side: 'min' | 'max', open: number): number {
  const v = d.severities?.[side];
  return typeof v === 'number' && !Number.isNaN(v) ? v : open;
}

/**
 * The one miner of a pipeline: the `templates` miner, else the first template detector's (the others
 * then share it), else (with `templates: true`) a new one; none when nothing reads templates. `own` is true when no detector saves its state
 * (a detector saves only a miner it made itself).
 */
function sharedMiner(detectors: readonly Detector[], templates: boolean | TemplateMiner, path: string): { miner: TemplateMiner | undefined; own: boolean } {
  const users = detectors.filter((d) => d.miner !== undefined);
  if (templates instanceof TemplateMiner) return { miner: templates, own: true }; // its sharers were given it: none saves it
  const first = users[0]?.miner;
  if (first !== undefined) {
    if (!(first instanceof TemplateMiner)) throw new ConfigError(path, 'template detectors with a TemplateMiner', users[0].id);
    return { miner: first, own: false };
  }
  return templates === true ? { miner: new TemplateMiner(), own: true } : { miner: undefined, own: false };
}
