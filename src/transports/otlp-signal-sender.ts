import { diag } from '@opentelemetry/api';
import { severityName, severityNumberForSignal } from '../core/severity.js';
import type { Signal } from '../core/signal.js';
import { SIGNAL_EVENT_NAME } from '../otel/attribute-names.js';
import type { OtelLogger, SeverityNumber } from '../otel/logs-api.js';
import { signalAttributes } from '../otel/signal-record.js';
import { VERSION } from '../version.js';

/** Signals queued while the OTel SDK loads; more are dropped (counted). */
const MAX_PENDING = 10_000;

interface Pipeline {
  logger: OtelLogger;
  flush(): Promise<void>;
}

/**
 * Sends signals as OTLP log records through the app's `@opentelemetry/sdk-logs` batch processor and
 * `@opentelemetry/exporter-logs-otlp-http` (optional peers, loaded on first use). Failures go to `diag`.
 */
export class OtlpSignalSender {
  /** Signals dropped because the SDK could not be loaded or the queue was full. */
  dropped = 0;
  private readonly pipeline: Promise<Pipeline | undefined>;
  private loaded: Pipeline | undefined;
  private readonly pending: Signal[] = [];
  private loadError = '';

  constructor(url: string) {
    this.pipeline = load(url).then(
      (p) => {
        this.loaded = p;
        for (const s of this.pending) this.emit(p, s);
        this.pending.length = 0;
        return p;
      },
      (err: unknown) => {
        this.loadError = `the otlp option needs @opentelemetry/exporter-logs-otlp-http and @opentelemetry/sdk-logs installed (${(err as Error)?.message ?? String(err)})`;
        diag.error(`logsignal: ${this.loadError}`);
        this.dropped += this.pending.length;
        this.pending.length = 0;
        return undefined;
      },
    );
  }

  /** Resolves once the SDK and exporter are loaded; rejects, saying what to install, when they cannot be. */
  ready(): Promise<void> {
    return this.pipeline.then((p) => {
      if (p === undefined) throw new Error(this.loadError);
    });
  }

  send(s: Signal): void {
    if (this.loaded !== undefined) this.emit(this.loaded, s);
    else if (this.pending.length < MAX_PENDING) this.pending.push(s);
    else this.dropped++;
  }

  async close(): Promise<void> {
    const p = await this.pipeline;
    await p?.flush();
  }

  private emit(p: Pipeline, s: Signal): void {
    const severityNumber = severityNumberForSignal(s.severity) as SeverityNumber;
    p.logger.emit({ eventName: SIGNAL_EVENT_NAME, timestamp: s.time, severityNumber, severityText: severityName(severityNumber), body: s.message, attributes: signalAttributes(s, 0) });
  }
}

async function load(url: string): Promise<Pipeline> {
  const [{ OTLPLogExporter }, { BatchLogRecordProcessor, LoggerProvider }] = await Promise.all([import('@opentelemetry/exporter-logs-otlp-http'), import('@opentelemetry/sdk-logs')]);
  const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url }) })] });
  return {
    logger: provider.getLogger('logsignal', VERSION),
    flush: async () => {
      await provider.forceFlush();
      await provider.shutdown();
    },
  };
}
