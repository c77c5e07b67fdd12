import type { Signal } from '../core/signal.js';
import { buildDetectors, type LogSignalConfig, templateMiner } from '../config/log-signal-config.js';
import { ATTR } from '../otel/attribute-names.js';
import { RecordEventReader } from '../otel/record-event.js';
import { anomalyAttributes } from '../otel/signal-record.js';
import { SignalRateLimiter } from '../otel/signal-rate-limiter.js';
import type { TemplateMiner } from '../templates/template-miner.js';
import { LogWatcher } from '../watcher/log-watcher.js';
import { asSdkRecord, type GatewayLogRecord } from './gateway-record.js';

/** Receives each signal a service's pipeline lets through, with the storm limit's drop count before it. */
export type SignalSink = (signal: Signal, droppedBefore: number) => void;

/** Saved state of one service's pipeline (plain JSON). */
export interface ServicePipelineState {
  watcher: unknown;
  miner: unknown;
}

const DEFAULT_SIGNALS_PER_MINUTE = 60;
const MAX_MESSAGE_LENGTH = 8192;

/**
 * The analysis of one service, as the gateway calls it: one record in, the record tagged with
 * logsignal's attributes, the signals out. This adapter builds it today from the public pieces (the
 * config's detectors sharing one template miner, `LogWatcher.processEvent` with its cooldown, the
 * OTel record reader, the processor's attribute mapping and storm limit) and is where the shared
 * pipeline (`src/pipeline/`) takes over: the gateway depends only on this class's methods.
 *
 * Behaviour follows `LogSignalProcessor.fromConfig`: `mode` decides whether records are tagged
 * (`attributes`, `both`) and whether signals are emitted (`events`, `both`); `templates.attributes`
 * puts the template on every record; `maxSignalsPerMinute` (default 60, record time) bounds signals.
 */
export class ServicePipeline {
  private readonly watcher: LogWatcher;
  private readonly miner: TemplateMiner;
  private readonly minerConsumer: number;
  private readonly templateAttributes: boolean;
  private readonly tag: boolean;
  private readonly emit: boolean;
  private readonly reader: RecordEventReader;
  private readonly limiter: SignalRateLimiter;
  private readonly triggered: Signal[] = [];
  /** Latest record time seen (epoch ms), -Infinity before the first record. */
  lastTime = -Infinity;

  constructor(config: LogSignalConfig, clock: () => number) {
    this.miner = templateMiner(config);
    this.watcher = new LogWatcher({ detectors: buildDetectors(config, { miner: this.miner }), cooldown: config.cooldown, clock, maxMessageLength: MAX_MESSAGE_LENGTH, onSignal: noop });
    this.templateAttributes = config.templates?.attributes === true;
    this.minerConsumer = this.templateAttributes ? this.miner.newConsumer() : 0;
    const mode = config.mode ?? 'both';
    this.tag = mode !== 'events';
    this.emit = mode !== 'attributes';
    this.reader = new RecordEventReader(clock, MAX_MESSAGE_LENGTH);
    this.limiter = new SignalRateLimiter(config.maxSignalsPerMinute ?? DEFAULT_SIGNALS_PER_MINUTE);
  }

  /** Analyse one record in record time: tag it in place, hand the signals it raised to `sink`. */
  process(record: GatewayLogRecord, sink: SignalSink): void {
    const event = this.reader.read(asSdkRecord(record));
    if (event.time > this.lastTime) this.lastTime = event.time;
    const triggered = this.triggered;
    let signals: readonly Signal[];
    try {
      signals = this.watcher.processEvent(event, triggered);
      if (this.templateAttributes) {
        const t = this.miner.addShared(event.message, this.minerConsumer);
        record.setAttribute(ATTR.templateId, t.id);
        record.setAttribute(ATTR.template, t.template);
      }
      if (triggered.length > 0 && this.tag) {
        const a = anomalyAttributes(triggered);
        for (const k in a) record.setAttribute(k, a[k]);
      }
    } finally {
      triggered.length = 0;
    }
    if (this.emit) this.deliver(signals, sink);
  }

  /** Advance this service's time to `now` (epoch ms) with no record: buckets close, silence is noticed. */
  tick(now: number, sink: SignalSink): void {
    if (this.emit) this.deliver(this.watcher.tick(now), sink);
    else this.watcher.tick(now);
  }

  /** Templates, baselines and windows, as plain JSON. */
  toJSON(): ServicePipelineState {
    return { watcher: this.watcher.toJSON(), miner: this.miner.toJSON() };
  }

  /** Restore from {@link toJSON} of a pipeline of the same config; throws on a malformed state. */
  restore(state: ServicePipelineState): void {
    if (state === null || typeof state !== 'object' || state.miner === undefined || state.watcher === undefined) throw new Error('not a service pipeline state');
    this.miner.restore(state.miner);
    this.watcher.restore(state.watcher);
  }

  private deliver(signals: readonly Signal[], sink: SignalSink): void {
    for (let i = 0; i < signals.length; i++) {
      const s = signals[i];
      if (!this.limiter.admit(s.time)) continue;
      const dropped = this.limiter.dropped;
      this.limiter.dropped = 0;
      sink(s, dropped);
    }
  }

}

function noop(): void {}
