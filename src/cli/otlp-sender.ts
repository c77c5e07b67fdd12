import { basename, resolve } from 'node:path';
import type { AnyValue, LogAttributes, OtelLogger as Logger, SeverityNumber } from '../otel/logs-api.js';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { defaultResource, detectResources, envDetector } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, type LogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { anomalyAttributes } from '../otel/signal-record.js';
import { LOG_RECORD_UID } from '../otel/record-uid.js';
import { signalToRecord } from '../otel/signal-to-record.js';
import { VERSION } from '../version.js';

type ExportResult = Parameters<Parameters<LogRecordExporter['export']>[1]>[0];

/** Options of {@link OtlpSender}; defaults in {@link OTLP_SENDER_DEFAULTS}. */
export interface OtlpSenderOptions {
  /** Time one export may take, retries of the exporter (429, 502, 503, 504) included. */
  timeoutMs: number;
  /** Records per export request. */
  batchSize: number;
  /** Export requests in flight at once; the scan waits for a free one (back-pressure). */
  maxInFlight: number;
  /** Total time the run may spend waiting on the endpoint (back-pressure and the final flush). */
  deadlineMs: number;
}

/** Defaults of {@link OtlpSenderOptions}. */
export const OTLP_SENDER_DEFAULTS: OtlpSenderOptions = Object.freeze({ timeoutMs: 10_000, batchSize: 1024, maxInFlight: 2, deadlineMs: 60_000 });

/**
 * Sends a scan's signal records (and, with {@link record}, every analysed record with the anomaly
 * attributes) to an OTLP/HTTP endpoint with the real `OTLPLogExporter`, without a queue that can
 * overflow: records are batched as they come and the scan waits ({@link pace}) while `maxInFlight`
 * exports are pending, so none is dropped however large the input.
 *
 * Bounded time: an export that fails (refused, unreachable, or not answered within `timeoutMs`,
 * the exporter's retries included) stops sending: that batch and every later record are counted in
 * {@link failed}, the scan goes on without waiting for the endpoint. A slow endpoint is waited on at
 * most `deadlineMs` in all; past it, sending stops the same way (exports still in flight count as
 * not delivered). A run thus waits on the endpoint at most `deadlineMs`, and an abandoned request
 * ends within `timeoutMs` after that.
 *
 * Resource: `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` (the SDK's env detector) over the
 * SDK defaults; headers from `OTEL_EXPORTER_OTLP_HEADERS` / `OTEL_EXPORTER_OTLP_LOGS_HEADERS`.
 */
export class OtlpSender {
  /** Records not delivered: in failed exports, or not sent after one failed. */
  failed = 0;
  /** Records the endpoint accepted. */
  sent = 0;
  /** The first export error. */
  firstError: string | undefined;
  private readonly exporter: OTLPLogExporter;
  private readonly provider: LoggerProvider;
  private readonly signals: Logger;
  private readonly records: Logger;
  private readonly options: OtlpSenderOptions;
  private queue: ReadableLogRecord[] = [];
  private inFlight = 0;
  private stopped = false;
  private readonly idle: Array<() => void> = [];
  /** Time spent waiting on the endpoint so far, ms (wall clock: this is real I/O). */
  private waited = 0;
  /** Records in exports in flight. */
  private inFlightRecords = 0;
  /** Set when the deadline passed: in-flight exports are already counted as failed. */
  private abandoned = false;

  constructor(
    readonly url: string,
    options: Partial<OtlpSenderOptions> = {},
  ) {
    this.options = { ...OTLP_SENDER_DEFAULTS, ...options };
    this.exporter = new OTLPLogExporter({ url, timeoutMillis: this.options.timeoutMs });
    const collect: LogRecordProcessor = {
      onEmit: (r) => this.enqueue(r),
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
    this.provider = new LoggerProvider({ resource, processors: [collect] });
    this.signals = this.provider.getLogger('logsignal', VERSION);
    this.records = this.provider.getLogger('logsignal-scan', VERSION);
  }

  /** Queue a signal record; it carries `log.file.name` / `log.file.path` of its record when known. */
  signal(s: Signal): void {
    const fields = signalToRecord(s, 0);
    if (s.record?.file !== undefined) fileAttributes(s.record.file, fields.attributes);
    this.signals.emit(fields);
  }

  /**
   * Queue an analysed record: its original `body` (uncut), its attributes, `log.file.name` /
   * `log.file.path` of the input it came from, and the anomaly attributes when it triggered signals.
   */
  record(e: LogEvent, body: unknown, triggered: readonly Signal[]): void {
    if (this.stopped) {
      this.failed++;
      return;
    }
    const attributes: LogAttributes = {};
    for (const k in e.attributes) {
      const v = e.attributes[k];
      if (v !== undefined && v !== null && typeof v !== 'function') attributes[k] = (typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : v) as AnyValue;
    }
    if (e.source !== undefined) fileAttributes(e.source.file, attributes);
    if (triggered.length > 0) {
      Object.assign(attributes, anomalyAttributes(triggered));
      // the uid its signal records carry (set when they were sent), unless the record has its own
      const uid = triggered.find((t) => t.record?.uid !== undefined)?.record?.uid;
      if (uid !== undefined && attributes[LOG_RECORD_UID] === undefined) attributes[LOG_RECORD_UID] = uid;
    }
    this.records.emit({ timestamp: e.time, severityNumber: e.severityNumber as SeverityNumber, severityText: e.severityText || undefined, body: (body ?? e.message) as AnyValue, attributes });
  }

  /**
   * Back-pressure: sends full batches; resolves once fewer than a batch is queued, waiting while
   * `maxInFlight` exports are pending. Undefined when there is nothing to wait for.
   */
  pace(): Promise<void> | undefined {
    this.sendFull();
    if (this.queue.length < this.options.batchSize) return undefined;
    return this.wait().then((more) => (more ? this.pace() : undefined));
  }

  /** Send what is queued and wait for every export (each bounded by `timeoutMs`, all by `deadlineMs`). */
  async close(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      if (this.inFlight < this.options.maxInFlight) this.send(this.queue.splice(0, this.options.batchSize));
      else if (!(await this.wait())) break;
    }
    while (this.inFlight > 0 && !this.abandoned) if (!(await this.wait())) break;
    await this.provider.shutdown();
    // the transport aborts a request at its timeout: shutting the exporter down does not wait on the endpoint
    await Promise.race([this.exporter.shutdown(), new Promise((r) => setTimeout(r, 100).unref())]);
  }

  private enqueue(r: ReadableLogRecord): void {
    if (this.stopped) {
      this.failed++;
      return;
    }
    this.queue.push(r);
    if (this.queue.length >= this.options.batchSize) this.sendFull();
  }

  private sendFull(): void {
    while (this.queue.length >= this.options.batchSize && this.inFlight < this.options.maxInFlight && !this.stopped) {
      this.send(this.queue.splice(0, this.options.batchSize));
    }
  }

  private send(batch: ReadableLogRecord[]): void {
    this.inFlight++;
    this.inFlightRecords += batch.length;
    let done = false;
    const finish = (r: ExportResult): void => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (this.abandoned) {
        // already counted as not delivered when the deadline passed
      } else if (r.code === 0) {
        this.sent += batch.length;
      } else {
        this.failed += batch.length;
        this.firstError ??= r.error?.message || 'export failed';
        this.stop();
      }
      if (!this.abandoned) this.inFlightRecords -= batch.length;
      this.idle.splice(0).forEach((f) => f());
    };
    try {
      this.exporter.export(batch, finish);
    } catch (err) {
      finish({ code: 1, error: err as Error });
    }
  }

  /** After a failed export: nothing more is sent; what is queued and what comes is not delivered. */
  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.failed += this.queue.length;
    this.queue = [];
  }

  /** Wait for an export to finish, within what is left of the deadline; false once it has passed. */
  private async wait(): Promise<boolean> {
    const left = this.options.deadlineMs - this.waited;
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const finished =
      left > 0 && (await Promise.race([new Promise<boolean>((resolve) => this.idle.push(() => resolve(true))), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), left)))]));
    clearTimeout(timer);
    this.waited += Date.now() - t0;
    if (finished) return true;
    if (!this.abandoned) {
      this.abandoned = true;
      this.firstError ??= `waited on the endpoint for --otlp-deadline ${this.options.deadlineMs / 1000} s`;
      this.failed += this.inFlightRecords;
      this.inFlightRecords = 0;
      this.stop();
    }
    return false;
  }
}

function fileAttributes(file: string, into: LogAttributes): void {
  if (file === '-') return;
  into['log.file.name'] = basename(file);
  into['log.file.path'] = resolve(file);
}
