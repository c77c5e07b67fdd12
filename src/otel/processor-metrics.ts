import { type MeterProvider, type ObservableResult, metrics } from '@opentelemetry/api';
import type { Signal } from '../core/signal.js';
import { VERSION } from '../version.js';

/** Why a signal record was not delivered. */
export type DropReason = 'rate_limit' | 'undeliverable';

/** Counts the metrics read: the processor's own counters, kept as plain numbers on the hot path. */
export interface ProcessorCounts {
  readonly records: number;
  readonly errors: number;
  readonly attributesDropped: number;
}

/** Metric names the processor records (Prometheus adds `_total` to counters). */
export const METRIC = {
  records: 'logsignal.records',
  signals: 'logsignal.signals',
  dropped: 'logsignal.signals.dropped',
  errors: 'logsignal.errors',
  attributesDropped: 'logsignal.attributes.dropped',
  templates: 'logsignal.templates',
} as const;

/**
 * The processor's metrics, all observable (read when the meter collects, so nothing is recorded per
 * record): `logsignal.records` (records analysed), `logsignal.signals` by `logsignal.detector` and
 * `logsignal.severity`, `logsignal.signals.dropped` by `reason` (`rate_limit`, `undeliverable`),
 * `logsignal.errors`, `logsignal.attributes.dropped` (records whose logsignal attributes the SDK's
 * attribute limit dropped) and the gauge `logsignal.templates` (live templates).
 */
export class ProcessorMetrics {
  private readonly signals = new Map<string, { detector: string; severity: string; count: number }>();
  private readonly dropped: Record<DropReason, number> = { rate_limit: 0, undeliverable: 0 };
  private registered = false;

  constructor(
    private readonly counts: ProcessorCounts,
    private readonly liveTemplates: () => number,
    private meterProvider: MeterProvider | undefined,
  ) {}

  /** Create the instruments (once), on the given meter provider or the global one at that moment. */
  register(): void {
    if (this.registered) return;
    this.registered = true;
    const meter = (this.meterProvider ?? metrics.getMeterProvider()).getMeter('logsignal', VERSION);
    this.meterProvider = undefined;
    const observe = (name: string, description: string, read: (r: ObservableResult) => void, gauge = false) => {
      const o = gauge ? meter.createObservableGauge(name, { description }) : meter.createObservableCounter(name, { description });
      o.addCallback(read);
    };
    observe(METRIC.records, 'Log records analysed', (r) => r.observe(this.counts.records));
    observe(METRIC.signals, 'Signals raised, by detector and severity', (r) => {
      for (const s of this.signals.values()) r.observe(s.count, { 'logsignal.detector': s.detector, 'logsignal.severity': s.severity });
    });
    observe(METRIC.dropped, 'Signal records not delivered, by reason', (r) => {
      r.observe(this.dropped.rate_limit, { reason: 'rate_limit' });
      r.observe(this.dropped.undeliverable, { reason: 'undeliverable' });
    });
    observe(METRIC.errors, 'Errors of the processor and its detectors (reported through diag)', (r) => r.observe(this.counts.errors));
    observe(METRIC.attributesDropped, "Records whose logsignal attributes the SDK's attribute count limit dropped", (r) => r.observe(this.counts.attributesDropped));
    observe(METRIC.templates, 'Live log templates', (r) => r.observe(this.liveTemplates()), true);
  }

  /** Count one raised signal (per signal, not per record). */
  signal(s: Signal): void {
    const k = `${s.detector}\u0000${s.severity}`;
    const e = this.signals.get(k);
    if (e !== undefined) e.count++;
    else this.signals.set(k, { detector: s.detector, severity: s.severity, count: 1 });
  }

  /** Count one signal record not delivered. */
  drop(reason: DropReason): void {
    this.dropped[reason]++;
  }
}
