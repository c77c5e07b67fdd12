import type { AnyValue, LogAttributes, OtelLogger as Logger, SeverityNumber } from '../otel/logs-api.js';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { LogEvent } from '../core/log-event.js';
import { severityName, severityNumberForSignal } from '../core/severity.js';
import type { Signal } from '../core/signal.js';
import { SIGNAL_EVENT_NAME } from '../otel/attribute-names.js';
import { anomalyAttributes, signalAttributes } from '../otel/signal-record.js';
import { VERSION } from '../version.js';

type ExportResult = Parameters<Parameters<LogRecordExporter['export']>[1]>[0];

/**
 * Sends a scan's signal records (and, with `records`, every analysed record with the anomaly
 * attributes) to an OTLP/HTTP endpoint through the SDK's batch processor and the real
 * `OTLPLogExporter`. Failed exports are counted, not thrown.
 */
export class OtlpSender {
  /** Records in exports the endpoint refused or that could not be sent. */
  failed = 0;
  /** Records the endpoint accepted. */
  sent = 0;
  /** The first export error. */
  firstError: string | undefined;
  private readonly provider: LoggerProvider;
  private readonly signals: Logger;
  private readonly records: Logger;

  constructor(url: string) {
    const inner = new OTLPLogExporter({ url });
    const exporter: LogRecordExporter = {
      export: (batch: ReadableLogRecord[], done: (r: ExportResult) => void) => {
        inner.export(batch, (r) => {
          if (r.code === 0) this.sent += batch.length;
          else {
            this.failed += batch.length;
            this.firstError ??= r.error?.message ?? 'export failed';
          }
          done(r);
        });
      },
      shutdown: () => inner.shutdown(),
      forceFlush: () => inner.forceFlush(),
    };
    this.provider = new LoggerProvider({
      processors: [new BatchLogRecordProcessor({ exporter, maxQueueSize: 65_536, maxExportBatchSize: 2048, scheduledDelayMillis: 500 })],
    });
    this.signals = this.provider.getLogger('logsignal', VERSION);
    this.records = this.provider.getLogger('logsignal-scan', VERSION);
  }

  /** Queue a signal record. */
  signal(s: Signal): void {
    const severityNumber = severityNumberForSignal(s.severity) as SeverityNumber;
    this.signals.emit({ eventName: SIGNAL_EVENT_NAME, timestamp: s.time, severityNumber, severityText: severityName(severityNumber), body: s.message, attributes: signalAttributes(s, 0) });
  }

  /** Queue an analysed record, with the anomaly attributes when it triggered signals. */
  record(e: LogEvent, triggered: readonly Signal[]): void {
    const attributes: LogAttributes = {};
    for (const k in e.attributes) {
      const v = e.attributes[k];
      if (v !== undefined && v !== null && typeof v !== 'function') attributes[k] = (typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : v) as AnyValue;
    }
    if (triggered.length > 0) Object.assign(attributes, anomalyAttributes(triggered));
    this.records.emit({ timestamp: e.time, severityNumber: e.severityNumber as SeverityNumber, severityText: e.severityText || undefined, body: e.message, attributes });
  }

  /** Send what is queued and close. */
  async close(): Promise<void> {
    await this.provider.forceFlush();
    await this.provider.shutdown();
  }
}
