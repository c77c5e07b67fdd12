import { Counter, Gauge, Registry } from 'prom-client';

/**
 * The gateway's metrics, served at `GET /metrics` in the Prometheus text format (prom-client, a
 * registry of its own): every name starts with `logsignal_`. Gauges are read when scraped.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** Records accepted from senders. */
  readonly recordsReceived = new Counter({ name: 'logsignal_records_received_total', help: 'Log records accepted on POST /v1/logs', registers: [this.registry] });
  /** Records refused inside accepted requests (partial_success). */
  readonly recordsRejected = new Counter({ name: 'logsignal_records_rejected_total', help: 'Log records refused in accepted requests (reported in partial_success)', registers: [this.registry] });
  /** Records (received and signal records) the downstream accepted. */
  readonly recordsExported = new Counter({ name: 'logsignal_records_exported_total', help: 'Log records (received and signal records) exported downstream', registers: [this.registry] });
  /** Records the downstream refused for good. */
  readonly recordsRefusedDownstream = new Counter({
    name: 'logsignal_records_refused_downstream_total',
    help: 'Log records the downstream refused with a non-retryable status',
    registers: [this.registry],
  });
  /** Export attempts that failed and are retried. */
  readonly exportRetries = new Counter({ name: 'logsignal_export_retries_total', help: 'Failed export requests that are retried', registers: [this.registry] });
  /** Signals by detector and severity. */
  readonly signals = new Counter({
    name: 'logsignal_signals_total',
    help: 'Signals raised (after the cooldown and the storm limit)',
    labelNames: ['detector', 'severity'] as const,
    registers: [this.registry],
  });
  /** Signals held back by a service's storm limit (`maxSignalsPerMinute`), counted when its next signal passes, as `logsignal.dropped` is. */
  readonly signalsDropped = new Counter({
    name: 'logsignal_signals_dropped_total',
    help: 'Signals held back by the storm limit (counted with the next signal let through)',
    registers: [this.registry],
  });
  /** Records whose analysis threw (they are exported unchanged). */
  readonly pipelineErrors = new Counter({ name: 'logsignal_pipeline_errors_total', help: 'Records or ticks whose analysis failed (records are still exported)', registers: [this.registry] });
  /** Requests answered, by HTTP status. */
  readonly requests = new Counter({ name: 'logsignal_requests_total', help: 'POST /v1/logs requests answered, by status', labelNames: ['status'] as const, registers: [this.registry] });
  /** Requests refused, by HTTP status (400, 413, 415, 503, ...). */
  readonly requestsRefused = new Counter({ name: 'logsignal_requests_refused_total', help: 'POST /v1/logs requests refused, by status', labelNames: ['status'] as const, registers: [this.registry] });
  /** Services evicted (table full, or idle). */
  readonly servicesEvicted = new Counter({ name: 'logsignal_services_evicted_total', help: 'Services whose state was evicted (table full or idle)', registers: [this.registry] });
  /** Records queued for export or in flight. */
  readonly queueDepth = new Gauge({ name: 'logsignal_export_queue_records', help: 'Records queued for export or being exported', registers: [this.registry] });
  /** Capacity of the export queue. */
  readonly queueCapacity = new Gauge({ name: 'logsignal_export_queue_capacity', help: 'Records the export queue holds before requests get 503', registers: [this.registry] });
  /** Services with live state. */
  readonly servicesLive = new Gauge({ name: 'logsignal_services_live', help: 'Services with pipeline state in this instance', registers: [this.registry] });
  /** State saves, by outcome. */
  readonly stateSaves = new Counter({ name: 'logsignal_state_saves_total', help: 'State file saves, by result', labelNames: ['result'] as const, registers: [this.registry] });

  /** The text exposition and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
