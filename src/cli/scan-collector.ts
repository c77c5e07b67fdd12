import type { Detector } from '../core/detector.js';
import type { Duration } from '../core/duration.js';
import { BoundedMap } from '../core/bounded-map.js';
import type { LogEvent } from '../core/log-event.js';
import { SEVERITY } from '../core/severity.js';
import { type Signal, type SignalSeverity, severityRank } from '../core/signal.js';
import { Pipeline, type PipelineResult } from '../pipeline/pipeline.js';
import type { TemplateMiner } from '../templates/template-miner.js';
import { VERSION } from '../version.js';
import type { ScanInput, ScanReport, SignalGroup, TemplateCount } from './scan-report.js';
import { Timeline } from './timeline.js';

/** Limits of what a scan keeps for its report; defaults in {@link COLLECTOR_DEFAULTS}. */
export interface CollectorLimits {
  maxSignals: number;
  maxGroups: number;
  topTemplates: number;
  maxNewTemplates: number;
}

/** Defaults of {@link CollectorLimits}. */
export const COLLECTOR_DEFAULTS: CollectorLimits = Object.freeze({ maxSignals: 10_000, maxGroups: 1000, topTemplates: 20, maxNewTemplates: 100 });

/**
 * Runs the detectors over a scan's events (the {@link Pipeline}, cooldown included) and keeps
 * what the report needs, bounded: the timeline, signal groups, the first signals, template counts.
 */
export class ScanCollector {
  readonly pipeline: Pipeline;
  readonly timeline = new Timeline();
  private readonly groups: BoundedMap<string, SignalGroup>;
  private readonly signals: Signal[] = [];
  private signalsOmitted = 0;
  private readonly bySeverity: Record<SignalSeverity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  private readonly byDetector: Record<string, number> = {};
  private readonly miner: TemplateMiner | undefined;
  private readonly firstSeen: BoundedMap<string, number>;
  private readonly newTemplates: TemplateCount[] = [];
  private records = 0;
  private errors = 0;
  private first = Infinity;
  private last = -Infinity;
  private worst = -1;

  /** @param cooldown the pipeline's cooldown (default `'10s'`) */
  constructor(detectors: readonly Detector[], private readonly onSignal: (s: Signal) => void, cooldown?: Duration, private readonly limits: CollectorLimits = COLLECTOR_DEFAULTS) {
    this.pipeline = new Pipeline({ detectors, cooldown, clock: () => (Number.isFinite(this.last) ? this.last : 0), onSignal: (s) => this.collect(s) });
    this.groups = new BoundedMap(limits.maxGroups);
    this.miner = this.pipeline.miner;
    this.firstSeen = new BoundedMap(this.miner?.maxClusters ?? 1);
  }

  /** Rank (`severityRank`) of the highest signal severity so far, -1 when none. */
  get worstRank(): number {
    return this.worst;
  }

  /** Latest record time so far (epoch ms), NaN before the first record. */
  get lastTime(): number {
    return Number.isFinite(this.last) ? this.last : NaN;
  }

  /** Analyse one event (its time must be finite); the pipeline's result (valid until the next call). */
  observe(event: LogEvent): PipelineResult {
    const t = event.time;
    this.records++;
    const error = event.severityNumber >= SEVERITY.ERROR;
    if (error) this.errors++;
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    this.timeline.record(t, error);
    const r = this.pipeline.process(event);
    if (r.template !== undefined && r.template.isNew) this.firstSeen.set(r.template.id, t);
    return r;
  }

  /** Flush what detectors hold (open buckets, flood summaries) at the end of the input. */
  finish(): void {
    if (Number.isFinite(this.last)) this.pipeline.tick(this.last + 1);
  }

  /** The report of everything observed. */
  report(inputs: ScanInput[], preset: string, generatedAt: Date): ScanReport {
    const sum = (k: 'lines' | 'badLines') => inputs.reduce((a, i) => a + i[k], 0);
    const groups = [...this.groups.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.count - a.count || a.first - b.first);
    let templates: ScanReport['templates'] = null;
    const miner = this.miner;
    if (miner !== undefined) {
      const top = miner.templates().slice(0, this.limits.topTemplates).map((t) => ({ id: t.id, template: t.template, count: t.count, firstSeen: this.firstSeen.peek(t.id) ?? NaN }));
      const fresh = this.newTemplates.map((t) => ({ ...t, count: miner.get(t.id)?.count ?? t.count }));
      templates = { total: miner.size, top, new: fresh };
    }
    return {
      tool: { name: 'logsignal', version: VERSION },
      generatedAt: generatedAt.toISOString(),
      config: { preset, detectors: this.pipeline.list().map((d) => d.id) },
      inputs,
      totals: {
        lines: sum('lines'), records: this.records, badLines: sum('badLines'), errors: this.errors,
        signals: this.signals.length + this.signalsOmitted, bySeverity: { ...this.bySeverity }, byDetector: { ...this.byDetector },
      },
      timeSpan: this.records > 0 ? { start: this.first, end: this.last } : null,
      timeline: { bucketMs: this.timeline.bucketMs, buckets: this.timeline.toJSON() },
      groups,
      signals: [...this.signals].sort((a, b) => a.time - b.time),
      signalsOmitted: this.signalsOmitted,
      templates,
    };
  }

  private collect(s: Signal): void {
    this.bySeverity[s.severity]++;
    this.byDetector[s.detector] = (this.byDetector[s.detector] ?? 0) + 1;
    const rank = severityRank(s.severity);
    if (rank > this.worst) this.worst = rank;
    this.timeline.signal(s.time);
    if (this.signals.length < this.limits.maxSignals) this.signals.push(s);
    else this.signalsOmitted++;
    const key = `${s.detector}\u0000${s.key ?? ''}`;
    const g = this.groups.get(key);
    if (g === undefined) {
      this.groups.set(key, { detector: s.detector, kind: s.kind, key: s.key, severity: s.severity, count: 1, first: s.time, last: s.time, message: s.message });
    } else {
      g.count++;
      if (s.time < g.first) g.first = s.time;
      if (s.time > g.last) g.last = s.time;
      if (rank > severityRank(g.severity)) g.severity = s.severity;
    }
    if (s.name === 'new_template' && s.key !== undefined && this.newTemplates.length < this.limits.maxNewTemplates) {
      this.newTemplates.push({ id: s.key, template: String(s.evidence.template ?? ''), count: Number(s.evidence.count ?? 1), firstSeen: s.time });
    }
    this.onSignal(s);
  }
}
