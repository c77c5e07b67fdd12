import { type Context, type MeterProvider, diag } from '@opentelemetry/api';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { type Duration, parseDuration } from '../core/duration.js';
import type { Signal } from '../core/signal.js';
import { checkChoice, checkInteger, checkOptions } from '../core/validate.js';
import type { LogSignalConfig } from '../config/log-signal-config.js';
import { RecordEventReader } from '../input/record-event.js';
import { Pipeline, PIPELINE_DEFAULTS } from '../pipeline/pipeline.js';
import { pipelineOptionsFromConfig, readConfig } from '../pipeline/pipeline-config.js';
import type { TemplateMiner } from '../templates/template-miner.js';
import { ATTR } from './attribute-names.js';
import type { LoggerSource, LogRecordProcessor, ReadWriteLogRecord } from './logs-api.js';
import { ProcessorMetrics } from './processor-metrics.js';
import { isSignalRecord } from './record-identity.js';
import { setAnomalyAttributes } from './signal-record.js';
import { SignalDelivery } from './signal-delivery.js';
import { SignalRateLimiter } from './signal-rate-limiter.js';
import { droppedAttributeCount, linkToTrigger } from './trigger-tags.js';

/** Where signals go: attributes on the triggering record, separate signal records, or both. */
export type SignalMode = 'attributes' | 'events' | 'both';

export type { LoggerSource } from './logs-api.js';

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
   *
   * Registered first instead (`processors: [logsignal, exporter]`), signal records are emitted
   * through a logger of the provider given to {@link LogSignalProcessor.bind} (or `loggerProvider`),
   * else of the global logger provider, so they pass through every registered processor. With
   * none of these, signal records cannot be delivered: a warning goes to `diag` once and they are
   * counted in `stats.dropped`.
   */
  next?: readonly LogRecordProcessor[];
  /** Without `next`: emit signal records through this provider (as {@link LogSignalProcessor.bind} does). Default: the global one, when registered. */
  loggerProvider?: LoggerSource;
  /**
   * Where the processor's metrics go (`logsignal.records`, `logsignal.signals`, `logsignal.signals.dropped`,
   * `logsignal.errors`, `logsignal.attributes.dropped`, `logsignal.templates`). Default: the global
   * meter provider of `@opentelemetry/api`, as registered when the first record arrives.
   */
  meterProvider?: MeterProvider;
  /**
   * Name of the template text attribute. Default `'logsignal.template'`; `'log.record.template'` is
   * the name the Collector's drain processor writes. The id stays `logsignal.template.id`.
   */
  templateAttribute?: string;
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

/** Defaults of {@link LogSignalProcessorOptions} (`cooldown` is the pipeline's). */
export const LOG_SIGNAL_PROCESSOR_DEFAULTS = Object.freeze({
  mode: 'both' as SignalMode,
  cooldown: PIPELINE_DEFAULTS.cooldown,
  maxSignalsPerMinute: 60,
  tickInterval: '10s',
  maxMessageLength: 8192,
  templates: false,
  templateAttribute: ATTR.template as string,
});
const DEFAULTS = LOG_SIGNAL_PROCESSOR_DEFAULTS;
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
  private readonly delivery: SignalDelivery;
  private readonly metrics: ProcessorMetrics;
  private readonly templateAttribute: string;
  private attributesWarned = false;
  private readonly reader: RecordEventReader;
  /** The miner behind template attributes, when on. */
  readonly miner: TemplateMiner | undefined;
  private readonly limiter: SignalRateLimiter;
  private readonly clock: () => number;
  private readonly tickMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private timerChecked = false;
  private isShutdown = false;
  private lastResource: ReadWriteLogRecord['resource'] | undefined;
  /**
   * Records analysed, records flagged, signal records sent, signal records dropped (storm limit or no
   * way to deliver), internal errors, records whose logsignal attributes the SDK's attribute limit dropped.
   */
  readonly stats = { records: 0, flagged: 0, signals: 0, dropped: 0, errors: 0, attributesDropped: 0 };

  constructor(options?: LogSignalProcessorOptions) {
    const o = checkOptions(options, 'LogSignalProcessor', [
      'rules',
      'detectors',
      'pipeline',
      'mode',
      'next',
      'loggerProvider',
      'onSignal',
      'cooldown',
      'maxSignalsPerMinute',
      'tickInterval',
      'clock',
      'maxMessageLength',
      'templates',
      'meterProvider',
      'templateAttribute',
    ]);
    this.mode = o.mode === undefined ? DEFAULTS.mode : checkChoice(o.mode, 'LogSignalProcessor.mode', MODES);
    if (o.next !== undefined && (!Array.isArray(o.next) || o.next.some((p) => !p || typeof p.onEmit !== 'function'))) {
      throw new ConfigError('LogSignalProcessor.next', 'an array of LogRecordProcessors', o.next);
    }
    this.next = o.next ?? [];
    if (o.loggerProvider !== undefined && typeof o.loggerProvider?.getLogger !== 'function') {
      throw new ConfigError('LogSignalProcessor.loggerProvider', 'a LoggerProvider (with getLogger)', o.loggerProvider);
    }
    this.delivery = new SignalDelivery(this.next.length > 0, o.loggerProvider, (r, c) => this.forward(r, c));
    if (o.meterProvider !== undefined && typeof o.meterProvider?.getMeter !== 'function') {
      throw new ConfigError('LogSignalProcessor.meterProvider', 'a MeterProvider (with getMeter)', o.meterProvider);
    }
    if (o.templateAttribute !== undefined && (typeof o.templateAttribute !== 'string' || o.templateAttribute === '' || o.templateAttribute === ATTR.templateId)) {
      throw new ConfigError('LogSignalProcessor.templateAttribute', `an attribute name other than '${ATTR.templateId}'`, o.templateAttribute);
    }
    this.templateAttribute = o.templateAttribute ?? DEFAULTS.templateAttribute;
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
      this.pipeline = new Pipeline(
        { rules: o.rules, detectors: o.detectors, cooldown: o.cooldown, clock: this.clock, onSignal: o.onSignal ?? noop, templates: o.templates ?? DEFAULTS.templates },
        'LogSignalProcessor',
      );
    }
    // template attributes on every record when asked
    this.miner = (o.templates ?? DEFAULTS.templates) !== false ? this.pipeline.miner : undefined;
    this.limiter = new SignalRateLimiter(checkInteger(o.maxSignalsPerMinute ?? DEFAULTS.maxSignalsPerMinute, 'LogSignalProcessor.maxSignalsPerMinute', 1));
    this.tickMs = parseDuration(o.tickInterval ?? DEFAULTS.tickInterval, 'LogSignalProcessor.tickInterval', true);
    this.reader = new RecordEventReader(this.clock, maxLen);
    const stats = this.stats;
    const pipeline = this.pipeline;
    const counts = {
      get records() {
        return stats.records;
      },
      get errors() {
        return stats.errors + pipeline.errors;
      },
      get attributesDropped() {
        return stats.attributesDropped;
      },
    };
    this.metrics = new ProcessorMetrics(counts, () => this.liveTemplates(), o.meterProvider);
    if (o.meterProvider !== undefined) this.metrics.register();
  }

  /**
   * Deliver signal records through `provider`'s logger, for a processor registered first without
   * `next` (`processors: [logsignal, exporter]`) when no global logger provider is set. Returns
   * `provider`:
   *
   * ```ts
   * const logsignal = new LogSignalProcessor({ rules: ['ERROR'] });
   * const provider = logsignal.bind(new LoggerProvider({ processors: [logsignal, new BatchLogRecordProcessor({ exporter })] }));
   * ```
   */
  bind<P extends LoggerSource>(provider: P): P {
    if (typeof provider?.getLogger !== 'function') throw new ConfigError('LogSignalProcessor.bind', 'a LoggerProvider (with getLogger)', provider);
    this.delivery.bind(provider);
    return provider;
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
    if (this.isShutdown || isSignalRecord(record)) {
      this.forward(record, context);
      return;
    }
    let signals: readonly Signal[] | undefined;
    let limited = false;
    try {
      this.stats.records++;
      this.lastResource = record.resource;
      if (!this.timerChecked) this.firstRecord();
      const event = this.reader.read(record);
      const result = this.pipeline.process(event);
      const templated = this.miner !== undefined && result.template !== undefined;
      // (the SDK's dropped count is read only when attributes are set: it cannot change otherwise)
      const droppedBefore = templated || result.raised.length > 0 ? droppedAttributeCount(record) : -1;
      if (templated) {
        record.setAttribute(ATTR.templateId, result.template!.id);
        record.setAttribute(this.templateAttribute, result.template!.template);
      }
      if (result.raised.length > 0) {
        this.stats.flagged++;
        if (this.mode !== 'events') setAnomalyAttributes(record, result.raised);
      }
      // The SDK's attribute count limit dropped some of ours (template or anomaly attributes).
      limited = droppedBefore >= 0 && droppedAttributeCount(record) > droppedBefore;
      // (signals only when something was raised: a quiet record does not read the signals array)
      if (result.raised.length > 0 && result.signals.length > 0) {
        for (let i = 0; i < result.signals.length; i++) this.metrics.signal(result.signals[i]);
        if (this.mode !== 'attributes' || limited) {
          linkToTrigger(record, event.time, result.signals);
          // copied: forwarding may re-enter the processor (a wrapped processor that logs), reusing the result
          signals = result.signals.slice();
        }
      }
      if (limited) this.attributesDropped();
    } catch (err) {
      this.stats.errors++;
      diag.error('logsignal: analysing a record failed; the record is passed on unchanged', err);
    }
    this.forward(record, context);
    // Signal records also go out in 'attributes' mode when the SDK's attribute limit dropped the tags.
    if (signals !== undefined) this.emitSignals(signals, record);
  }

  /** Run the detectors' `tick` now (the timer does this every `tickInterval`); emits what they raise. */
  tick(now: number = this.clock()): readonly Signal[] {
    try {
      const signals = this.pipeline.tick(now).signals.slice();
      for (let i = 0; i < signals.length; i++) this.metrics.signal(signals[i]);
      if (signals.length > 0 && this.mode !== 'attributes') this.emitSignals(signals, undefined);
      return signals;
    } catch (err) {
      this.stats.errors++;
      diag.error('logsignal: tick failed', err);
      return [];
    }
  }

  /** Flush the wrapped processors; a failing one is reported through `diag`, and this still resolves. */
  async forceFlush(): Promise<void> {
    await this.eachNext('forceFlush');
  }

  async shutdown(): Promise<void> {
    this.isShutdown = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.eachNext('shutdown');
  }

  private async eachNext(op: 'forceFlush' | 'shutdown'): Promise<void> {
    await Promise.all(
      this.next.map(async (p) => {
        try {
          await p[op]();
        } catch (err) {
          this.stats.errors++;
          diag.error(`logsignal: a wrapped processor's ${op} failed`, err);
        }
      }),
    );
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
        this.metrics.drop('rate_limit');
        if (this.limiter.droppedTotal === 1) diag.warn(`logsignal: more than ${this.limiter.perMinute} signal records a minute; the rest are counted in logsignal.dropped`);
        continue;
      }
      const dropped = this.limiter.dropped;
      try {
        if (this.delivery.deliver(s, trigger, trigger?.resource ?? this.lastResource, this.clock(), dropped)) {
          this.limiter.dropped = 0; // reported on this record: only now, so no drop goes unreported
          this.stats.signals++;
        } else {
          this.stats.dropped++;
          this.metrics.drop('undeliverable');
        }
      } catch (err) {
        this.stats.errors++;
        diag.error('logsignal: emitting a signal record failed', err);
      }
    }
  }

  private attributesDropped(): void {
    this.stats.attributesDropped++;
    if (this.attributesWarned) return;
    this.attributesWarned = true;
    diag.warn(
      "logsignal: the SDK's attribute count limit dropped logsignal's attributes on a record; signals it raised are still sent as signal records. Raise logRecordLimits.attributeCountLimit; such records are counted in stats.attributesDropped.",
    );
  }

  /** Templates held by the pipeline's shared miner (one per pipeline). */
  private liveTemplates(): number {
    return this.pipeline.miner?.size ?? 0;
  }

  /** On the first record: register the metrics on the global meter provider unless given one, and start the tick timer. */
  private firstRecord(): void {
    this.metrics.register();
    this.startTimer();
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
