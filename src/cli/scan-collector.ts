import type { Detector } from '../core/detector.js';
import type { Duration } from '../core/duration.js';
import { BoundedMap } from '../core/bounded-map.js';
import type { LogEvent } from '../core/log-event.js';
import { SEVERITY } from '../core/severity.js';
import { type Signal, type SignalSeverity, severityRank } from '../core/signal.js';
import { IncidentGrouper } from '../incidents/incident-grouper.js';
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
  pipeline!: Pipeline;
  readonly timeline = new Timeline();
  private readonly groups: BoundedMap<string, SignalGroup>;
  private readonly incidents = new IncidentGrouper();
  private readonly signals: Signal[] = [];
  private signalsOmitted = 0;
  private readonly bySeverity: Record<SignalSeverity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  private readonly byDetector: Record<string, number> = {};
  private miner: TemplateMiner | undefined;
  private firstSeen!: BoundedMap<string, number>;
  private newTemplates: TemplateCount[] = [];
  /** Templates of the streams already finished (see {@link startStream}). */
  private readonly pastTemplates = { total: 0, top: [] as TemplateCount[], new: [] as TemplateCount[] };
  private records = 0;
  private errors = 0;
  private first = Infinity;
  private last = -Infinity;
  private streamLast = -Infinity;
  /** Counts streams: groups are per stream (template ids, keys of one log are not another's). */
  private stream = -1;
  private worst = -1;

  /** @param cooldown the pipeline's cooldown (default `'10s'`) */
  constructor(
    detectors: readonly Detector[],
    private readonly onSignal: (s: Signal) => void,
    private readonly cooldown?: Duration,
    private readonly limits: CollectorLimits = COLLECTOR_DEFAULTS,
  ) {
    this.groups = new BoundedMap(limits.maxGroups);
    this.watchWith(detectors);
  }

  /**
   * Ends the current stream (its detectors flushed at its last record) and analyses what follows
   * with these detectors: another log, with state of its own. The report covers every stream.
   */
  startStream(detectors: readonly Detector[]): void {
    this.finish();
    this.pastTemplates.total += this.miner?.size ?? 0;
    const t = this.templateCounts();
    if (t !== null) {
      this.pastTemplates.top.push(...t.top);
      this.pastTemplates.new.push(...t.new);
    }
    this.watchWith(detectors);
  }

  private watchWith(detectors: readonly Detector[]): void {
    this.stream++;
    this.streamLast = -Infinity;
    this.pipeline = new Pipeline({ detectors, cooldown: this.cooldown, clock: () => (Number.isFinite(this.streamLast) ? this.streamLast : 0), onSignal: (s) => this.collect(s) });
    this.miner = this.pipeline.miner;
    this.firstSeen = new BoundedMap(this.miner?.maxClusters ?? 1);
    this.newTemplates = [];
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
    if (t > this.streamLast) this.streamLast = t;
    this.timeline.record(t, error);
    const r = this.pipeline.process(event);
    if (r.template?.isNew) this.firstSeen.set(r.template.id, t);
    return r;
  }

  /** Flush what detectors hold (open buckets, flood summaries) at the end of the input. */
  finish(): void {
    if (Number.isFinite(this.streamLast)) this.pipeline.tick(this.streamLast + 1);
  }

  /** The report of everything observed. */
  report(inputs: ScanInput[], preset: string, generatedAt: Date): ScanReport {
    const sum = (k: 'lines' | 'badLines') => inputs.reduce((a, i) => a + i[k], 0);
    const groups = [...this.groups.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.count - a.count || a.first - b.first);
    let templates = this.templateCounts();
    const past = this.pastTemplates;
    if (past.total > 0 || past.top.length > 0) {
      const top = [...past.top, ...(templates?.top ?? [])].sort((a, b) => b.count - a.count).slice(0, this.limits.topTemplates);
      const fresh = [...past.new, ...(templates?.new ?? [])].slice(0, this.limits.maxNewTemplates);
      templates = { total: past.total + (templates?.total ?? 0), top, new: fresh };
    }
    return {
      tool: { name: 'logsignal', version: VERSION },
      generatedAt: generatedAt.toISOString(),
      config: { preset, detectors: this.pipeline.list().map((d) => d.id) },
      inputs,
      totals: {
        lines: sum('lines'),
        records: this.records,
        badLines: sum('badLines'),
        errors: this.errors,
        signals: this.signals.length + this.signalsOmitted,
        bySeverity: { ...this.bySeverity },
        byDetector: { ...this.byDetector },
      },
      timeSpan: this.records > 0 ? { start: this.first, end: this.last } : null,
      timeline: { bucketMs: this.timeline.bucketMs, buckets: this.timeline.toJSON() },
      groups,
      signals: [...this.signals].sort((a, b) => a.time - b.time),
      signalsOmitted: this.signalsOmitted,
      templates,
      incidents: this.incidents.incidents(),
    };
  }

  /** Template statistics of the current stream's miner, null without one. */
  private templateCounts(): ScanReport['templates'] {
    const miner = this.miner;
    if (miner === undefined) return null;
    const top = miner
      .templates()
      .slice(0, this.limits.topTemplates)
      .map((t) => ({ id: t.id, template: t.template, count: t.count, firstSeen: this.firstSeen.peek(t.id) ?? NaN }));
    const fresh = this.newTemplates.map((t) => ({ ...t, count: miner.get(t.id)?.count ?? t.count }));
    return { total: miner.size, top, new: fresh };
  }

  private collect(s: Signal): void {
    this.bySeverity[s.severity]++;
    this.byDetector[s.detector] = (this.byDetector[s.detector] ?? 0) + 1;
    const rank = severityRank(s.severity);
    if (rank > this.worst) this.worst = rank;
    this.timeline.signal(s.time);
    this.incidents.add(s);
    if (this.signals.length < this.limits.maxSignals) this.signals.push(s);
    else this.signalsOmitted++;
    const key = `${this.stream}\u0000${s.detector}\u0000${s.key ?? ''}`;
    const g = this.groups.get(key);
    if (g === undefined) {
      this.groups.set(key, {
        detector: s.detector,
        kind: s.kind,
        key: s.key,
        severity: s.severity,
        count: 1,
        first: s.time,
        last: s.time,
        message: s.message,
        ...(s.record === undefined ? {} : { record: s.record }),
      });
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
