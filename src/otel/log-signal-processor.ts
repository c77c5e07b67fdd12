import { type Context, ROOT_CONTEXT, diag, trace } from '@opentelemetry/api';
import { type Logger, SeverityNumber, logs } from '@opentelemetry/api-logs';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { type Duration, parseDuration } from '../core/duration.js';
import { severityName, severityNumberForSignal } from '../core/severity.js';
import type { Signal } from '../core/signal.js';
import { checkChoice, checkInteger, checkOptions } from '../core/validate.js';
import { VERSION } from '../version.js';
import { buildDetectors, type LogSignalConfig, parseConfig, templateMiner } from '../config/log-signal-config.js';
import { loadConfig } from '../config/load-config.js';
import { TemplateMiner } from '../templates/template-miner.js';
import { LogWatcher } from '../watcher/log-watcher.js';
import { ATTR, SIGNAL_EVENT_NAME } from './attribute-names.js';
import { RecordEventReader } from './record-event.js';
import { SignalLogRecord, anomalyAttributes, signalAttributes } from './signal-record.js';
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
  /** Use this watcher instead of building one from `rules` / `detectors`. */
  watcher?: LogWatcher;
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
  readonly watcher: LogWatcher;
  readonly mode: SignalMode;
  private readonly next: readonly LogRecordProcessor[];
  private readonly loggerSource: LoggerSource | undefined;
  private logger: Logger | undefined;
  private readonly reader: RecordEventReader;
  /** The miner behind template attributes, when on. */
  readonly miner: TemplateMiner | undefined;
  private readonly minerConsumer: number = 0;
  private readonly limiter: SignalRateLimiter;
  private readonly triggered: Signal[] = [];
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
    const o = checkOptions(options, 'LogSignalProcessor', ['rules', 'detectors', 'watcher', 'mode', 'next', 'loggerProvider', 'onSignal', 'cooldown', 'maxSignalsPerMinute', 'tickInterval', 'clock', 'maxMessageLength', 'templates']);
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
    if (o.watcher !== undefined) {
      if (!(o.watcher instanceof LogWatcher)) throw new ConfigError('LogSignalProcessor.watcher', 'a LogWatcher', o.watcher);
      if (o.rules || o.detectors) throw new ConfigError('LogSignalProcessor.watcher', 'either watcher or rules/detectors, not both', 'both');
      this.watcher = o.watcher;
    } else {
      this.watcher = new LogWatcher({
        rules: o.rules, detectors: o.detectors, cooldown: o.cooldown, clock: this.clock, maxMessageLength: maxLen,
        onSignal: o.onSignal ?? noop,
      });
    }
    this.limiter = new SignalRateLimiter(checkInteger(o.maxSignalsPerMinute ?? DEFAULTS.maxSignalsPerMinute, 'LogSignalProcessor.maxSignalsPerMinute', 1));
    this.tickMs = parseDuration(o.tickInterval ?? DEFAULTS.tickInterval, 'LogSignalProcessor.tickInterval', true);
    this.reader = new RecordEventReader(this.clock, maxLen);
    const templates = o.templates ?? DEFAULTS.templates;
    if (templates instanceof TemplateMiner) {
      this.miner = templates;
    } else if (templates === true) {
      this.miner = this.watcher.list().map((d) => (d as { miner?: unknown }).miner).find((m) => m instanceof TemplateMiner) ?? new TemplateMiner();
    } else if (templates !== false) {
      throw new ConfigError('LogSignalProcessor.templates', 'true, false or a TemplateMiner', templates);
    }
    if (this.miner !== undefined) this.minerConsumer = this.miner.newConsumer();
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
  static fromConfig(config: string | LogSignalConfig, options?: Omit<LogSignalProcessorOptions, 'rules' | 'detectors' | 'watcher'>): LogSignalProcessor {
    const c = typeof config === 'string' ? loadConfig(config) : parseConfig(config);
    const miner = templateMiner(c);
    return new LogSignalProcessor({
      detectors: buildDetectors(c, { miner }),
      mode: c.mode,
      cooldown: c.cooldown,
      maxSignalsPerMinute: c.maxSignalsPerMinute,
      templates: c.templates?.attributes === true ? miner : undefined,
      ...options,
    });
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
      const triggered = this.triggered; // empty between records: cleared below, also on error
      const event = this.reader.read(record);
      signals = this.watcher.processEvent(event, triggered);
      if (this.miner !== undefined) {
        const t = this.miner.addShared(event.message, this.minerConsumer);
        record.setAttribute(ATTR.templateId, t.id);
        record.setAttribute(ATTR.template, t.template);
      }
      if (triggered.length > 0) {
        this.stats.flagged++;
        if (this.mode !== 'events') tagRecord(record, triggered);
        triggered.length = 0;
      }
    } catch (err) {
      this.triggered.length = 0;
      this.stats.errors++;
      diag.error('logsignal: analysing a record failed; the record is passed on unchanged', err);
    }
    this.forward(record, context);
    if (signals !== undefined && signals.length > 0 && this.mode !== 'attributes') this.emitSignals(signals, record);
  }

  /** Run the detectors' `tick` now (the timer does this every `tickInterval`); emits what they raise. */
  tick(now: number = this.clock()): readonly Signal[] {
    try {
      const signals = this.watcher.tick(now);
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
      try {
        this.emitting = true;
        if (this.next.length > 0) {
          const resource = trigger?.resource ?? this.lastResource;
          if (resource === undefined) continue;
          this.forward(new SignalLogRecord(s, resource, trigger?.spanContext, this.clock(), dropped), undefined);
        } else {
          this.emitThroughLogger(s, trigger, dropped);
        }
        this.limiter.dropped = 0; // reported on this record: only now, so no drop goes unreported
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
    const severityNumber = severityNumberForSignal(s.severity) as SeverityNumber;
    this.logger.emit({
      eventName: SIGNAL_EVENT_NAME,
      timestamp: s.time,
      severityNumber,
      severityText: severityName(severityNumber),
      body: s.message,
      attributes: signalAttributes(s, dropped),
      context: sc ? trace.setSpanContext(ROOT_CONTEXT, sc) : ROOT_CONTEXT,
    });
  }

  /** Start the tick timer on the first record, if some detector has `tick` and ticks are on. */
  private startTimer(): void {
    this.timerChecked = true;
    if (this.tickMs === 0 || !this.watcher.list().some((d) => typeof d.tick === 'function')) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref?.();
  }
}

function noop(): void {}

function tagRecord(record: ReadWriteLogRecord, triggered: readonly Signal[]): void {
  const a = anomalyAttributes(triggered);
  for (const k in a) record.setAttribute(k, a[k]);
}
