import type { Signal } from '../core/signal.js';
import type { LogSignalConfig } from '../config/log-signal-config.js';
import { RecordEventReader } from '../input/record-event.js';
import { Pipeline, type PipelineState } from '../pipeline/pipeline.js';
import { ATTR } from '../otel/attribute-names.js';
import { anomalyAttributes } from '../otel/signal-record.js';
import { linkToTrigger } from '../otel/trigger-tags.js';
import { SignalRateLimiter } from '../otel/signal-rate-limiter.js';
import { asSdkRecord, type GatewayLogRecord } from './gateway-record.js';

/** Receives each signal a service's pipeline lets through, with the storm limit's drop count before it. */
export type SignalSink = (signal: Signal, droppedBefore: number) => void;

/** Saved state of one service: its pipeline's state (`Pipeline.toJSON()`, plain JSON). */
export type ServicePipelineState = PipelineState;

const DEFAULT_SIGNALS_PER_MINUTE = 60;
const MAX_MESSAGE_LENGTH = 8192;

/**
 * The analysis of one service in the gateway: a {@link Pipeline} made by `Pipeline.fromConfig` from
 * the gateway's config (its detectors sharing one template miner, its cooldown), fed as
 * `LogSignalProcessor.onEmit` feeds its pipeline: the record read into an event by the OTel record
 * reader, `pipeline.process(event)`, the record tagged from the result with the processor's
 * attribute helper, the admitted signals through the storm limit to the gateway's sink (which makes
 * them signal records with the one signal-to-record mapping, `SignalLogRecord`).
 *
 * `mode` decides whether records are tagged (`attributes`, `both`) and whether signals are emitted
 * (`events`, `both`); `templates.attributes` puts the template on every record;
 * `maxSignalsPerMinute` (default 60, record time) bounds the signals of the service.
 */
export class ServicePipeline {
  /** The service's pipeline (its state is the service's saved state). */
  readonly pipeline: Pipeline;
  private readonly reader: RecordEventReader;
  private readonly limiter: SignalRateLimiter;
  private readonly templateAttributes: boolean;
  private readonly tag: boolean;
  private readonly emit: boolean;
  /** Latest record time seen (epoch ms), -Infinity before the first record. */
  lastTime = -Infinity;

  constructor(config: LogSignalConfig, clock: () => number) {
    this.pipeline = Pipeline.fromConfig(config, { clock });
    this.reader = new RecordEventReader(clock, MAX_MESSAGE_LENGTH);
    this.limiter = new SignalRateLimiter(config.maxSignalsPerMinute ?? DEFAULT_SIGNALS_PER_MINUTE);
    this.templateAttributes = config.templates?.attributes === true;
    const mode = config.mode ?? 'both';
    this.tag = mode !== 'events';
    this.emit = mode !== 'attributes';
  }

  /** Analyse one record in record time: tag it in place, hand the signals it raised to `sink`. */
  process(record: GatewayLogRecord, sink: SignalSink): void {
    const event = this.reader.read(asSdkRecord(record));
    if (event.time > this.lastTime) this.lastTime = event.time;
    const result = this.pipeline.process(event);
    const t = result.template;
    if (this.templateAttributes && t !== undefined) {
      record.setAttribute(ATTR.templateId, t.id);
      record.setAttribute(ATTR.template, t.template);
    }
    if (this.tag && result.raised.length > 0) {
      const a = anomalyAttributes(result.raised);
      for (const k in a) record.setAttribute(k, a[k]);
    }
    if (this.emit && result.signals.length > 0) {
      // the signal records link to this record by its log.record.uid (one is set when it has none)
      linkToTrigger(asSdkRecord(record), event.time, result.signals);
      // copied: the sink runs user code (onSignal) that may analyse again, reusing the result
      this.deliver(result.signals.slice(), sink);
    }
  }

  /** Advance this service's time to `now` (epoch ms) with no record: buckets close, silence is noticed. */
  tick(now: number, sink: SignalSink): void {
    const signals = this.pipeline.tick(now).signals;
    if (this.emit && signals.length > 0) this.deliver(signals.slice(), sink);
  }

  /** Templates, baselines and windows: the pipeline's state. */
  toJSON(): ServicePipelineState {
    return this.pipeline.toJSON();
  }

  /** Restore from {@link toJSON} of a pipeline of the same config; throws on a malformed state. */
  restore(state: ServicePipelineState): void {
    this.pipeline.restore(state);
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
