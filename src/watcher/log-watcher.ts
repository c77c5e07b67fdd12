import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import type { Duration } from '../core/duration.js';
import { eventFromObject, eventFromString } from '../input/event-from-input.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { checkInteger, checkOptions } from '../core/validate.js';
import { Pipeline, PIPELINE_DEFAULTS, type PipelineResult, type PipelineState } from '../pipeline/pipeline.js';
import { formatSignalLine } from './console-notifier.js';

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

/** Defaults of {@link LogWatcherOptions} (`cooldown` and `maxCooldownKeys` are the pipeline's). */
export const LOG_WATCHER_DEFAULTS = Object.freeze({ cooldown: PIPELINE_DEFAULTS.cooldown, maxCooldownKeys: PIPELINE_DEFAULTS.maxCooldownKeys, maxMessageLength: 8192 });
const DEFAULTS = LOG_WATCHER_DEFAULTS;
const NO_SIGNALS: readonly Signal[] = Object.freeze([]) as readonly Signal[];

/** What `process` accepts: a text line, a parsed JSON log line, or a normalised {@link LogEvent}. */
export type LogInput = string | LogEvent | Readonly<Record<string, unknown>>;

/**
 * Runs detectors over log events in order and delivers their signals: the seed's vocabulary over
 * the one analysis {@link Pipeline} (`watcher.pipeline`), with text and JSON inputs read for you.
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
  /** The pipeline that analyses every record. */
  readonly pipeline: Pipeline;
  private readonly clock: () => number;
  readonly maxMessageLength: number;
  /** A copy of a caller's event, when the pipeline enriches events (the input is never modified). */
  private readonly copy: LogEvent = { time: 0, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };

  constructor(options?: LogWatcherOptions) {
    const o = checkOptions(options, 'LogWatcher', ['rules', 'detectors', 'onSignal', 'cooldown', 'maxCooldownKeys', 'clock', 'maxMessageLength']);
    if (o.clock !== undefined && typeof o.clock !== 'function') throw new ConfigError('LogWatcher.clock', 'a function returning epoch ms', o.clock);
    this.clock = o.clock ?? Date.now;
    this.maxMessageLength = checkInteger(o.maxMessageLength ?? DEFAULTS.maxMessageLength, 'LogWatcher.maxMessageLength', 1);
    this.pipeline = new Pipeline(
      {
        rules: o.rules,
        detectors: o.detectors,
        cooldown: o.cooldown,
        maxCooldownKeys: o.maxCooldownKeys,
        clock: this.clock,
        onSignal: o.onSignal === undefined ? (s) => process.stderr.write(`${formatSignalLine(s)}\n`) : o.onSignal,
      },
      'LogWatcher',
    );
  }

  /** Errors thrown by detectors and by `onSignal` so far. */
  get errors(): number {
    return this.pipeline.errors;
  }

  /** Add a rule (a detector, or a keyword string). Returns the watcher. */
  addRule(rule: Detector | string): this {
    this.pipeline.add(rule, 'addRule');
    return this;
  }

  /** Add a statistical (or any) detector. Returns the watcher. */
  addStat(detector: Detector): this {
    this.pipeline.add(detector, 'addStat');
    return this;
  }

  /** The detectors, in the order they run. */
  list(): readonly Detector[] {
    return this.pipeline.list();
  }

  /**
   * Inspect one record and return the signals that passed the cooldown (also given to `onSignal`).
   * A string is a text line (level read from its start, time from the clock); an object is a JSON
   * log line (pino, bunyan, winston conventions) or a {@link LogEvent}.
   */
  process(input: LogInput): readonly Signal[] {
    if (input !== null && typeof input === 'object' && isLogEvent(input)) return this.processEvent(input);
    return signalsOf(this.pipeline.process(this.toEvent(input)));
  }

  /** Inspect a normalised event (not modified); the signals that passed the cooldown. */
  processEvent(event: LogEvent): readonly Signal[] {
    return signalsOf(this.pipeline.process(this.pipeline.enriches ? copyEvent(event, this.copy) : event));
  }

  /**
   * Advance time with no record: detectors close buckets and notice silence. `now` is epoch ms
   * (default: the clock). Returns the signals raised.
   */
  tick(now: number = this.clock()): readonly Signal[] {
    return signalsOf(this.pipeline.tick(now));
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

  /** Learned state of every detector that has some, by detector id. */
  toJSON(): PipelineState {
    return this.pipeline.toJSON();
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
    this.pipeline.restore(state, 'LogWatcher');
  }
}

/** The admitted signals of a result, as an array the caller may keep. */
function signalsOf(r: PipelineResult): readonly Signal[] {
  return r.signals.length === 0 ? NO_SIGNALS : r.signals.slice();
}

/** `event`'s fields copied into `to` (the pipeline then enriches `to`, not the caller's event). */
function copyEvent(event: LogEvent, to: LogEvent): LogEvent {
  to.time = event.time;
  to.severityNumber = event.severityNumber;
  to.severityText = event.severityText;
  to.message = event.message;
  to.attributes = event.attributes;
  to.eventName = event.eventName;
  to.traceId = event.traceId;
  to.spanId = event.spanId;
  to.source = event.source;
  to.raw = event.raw;
  to.template = event.template;
  to.request = event.request;
  return to;
}

function isLogEvent(x: object): x is LogEvent {
  const e = x as Partial<LogEvent>;
  return typeof e.time === 'number' && typeof e.severityNumber === 'number' && typeof e.message === 'string' && typeof e.attributes === 'object' && typeof e.eventName === 'string';
}
