import { diag } from '@opentelemetry/api';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { type Duration, parseDuration } from '../core/duration.js';
import { eventFromObject, eventFromString } from '../core/event-from-input.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { checkInteger, checkOptions } from '../core/validate.js';
import { KeywordRule } from '../rules/keyword-rule.js';
import { formatSignalLine } from './console-notifier.js';
import { type CooldownState, SignalCooldown } from './signal-cooldown.js';

/** Options of {@link LogWatcher}. */
export interface LogWatcherOptions {
  /** Rule detectors; a bare string is a keyword rule (`'ERROR'` = `Rule.contains('ERROR')`). */
  rules?: ReadonlyArray<Detector | string>;
  /** More detectors (statistical, template, security); same as calling `addStat` for each. */
  detectors?: readonly Detector[];
  /** Called for each signal that passes the cooldown. Default: print one line per signal to stderr. */
  onSignal?: (signal: Signal) => void;
  /** Repeats from one detector and key are suppressed for this long (record time); 0 disables. Default `'10s'`. */
  cooldown?: Duration;
  /** Detector/key pairs the cooldown remembers. Default 10000. */
  maxCooldownKeys?: number;
  /** Clock for records without a timestamp (epoch ms). Default `Date.now`. */
  clock?: () => number;
  /** Characters of a message kept for detection (huge bodies are cut). Default 8192. */
  maxMessageLength?: number;
}

const DEFAULTS = { cooldown: '10s', maxCooldownKeys: 10_000, maxMessageLength: 8192 } as const;
const NO_SIGNALS: readonly Signal[] = Object.freeze([]) as readonly Signal[];

/** What `process` accepts: a text line, a parsed JSON log line, or a normalised {@link LogEvent}. */
export type LogInput = string | LogEvent | Readonly<Record<string, unknown>>;

/**
 * Runs detectors over log events in order and delivers their signals.
 *
 * ```ts
 * const watcher = new LogWatcher({ rules: ['ERROR', 'CRITICAL', Rule.spike({ threshold: 50, window: 10 })] });
 * watcher.process('ERROR database connection failed');
 * // stderr: [LogSignal] keyword_match (medium): Keyword 'ERROR' detected | keyword='ERROR'
 * ```
 *
 * A detector that throws is reported once through OTel `diag` (and counted in `errors`), and the
 * others carry on; so does a throwing `onSignal`. The input is never modified.
 */
export class LogWatcher {
  private readonly detectors: Detector[] = [];
  private readonly onSignal: (signal: Signal) => void;
  private cooldown: SignalCooldown;
  private readonly clock: () => number;
  readonly maxMessageLength: number;
  private readonly raw: Signal[] = [];
  private readonly failed = new Set<Detector>();
  /** Errors thrown by detectors and by `onSignal` so far. */
  errors = 0;

  constructor(options?: LogWatcherOptions) {
    const o = checkOptions(options, 'LogWatcher', ['rules', 'detectors', 'onSignal', 'cooldown', 'maxCooldownKeys', 'clock', 'maxMessageLength']);
    if (o.onSignal !== undefined && typeof o.onSignal !== 'function') throw new ConfigError('LogWatcher.onSignal', 'a function', o.onSignal);
    if (o.clock !== undefined && typeof o.clock !== 'function') throw new ConfigError('LogWatcher.clock', 'a function returning epoch ms', o.clock);
    this.onSignal = o.onSignal ?? ((s) => process.stderr.write(`${formatSignalLine(s)}\n`));
    this.clock = o.clock ?? Date.now;
    this.cooldown = new SignalCooldown(
      parseDuration(o.cooldown ?? DEFAULTS.cooldown, 'LogWatcher.cooldown', true),
      checkInteger(o.maxCooldownKeys ?? DEFAULTS.maxCooldownKeys, 'LogWatcher.maxCooldownKeys', 1),
    );
    this.maxMessageLength = checkInteger(o.maxMessageLength ?? DEFAULTS.maxMessageLength, 'LogWatcher.maxMessageLength', 1);
    if (o.rules !== undefined) {
      if (!Array.isArray(o.rules)) throw new ConfigError('LogWatcher.rules', 'an array of rules or keyword strings', o.rules);
      o.rules.forEach((r, i) => this.add(r, `LogWatcher.rules[${i}]`));
    }
    if (o.detectors !== undefined) {
      if (!Array.isArray(o.detectors)) throw new ConfigError('LogWatcher.detectors', 'an array of detectors', o.detectors);
      o.detectors.forEach((d, i) => this.add(d, `LogWatcher.detectors[${i}]`));
    }
  }

  /** Add a rule (a detector, or a keyword string). Returns the watcher. */
  addRule(rule: Detector | string): this {
    this.add(rule, 'addRule');
    return this;
  }

  /** Add a statistical (or any) detector. Returns the watcher. */
  addStat(detector: Detector): this {
    this.add(detector, 'addStat');
    return this;
  }

  /** The detectors, in the order they run. */
  list(): readonly Detector[] {
    return this.detectors;
  }

  /**
   * Inspect one record and return the signals that passed the cooldown (also given to `onSignal`).
   * A string is a text line (level read from its start, time from the clock); an object is a JSON
   * log line (pino, bunyan, winston conventions) or a {@link LogEvent}.
   */
  process(input: LogInput): readonly Signal[] {
    return this.processEvent(this.toEvent(input));
  }

  /**
   * Inspect a normalised event. When `triggered` is given, every raw signal (including those the
   * cooldown suppressed) is also pushed onto it; the processor tags records from it.
   */
  processEvent(event: LogEvent, triggered?: Signal[]): readonly Signal[] {
    const raw = this.raw; // empty between calls: deliver() clears it
    const ds = this.detectors;
    for (let i = 0; i < ds.length; i++) {
      try {
        ds[i].observe(event, raw);
      } catch (err) {
        this.fail(ds[i], err);
      }
    }
    return raw.length === 0 ? NO_SIGNALS : this.deliver(raw, triggered);
  }

  /**
   * Advance time with no record: detectors close buckets and notice silence. `now` is epoch ms
   * (default: the clock). Returns the signals raised.
   */
  tick(now: number = this.clock()): readonly Signal[] {
    const raw = this.raw;
    for (const d of this.detectors) {
      if (d.tick === undefined) continue;
      try {
        d.tick(now, raw);
      } catch (err) {
        this.fail(d, err);
      }
    }
    return raw.length === 0 ? NO_SIGNALS : this.deliver(raw, undefined);
  }

  /** Normalise an input to a {@link LogEvent} (see `process`). */
  toEvent(input: LogInput): LogEvent {
    if (typeof input === 'string') return eventFromString(input, this.clock(), this.maxMessageLength);
    if (input !== null && typeof input === 'object') {
      if (isLogEvent(input)) return input;
      return eventFromObject(input as Record<string, unknown>, this.clock(), this.maxMessageLength);
    }
    return eventFromString(input === undefined || input === null ? '' : String(input), this.clock(), this.maxMessageLength);
  }

  /** Learned state of every detector that has some, by detector id, and the cooldown's. */
  toJSON(): { version: 1; detectors: Record<string, unknown>; cooldown: CooldownState } {
    const detectors: Record<string, unknown> = {};
    for (const d of this.detectors) if (d.toJSON) detectors[d.id] = d.toJSON();
    return { version: 1, detectors, cooldown: this.cooldown.toJSON() };
  }

  /**
   * Restore state from `toJSON()`: all of it or nothing. Detectors missing from the state keep
   * theirs; ids the watcher does not have are ignored. On a bad value anywhere (wrong shape, a time
   * beyond year 5000, NaN, a negative count) it throws a {@link ConfigError} naming the path
   * (`LogWatcher.restore.detectors.<id>...` or `LogWatcher.restore.cooldown...`) and the watcher is
   * left exactly as it was: the cooldown is validated into a new object first, the built-in
   * detectors' `restore` validates before it replaces, and the failing detector and those restored
   * before it are put back from the state they had (so a detector whose own restore is not atomic is
   * put back too).
   */
  restore(state: unknown): void {
    const s = state as { version?: unknown; detectors?: Record<string, unknown>; cooldown?: unknown } | null;
    if (!s || typeof s !== 'object' || s.version !== 1 || typeof s.detectors !== 'object' || s.detectors === null || Array.isArray(s.detectors)) {
      throw new ConfigError('LogWatcher.restore', 'state from LogWatcher.toJSON() (version 1)', state);
    }
    let cooldown = this.cooldown;
    if (s.cooldown !== undefined) {
      cooldown = new SignalCooldown(this.cooldown.cooldownMs, this.cooldown.maxKeys);
      cooldown.restore(s.cooldown, 'LogWatcher.restore.cooldown');
    }
    const done: [Detector, unknown][] = [];
    for (const d of this.detectors) {
      if (!Object.prototype.hasOwnProperty.call(s.detectors, d.id)) continue;
      const ds = s.detectors[d.id];
      if (ds === undefined || !d.restore) continue;
      const before = d.toJSON ? d.toJSON() : undefined;
      try {
        d.restore(ds);
      } catch (err) {
        // the failing detector too: its restore may have replaced part of its state before throwing
        if (before !== undefined) done.push([d, before]);
        for (const [x, old] of done.reverse()) {
          try {
            x.restore!(old);
          } catch (e) {
            diag.error(`logsignal: putting back the state of ${x.id} failed`, e);
          }
        }
        const why = err instanceof Error ? err.message : String(err);
        const e = new ConfigError(`LogWatcher.restore.detectors.${d.id}`, `a valid state (${why})`, ds);
        throw e;
      }
      if (before !== undefined) done.push([d, before]);
    }
    this.cooldown = cooldown;
  }

  private deliver(raw: Signal[], triggered: Signal[] | undefined): Signal[] {
    // Take the batch out of the shared buffer before calling out: an onSignal that processes another
    // record (re-entrant call) then fills an empty buffer instead of clearing or re-delivering ours.
    const batch = raw.slice();
    raw.length = 0;
    const out: Signal[] = [];
    for (const s of batch) {
      if (triggered) triggered.push(s);
      if (s.repeat === true) continue; // counted into its group: tags the record, never delivered
      if (!this.cooldown.admit(s)) continue;
      out.push(s);
      try {
        this.onSignal(s);
      } catch (err) {
        this.errors++;
        diag.error(`logsignal: onSignal threw for ${s.detector}`, err);
      }
    }
    return out;
  }

  private add(d: Detector | string, path: string): void {
    const det = typeof d === 'string' ? new KeywordRule(d) : d;
    if (det === null || typeof det !== 'object' || typeof det.observe !== 'function' || typeof det.id !== 'string') {
      throw new ConfigError(path, 'a detector (Rule.*, StatRule.*, Security.*) or a keyword string', d);
    }
    if (this.detectors.includes(det)) throw new ConfigError(path, 'a detector not already added', det.id);
    const ids = new Set(this.detectors.map((x) => x.id));
    if (ids.has(det.id)) {
      let n = 2;
      while (ids.has(`${det.id}#${n}`)) n++;
      det.id = `${det.id}#${n}`;
    }
    this.detectors.push(det);
  }

  private fail(d: Detector, err: unknown): void {
    this.errors++;
    if (this.failed.has(d)) return;
    this.failed.add(d);
    diag.error(`logsignal: detector ${d.id} threw; it keeps running, further errors are counted only`, err);
  }
}

function isLogEvent(x: object): x is LogEvent {
  const e = x as Partial<LogEvent>;
  return typeof e.time === 'number' && typeof e.severityNumber === 'number' && typeof e.message === 'string' && typeof e.attributes === 'object' && typeof e.eventName === 'string';
}
