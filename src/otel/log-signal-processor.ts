import { type Context, ROOT_CONTEXT, diag, trace } from '@opentelemetry/api';
import { type Logger, logs } from '@opentelemetry/api-logs';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { type Duration, parseDuration } from '../core/duration.js';
import type { Signal } from '../core/signal.js';
import { checkChoice, checkInteger, checkOptions } from '../core/validate.js';
import { VERSION } from '../version.js';
import type { LogSignalConfig } from '../config/log-signal-config.js';
import { RecordEventReader } from '../input/record-event.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { pipelineOptionsFromConfig, readConfig } from '../pipeline/pipeline-config.js';
import type { TemplateMiner } from '../templates/template-miner.js';
import { ATTR, SIGNAL_EVENT_NAME } from './attribute-names.js';
import { SignalLogRecord, anomalyAttributes } from './signal-record.js';
import { signalToRecord } from './signal-to-record.js';
import { SignalRateLimiter } from './signal-rate-limiter.js';

/** Where signals go: attributes on the triggering record, separate signal records, or both. */
export type SignalMode = 'attributes' | 'events' | 'both';

/** Anything with `getLogger`, such as the SDK's `LoggerProvider`. */
export interface LoggerSource {
  getLogger(name: string, version?: string): Logger;
}

/** Options of {@link LogSignalProcessor}. */
export interface LogSignalProcessorOptions {
  /** Rule detectors; a bare string is a keyword rule. */
  rules?: ReadonlyArray<Detector | string>;
  /** Other detectors (statistical, template, security). */
  detectors?: readonly Detector[];
  /** Run this pipeline instead of building one from `rules` / `detectors` (`onSignal` and `cooldown` are then the pipeline's). */
  pipeline?: Pipeline;
  /** Default `'both'`. */
  mode?: SignalMode;
  /**
   * Export processors to wrap (e.g. `[new BatchLogRecordProcessor({ exporter })]`): each record is
   * analysed and tagged first, then handed to them, and signal records go to them directly. This is
   * the recommended set-up: it works whatever the registration order and needs no global provider.
   */
  next?: readonly LogRecordProcessor[];
  /**
   * Without `next`, signal records are emitted through a logger of this provider (default: the
   * global one, `logs.getLogger('logsignal')`), so they pass through every registered processor.
   */
  loggerProvider?: LoggerSource;
  /** Signal callback (runs for every signal that passes the cooldown). Default: none. */
  onSignal?: (signal: Signal) => void;
  /** Repeats of one detector and key are suppressed for this long (record time). Default `'10s'`. */
  cooldown?: Duration;
  /** At most this many signal records a minute (record time); the rest are counted. Default 60. */
  maxSignalsPerMinute?: number;
  /** How often detectors are ticked by a timer (to notice silence) when any has `tick`. 0 disables. Default `'10s'`. */
  tickInterval?: Duration;
  /** Clock for records without a timestamp and for ticks. Default `Date.now`. */
  clock?: () => number;
  /** Characters of a message analysed. Default 8192. */
  maxMessageLength?: number;
  /**
   * Put the message's log template on every record (`logsignal.template.id`, `logsignal.template`).
   * `true` shares the miner of a `StatRule.newTemplate` / `templateRate` detector when there is one
   * (each message is mined once), else makes its own; or pass a {@link TemplateMiner}. Default `false`.
   */
  templates?: boolean | TemplateMiner;
}

const DEFAULTS = { mode: 'both' as SignalMode, maxSignalsPerMinute: 60, tickInterval: '10s', maxMessageLength: 8192, templates: false };
const MODES: readonly SignalMode[] = ['attributes', 'events', 'both'];

/**
 * An OpenTelemetry `LogRecordProcessor` that runs logsignal's detectors on every log record.
 *
 * ```ts
 * const provider = new LoggerProvider({
 *   processors: [new LogSignalProcessor({
 *     rules: ['ERROR', Rule.spike({ threshold: 50, window: '10s' })],
 *     next: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() })],
 *   })],
 * });
 * ```
 *
 * - `attributes` mode: a record that triggered signals gets `logsignal.anomaly`, `logsignal.detectors`,
 *   `logsignal.severity`, `logsignal.kinds`, `logsignal.message` before any exporter sees it.
 * - `events` mode: each signal becomes its own record (`eventName = 'logsignal.signal'`, the
 *   triggering record's trace context, `logsignal.*` and `logsignal.evidence.*` attributes).
 *   Signal records are never analysed again; at most `maxSignalsPerMinute` are emitted.
 *
 * When not wrapping (`next` absent) it must be registered **before** the export processors, since
 * a `SimpleLogRecordProcessor` exports inside its own `onEmit`.
 *
 * It never throws into the application (errors go to OTel `diag`), never drops a record and changes
 * nothing on it but the attributes above; `forceFlush` and `shutdown` reach the wrapped processors.
 */
export class LogSignalProcessor implements LogRecordProcessor {
  /** The pipeline that analyses every record. */
  readonly pipeline: Pipeline;
  readonly mode: SignalMode;
  private readonly next: readonly LogRecordProcessor[];
  private readonly loggerSource: LoggerSource | undefined;
  private logger: Logger | undefined;
  private readonly reader: RecordEventReader;
  /** The miner behind template attributes, when on. */
  readonly miner: TemplateMiner | undefined;
  private readonly limiter: SignalRateLimiter;
  private readonly clock: () => number;
  private readonly tickMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private timerChecked = false;
  private emitting = false;
  private isShutdown = false;
  private lastResource: ReadWriteLogRecord['resource'] | undefined;
  /** Records analysed, records flagged, signal records emitted, internal errors. */
  readonly stats = { records: 0, flagged: 0, signals: 0, dropped: 0, errors: 0 };

  constructor(options?: LogSignalProcessorOptions) {
    const o = checkOptions(options, 'LogSignalProcessor', ['rules', 'detectors', 'pipeline', 'mode', 'next', 'loggerProvider', 'onSignal', 'cooldown', 'maxSignalsPerMinute', 'tickInterval', 'clock', 'maxMessageLength', 'templates']);
    this.mode = o.mode === undefined ? DEFAULTS.mode : checkChoice(o.mode, 'LogSignalProcessor.mode', MODES);
    if (o.next !== undefined && (!Array.isArray(o.next) || o.next.some((p) => !p || typeof p.onEmit !== 'function'))) {
      throw new ConfigError('LogSignalProcessor.next', 'an array of LogRecordProcessors', o.next);
    }
    this.next = o.next ?? [];
    if (o.loggerProvider !== undefined && typeof o.loggerProvider?.getLogger !== 'function') {
      throw new ConfigError('LogSignalProcessor.loggerProvider', 'a LoggerProvider (with getLogger)', o.loggerProvider);
    }
    this.loggerSource = o.loggerProvider;
    if (o.clock !== undefined && typeof o.clock !== 'function') throw new ConfigError('LogSignalProcessor.clock', 'a function returning epoch ms', o.clock);
    this.clock = o.clock ?? Date.now;
    const maxLen = checkInteger(o.maxMessageLength ?? DEFAULTS.maxMessageLength, 'LogSignalProcessor.maxMessageLength', 1);
    if (o.pipeline !== undefined) {
      if (!(o.pipeline instanceof Pipeline)) throw new ConfigError('LogSignalProcessor.pipeline', 'a Pipeline', o.pipeline);
      const given = (['rules', 'detectors', 'onSignal', 'cooldown'] as const).find((k) => o[k] !== undefined);
      if (given !== undefined) throw new ConfigError(`LogSignalProcessor.${given}`, 'nothing here with a pipeline (set it on the pipeline)', o[given]);
      if (o.templates !== undefined && typeof o.templates !== 'boolean') throw new ConfigError('LogSignalProcessor.templates', 'true or false with a pipeline', o.templates);
      if (o.templates === true && o.pipeline.miner === undefined) throw new ConfigError('LogSignalProcessor.templates', 'a pipeline that mines templates (Pipeline templates: true)', o.templates);
      this.pipeline = o.pipeline;
    } else {
      this.pipeline = new Pipeline({ rules: o.rules, detectors: o.detectors, cooldown: o.cooldown, clock: this.clock, onSignal: o.onSignal ?? noop, templates: o.templates ?? DEFAULTS.templates }, 'LogSignalProcessor');
    }
    // template attributes on every record when asked
    this.miner = (o.templates ?? DEFAULTS.templates) !== false ? this.pipeline.miner : undefined;
    this.limiter = new SignalRateLimiter(checkInteger(o.maxSignalsPerMinute ?? DEFAULTS.maxSignalsPerMinute, 'LogSignalProcessor.maxSignalsPerMinute', 1));
    this.tickMs = parseDuration(o.tickInterval ?? DEFAULTS.tickInterval, 'LogSignalProcessor.tickInterval', true);
    this.reader = new RecordEventReader(this.clock, maxLen);
  }

  /**
   * A processor configured by a config file (`.yaml`, `.yml` or `.json`, the format of
   * `logsignal scan --config`) or a config object: its preset and detectors, `mode`, `cooldown`,
   * `maxSignalsPerMinute` and template attributes. `options` (such as `next`) are added and win over
   * the file. An invalid file throws a `ConfigFileError` naming the file, the setting and what was
   * expected.
   *
   * ```ts
   * LogSignalProcessor.fromConfig('logsignal.config.yaml', { next: [new BatchLogRecordProcessor({ exporter })] });
   * ```
   */
  static fromConfig(config: string | LogSignalConfig, options?: Omit<LogSignalProcessorOptions, 'rules' | 'detectors' | 'pipeline'>): LogSignalProcessor {
    const c = readConfig(config);
    return new LogSignalProcessor({ ...pipelineOptionsFromConfig(c), mode: c.mode, maxSignalsPerMinute: c.maxSignalsPerMinute, ...options });
  }

  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    if (this.emitting || record.eventName === SIGNAL_EVENT_NAME || this.isShutdown) {
      this.forward(record, context);
      return;
    }
    let signals: readonly Signal[] | undefined;
    try {
      this.stats.records++;
      this.lastResource = record.resource;
      if (!this.timerChecked) this.startTimer();
      const result = this.pipeline.process(this.reader.read(record));
      if (this.miner !== undefined && result.template !== undefined) {
        record.setAttribute(ATTR.templateId, result.template.id);
        record.setAttribute(ATTR.template, result.template.template);
      }
      if (result.raised.length > 0) {
        this.stats.flagged++;
        if (this.mode !== 'events') tagRecord(record, result.raised);
      }
      // copied: forwarding may re-enter the processor (a wrapped processor that logs), reusing the result
      if (result.signals.length > 0 && this.mode !== 'attributes') signals = result.signals.slice();
    } catch (err) {
      this.stats.errors++;
      diag.error('logsignal: analysing a record failed; the record is passed on unchanged', err);
    }
    this.forward(record, context);
    if (signals !== undefined) this.emitSignals(signals, record);
  }

  /** Run the detectors' `tick` now (the timer does this every `tickInterval`); emits what they raise. */
  tick(now: number = this.clock()): readonly Signal[] {
    try {
      const signals = this.pipeline.tick(now).signals.slice();
      if (signals.length > 0 && this.mode !== 'attributes') this.emitSignals(signals, undefined);
      return signals;
    } catch (err) {
      this.stats.errors++;
      diag.error('logsignal: tick failed', err);
      return [];
    }
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.next.map((p) => p.forceFlush()));
  }

  async shutdown(): Promise<void> {
    this.isShutdown = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.next.map((p) => p.shutdown()));
  }

  private forward(record: ReadWriteLogRecord, context: Context | undefined): void {
    const next = this.next;
    for (let i = 0; i < next.length; i++) {
      try {
        next[i].onEmit(record, context);
      } catch (err) {
        this.stats.errors++;
        diag.error('logsignal: a wrapped processor threw in onEmit', err);
      }
    }
  }

  private emitSignals(signals: readonly Signal[], trigger: ReadWriteLogRecord | undefined): void {
    for (const s of signals) {
      if (!this.limiter.admit(s.time)) {
        this.stats.dropped++;
        if (this.limiter.droppedTotal === 1) diag.warn(`logsignal: more than ${this.limiter.perMinute} signal records a minute; the rest are counted in logsignal.dropped`);
        continue;
      }
      const dropped = this.limiter.dropped;
      this.limiter.dropped = 0;
      try {
        this.emitting = true;
        if (this.next.length > 0) {
          const resource = trigger?.resource ?? this.lastResource;
          if (resource === undefined) continue;
          this.forward(new SignalLogRecord(s, resource, trigger?.spanContext, this.clock(), dropped), undefined);
        } else {
          this.emitThroughLogger(s, trigger, dropped);
        }
        this.stats.signals++;
      } catch (err) {
        this.stats.errors++;
        diag.error('logsignal: emitting a signal record failed', err);
      } finally {
        this.emitting = false;
      }
    }
  }

  private emitThroughLogger(s: Signal, trigger: ReadWriteLogRecord | undefined, dropped: number): void {
    if (this.logger === undefined) {
      this.logger = (this.loggerSource ?? logs.getLoggerProvider()).getLogger('logsignal', VERSION);
    }
    const sc = trigger?.spanContext;
    this.logger.emit({ ...signalToRecord(s, dropped), context: sc ? trace.setSpanContext(ROOT_CONTEXT, sc) : ROOT_CONTEXT });
  }

  /** Start the tick timer on the first record, if some detector has `tick` and ticks are on. */
  private startTimer(): void {
    this.timerChecked = true;
    if (this.tickMs === 0 || !this.pipeline.ticks) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref?.();
  }
}

function noop(): void {}

function tagRecord(record: ReadWriteLogRecord, triggered: readonly Signal[]): void {
  const a = anomalyAttributes(triggered);
  for (const k in a) record.setAttribute(k, a[k]);
}
