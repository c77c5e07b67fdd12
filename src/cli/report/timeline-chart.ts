import type { Signal, SignalSeverity } from '../../core/signal.js';
import type { ScanReport } from '../scan-report.js';
import { esc } from './html-escape.js';
import { compactCount, formatBucket, formatCount, isoTime } from './report-format.js';

/** Colours of the severities, shared by the chart, the badges and the legend. */
export const SEVERITY_COLOURS: Record<SignalSeverity, string> = { low: '#3b82c4', medium: '#c98a00', high: '#d9480f', critical: '#a10d3a' };

/** Severities from the most to the least serious: the order of the marker lanes and of the tables. */
export const SEVERITIES_DESC: readonly SignalSeverity[] = ['critical', 'high', 'medium', 'low'];

const W = 1160;
const LANE_H = 13;
const PAD = { left: 64, right: 56, top: 10 + SEVERITIES_DESC.length * LANE_H + 18, bottom: 44 };
const H = PAD.top + 200 + PAD.bottom;
/** Signals closer than this (px) in one severity lane share a marker, so the marker count is bounded by the chart width. */
const MARKER_CELL = 6;
/**
 * Records a bucket needs for its error share to be drawn: below that one record swings the share
 * between 0% and 100%, and a sparse log's line would be noise.
 */
export const MIN_SHARE_RECORDS = 5;
/** Messages listed in a marker's hover title; the rest are counted. */
const TITLE_SIGNALS = 6;

/**
 * The volume chart as an inline SVG string (drawn here, so it shows without JavaScript and prints):
 * records per bucket as bars with the errors stacked in red, the error share as a line on the right
 * axis (for buckets of at least {@link MIN_SHARE_RECORDS} records), and the signals as markers in one lane per severity above the bars, at their time and coloured
 * by severity. Signals within a few pixels of each other in a lane share a marker (`data-count`); its
 * hover title lists their times and messages. Times in UTC. A paragraph instead when there is no record.
 */
export function timelineChart(report: ScanReport): string {
  const buckets = report.timeline.buckets;
  if (buckets.length === 0) return '<p class="empty">No records with a time: nothing to chart.</p>';
  const bucketMs = report.timeline.bucketMs > 0 && Number.isFinite(report.timeline.bucketMs) ? report.timeline.bucketMs : 1000;
  const t0 = buckets[0].start;
  const t1 = Math.max(buckets[buckets.length - 1].start + bucketMs, t0 + bucketMs);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const maxRecords = niceMax(Math.max(1, ...buckets.map((b) => b.records)));
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / maxRecords) * plotH;
  const slot = plotW / buckets.length;
  const barW = Math.max(0.6, slot - (slot > 4 ? Math.min(2, slot * 0.2) : 0));
  const p: string[] = [];
  p.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Log volume over time (UTC), with signals" xmlns="http://www.w3.org/2000/svg">`);
  // severity lanes
  SEVERITIES_DESC.forEach((s, i) => {
    const ly = laneY(i);
    p.push(`<line class="lane" x1="${PAD.left}" x2="${W - PAD.right}" y1="${ly}" y2="${ly}"/><text class="axis lane-label" x="${PAD.left - 8}" y="${ly + 3.5}" text-anchor="end">${s}</text>`);
  });
  // grid and both value axes
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const gy = (PAD.top + plotH - f * plotH).toFixed(1);
    p.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${gy}" y2="${gy}"/>`);
    p.push(`<text class="axis" x="${PAD.left - 8}" y="${(Number(gy) + 4).toFixed(1)}" text-anchor="end">${compactCount(f * maxRecords)}</text>`);
    p.push(`<text class="axis share" x="${W - PAD.right + 8}" y="${(Number(gy) + 4).toFixed(1)}">${Math.round(f * 100)}%</text>`);
  }
  // bars: records, errors stacked at the bottom
  for (const b of buckets) {
    if (!(b.records > 0)) continue;
    const bx = x(b.start).toFixed(2);
    const title = `<title>${esc(`${isoTime(b.start)} (+${formatBucket(bucketMs)}): ${formatCount(b.records)} records, ${formatCount(b.errors)} errors, ${formatCount(b.signals)} signals`)}</title>`;
    p.push(
      `<rect class="bar" data-records="${b.records}" x="${bx}" y="${y(b.records).toFixed(1)}" width="${barW.toFixed(2)}" height="${((b.records / maxRecords) * plotH).toFixed(1)}">${title}</rect>`,
    );
    if (b.errors > 0)
      p.push(`<rect class="bar-error" x="${bx}" y="${y(b.errors).toFixed(1)}" width="${barW.toFixed(2)}" height="${Math.max(1, (b.errors / maxRecords) * plotH).toFixed(1)}">${title}</rect>`);
  }
  // the error share, one polyline per run of buckets with enough records (no line across a gap); a dot for a lone bucket
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) p.push(`<polyline class="share-line" points="${run.join(' ')}"/>`);
    else if (run.length === 1) {
      const [cx, cy] = run[0].split(',');
      p.push(`<circle class="share-dot" cx="${cx}" cy="${cy}" r="2.5"/>`);
    }
    run = [];
  };
  for (const b of buckets) {
    if (!(b.records >= MIN_SHARE_RECORDS)) flush();
    else run.push(`${(x(b.start) + barW / 2).toFixed(1)},${(PAD.top + plotH - Math.min(1, b.errors / b.records) * plotH).toFixed(1)}`);
  }
  flush();
  p.push(`<line class="baseline" x1="${PAD.left}" x2="${W - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>`);
  // signal markers
  for (const m of markers(report.signals, (t) => x(Math.min(Math.max(t, t0), t1)))) {
    const lines = m.signals.slice(0, TITLE_SIGNALS).map((s) => `${isoTime(s.time)} ${s.severity} ${s.detector}${s.key ? ` [${s.key}]` : ''}: ${s.message}`.slice(0, 240));
    if (m.signals.length > TITLE_SIGNALS) lines.push(`… and ${formatCount(m.signals.length - TITLE_SIGNALS)} more`);
    const head = m.signals.length > 1 ? `${formatCount(m.signals.length)} ${m.severity} signals\n` : '';
    const r = m.signals.length > 1 ? 5.5 : 4.5;
    p.push(
      `<circle class="marker" data-severity="${m.severity}" data-count="${m.signals.length}" cx="${m.x.toFixed(1)}" cy="${laneY(m.lane)}" r="${r}" fill="${SEVERITY_COLOURS[m.severity]}"><title>${esc(head + lines.join('\n'), 2000)}</title></circle>`,
    );
  }
  // time axis
  const ticks = t1 - t0 <= bucketMs ? 1 : 6;
  for (let k = 0; k <= ticks; k++) {
    const t = t0 + ((t1 - t0) * k) / ticks;
    const tx = x(t).toFixed(1);
    p.push(`<line class="tick" x1="${tx}" x2="${tx}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH + 4}"/>`);
    p.push(`<text class="axis" x="${tx}" y="${H - PAD.bottom + 18}" text-anchor="${k === 0 ? 'start' : k === ticks ? 'end' : 'middle'}">${esc(tickLabel(t, t1 - t0))}</text>`);
  }
  p.push(`<text class="axis caption" x="${PAD.left}" y="${H - 6}">time in UTC · one bar per ${esc(formatBucket(bucketMs))}${dateCaption(t0, t1)}</text>`);
  p.push(`<text class="axis caption" x="${W - PAD.right}" y="${H - 6}" text-anchor="end">records (left axis) · error share of buckets with ${MIN_SHARE_RECORDS}+ records (right axis)</text>`);
  p.push('</svg>');
  return p.join('');
}

interface Marker {
  x: number;
  lane: number;
  severity: SignalSeverity;
  signals: Signal[];
}

/** Signals merged into markers by severity lane and `MARKER_CELL`-pixel cell, in lane then time order. */
function markers(signals: readonly Signal[], xOf: (t: number) => number): Marker[] {
  const cells = new Map<number, Marker>();
  for (const s of signals) {
    const lane = SEVERITIES_DESC.indexOf(s.severity);
    if (lane < 0 || !Number.isFinite(s.time)) continue;
    const sx = xOf(s.time);
    const key = lane * 100_000 + Math.floor(sx / MARKER_CELL);
    const m = cells.get(key);
    if (m === undefined) cells.set(key, { x: sx, lane, severity: s.severity, signals: [s] });
    else m.signals.push(s);
  }
  return [...cells.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

function laneY(i: number): number {
  return 10 + i * LANE_H + LANE_H / 2;
}

/** The axis top, at least 4 and `v`, chosen so its quarters are round numbers (1.2, 1.6, 2, 4, 6, 8 or 10 times a power of ten). */
function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(4, v)));
  for (const m of [1.2, 1.6, 2, 4, 6, 8]) if (m * p >= v && m * p >= 4) return m * p;
  return 10 * p;
}

function tickLabel(t: number, span: number): string {
  const s = isoTime(t);
  if (span <= 86_400_000) return s.slice(11, 19);
  if (span <= 120 * 86_400_000) return `${s.slice(5, 10)} ${s.slice(11, 16)}`;
  return s.slice(0, 10);
}

/** The date for time-of-day tick labels (` · 2026-11-24`), or both dates when the day changes. */
function dateCaption(t0: number, t1: number): string {
  if (t1 - t0 > 86_400_000) return '';
  const a = isoTime(t0).slice(0, 10);
  const b = isoTime(t1 - 1).slice(0, 10);
  return ` · ${a === b ? a : `${a} – ${b}`}`;
}
