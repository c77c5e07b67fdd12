import type { Signal, SignalSeverity } from '../../core/signal.js';
import type { ScanReport } from '../scan-report.js';
import { esc } from './html-escape.js';

/** Colours of the severities, shared by the chart and the badges. */
export const SEVERITY_COLOURS: Record<SignalSeverity, string> = { low: '#3b82c4', medium: '#d99a00', high: '#d9480f', critical: '#a10d3a' };

const W = 1160;
const H = 260;
const PAD = { left: 56, right: 56, top: 30, bottom: 40 };
const MAX_MARKERS = 400;

/**
 * The volume chart as an inline SVG string: records per bucket (bars: errors stacked in red on the
 * rest), the error share as a line on the right axis, and signals as markers above the bars coloured
 * by severity (a title on each gives the message). Times in UTC.
 */
export function timelineChart(report: ScanReport): string {
  const buckets = report.timeline.buckets;
  if (buckets.length === 0) return '<p class="empty">No records.</p>';
  const bucketMs = report.timeline.bucketMs;
  const t0 = buckets[0].start;
  const t1 = buckets[buckets.length - 1].start + bucketMs;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const maxRecords = Math.max(1, ...buckets.map((b) => b.records));
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / maxRecords) * plotH;
  const barW = Math.max(1, plotW / buckets.length - (buckets.length > 150 ? 0 : 1));
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Log volume over time" xmlns="http://www.w3.org/2000/svg">`);
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const gy = PAD.top + plotH - f * plotH;
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${gy.toFixed(1)}" y2="${gy.toFixed(1)}"/>`);
    parts.push(`<text class="axis" x="${PAD.left - 6}" y="${(gy + 4).toFixed(1)}" text-anchor="end">${compact(f * maxRecords)}</text>`);
    parts.push(`<text class="axis share" x="${W - PAD.right + 6}" y="${(gy + 4).toFixed(1)}">${Math.round(f * 100)}%</text>`);
  }
  for (const b of buckets) {
    if (b.records === 0) continue;
    const bx = x(b.start).toFixed(1);
    const title = `<title>${esc(`${iso(b.start)}: ${b.records} records, ${b.errors} errors, ${b.signals} signals`)}</title>`;
    parts.push(`<rect class="bar" data-records="${b.records}" x="${bx}" y="${y(b.records).toFixed(1)}" width="${barW.toFixed(2)}" height="${(plotH - (y(b.records) - PAD.top)).toFixed(1)}">${title}</rect>`);
    if (b.errors > 0) parts.push(`<rect class="bar-error" x="${bx}" y="${y(b.errors).toFixed(1)}" width="${barW.toFixed(2)}" height="${(plotH - (y(b.errors) - PAD.top)).toFixed(1)}">${title}</rect>`);
  }
  // the error share, one polyline per run of non-empty buckets (no line across a gap)
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) parts.push(`<polyline class="share-line" points="${run.join(' ')}"/>`);
    run = [];
  };
  for (const b of buckets) {
    if (b.records === 0) flush();
    else run.push(`${(x(b.start) + barW / 2).toFixed(1)},${(PAD.top + plotH - (b.errors / b.records) * plotH).toFixed(1)}`);
  }
  flush();
  for (const s of markerSignals(report.signals)) {
    const mx = x(Math.min(Math.max(s.time, t0), t1)).toFixed(1);
    parts.push(`<circle class="marker" data-severity="${s.severity}" cx="${mx}" cy="14" r="5" fill="${SEVERITY_COLOURS[s.severity]}"><title>${esc(`${iso(s.time)} ${s.severity} ${s.detector}: ${s.message}`, 300)}</title></circle>`);
  }
  for (let k = 0; k <= 6; k++) {
    const t = t0 + ((t1 - t0) * k) / 6;
    parts.push(`<text class="axis" x="${x(t).toFixed(1)}" y="${H - PAD.bottom + 18}" text-anchor="${k === 0 ? 'start' : k === 6 ? 'end' : 'middle'}">${esc(tick(t, t1 - t0))}</text>`);
  }
  parts.push(`<text class="axis" x="${PAD.left}" y="${H - 4}">UTC · bucket ${esc(width(bucketMs))}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Signals drawn as markers: all, or the most severe when there are many. */
function markerSignals(signals: readonly Signal[]): readonly Signal[] {
  if (signals.length <= MAX_MARKERS) return signals;
  const order: SignalSeverity[] = ['critical', 'high', 'medium', 'low'];
  return [...signals].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity)).slice(0, MAX_MARKERS);
}

function compact(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (v >= 1e4) return `${Math.round(v / 1e3)}k`;
  return v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function tick(t: number, span: number): string {
  const s = iso(t);
  if (span <= 2 * 86_400_000) return s.slice(11, 19);
  if (span <= 120 * 86_400_000) return `${s.slice(5, 10)} ${s.slice(11, 16)}`;
  return s.slice(0, 10);
}

function width(ms: number): string {
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  if (ms < 86_400_000) return `${ms / 3_600_000} h`;
  return `${ms / 86_400_000} days`;
}
