import type { SignalSeverity } from '../core/signal.js';
import type { InputResult } from './input-scanner.js';
import type { ScanReport } from './scan-report.js';

const SEVERITY_COLOUR: Record<SignalSeverity, string> = { low: '36', medium: '33', high: '31', critical: '1;31' };
const MAX_GROUP_ROWS = 30;
const MAX_TEMPLATE_ROWS = 10;
const MAX_INCIDENT_ROWS = 10;

/**
 * The human summary of a scan: inputs, time span, records and errors, signals grouped by detector
 * and key (most severe first), top templates and new ones. Colours only when `colour` is set (a
 * terminal, `NO_COLOR` unset). Deterministic for a given report.
 */
export function terminalSummary(report: ScanReport, inputs: readonly InputResult[], colour: boolean): string {
  const c = (code: string, s: string) => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  const n = (x: number) => x.toLocaleString('en-US');
  const out: string[] = [];
  const t = report.totals;
  const span = report.timeSpan;
  out.push(c('1', `logsignal scan: ${n(t.records)} records from ${inputs.length} input${inputs.length === 1 ? '' : 's'}, ${n(t.errors)} at ERROR or above`));
  if (span) out.push(`time span ${iso(span.start)} .. ${iso(span.end)} (${duration(span.end - span.start)})`);
  for (const i of inputs) {
    const name = i.name === '-' ? '(stdin)' : i.name;
    if (i.problem !== undefined && i.records === 0) {
      out.push(`  ${name}: ${c('31', i.problem)}`);
      continue;
    }
    const parts = [`${i.format}${i.gzip ? ', gzip' : ''}`, `${n(i.lines)} lines`, `${n(i.records)} records`];
    if (i.badLines > 0)
      parts.push(
        c('33', `${n(i.badLines)} bad (line ${i.badLineNumbers.join(', ')}${i.badLines > i.badLineNumbers.length ? ', ...' : ''})${i.badReason === undefined ? '' : `, first: ${i.badReason}`}`),
      );
    if (i.longLines > 0) parts.push(`${n(i.longLines)} cut at the line limit`);
    if (i.untimed > 0) parts.push(`${n(i.untimed)} without a timestamp${i.untimed === i.records ? ' (times from order: 1 ms per record)' : ''}`);
    if (i.outsideLayout) parts.push(`${n(i.outsideLayout)} outside the layout (read line by line)`);
    if (i.continuationLines) parts.push(`${n(i.continuationLines)} continuation lines joined to their records`);
    if (i.problem !== undefined) parts.push(c('31', i.problem));
    if (i.warning !== undefined) parts.push(c('33', `warning: ${i.warning}`));
    out.push(`  ${name}: ${parts.join(', ')}`);
    if (i.layout) out.push(`    layout: ${i.layout === 'unknown' ? 'none inferred (each line read on its own)' : i.layout}`);
  }
  out.push('');
  const sev = (['critical', 'high', 'medium', 'low'] as const).filter((s) => t.bySeverity[s] > 0).map((s) => `${s} ${n(t.bySeverity[s])}`);
  out.push(c('1', `Signals: ${n(t.signals)}${sev.length ? ` (${sev.join(', ')})` : ''}`));
  if (report.groups.length > 0) {
    const rows = report.groups.slice(0, MAX_GROUP_ROWS).map((g) => [g.severity, g.detector, g.key ?? '', n(g.count), iso(g.first), g.message]);
    const head = ['SEVERITY', 'DETECTOR', 'KEY', 'COUNT', 'FIRST', 'MESSAGE'];
    const width = head.map((h, k) => Math.min(k === 2 ? 24 : 40, Math.max(h.length, ...rows.map((r) => r[k].length))));
    const fmt = (r: string[], k: number) => (k === 3 ? r[k].padStart(width[k]) : clip(r[k], k === 5 ? 100 : width[k]).padEnd(k === 5 ? 0 : width[k]));
    out.push(`  ${head.map((_, k) => fmt(head, k)).join('  ')}`);
    rows.forEach((r, k) => {
      const line = r.map((_, k) => fmt(r, k));
      line[0] = c(SEVERITY_COLOUR[r[0] as SignalSeverity], line[0]);
      out.push(`  ${line.join('  ')}`.trimEnd());
      // the record behind the group's first signal, where it was read
      const rec = report.groups[k].record;
      if (rec !== undefined) out.push(c('2', `      ${recordLocation(rec)}${clip(rec.text, 120)}`));
    });
    if (report.groups.length > MAX_GROUP_ROWS) out.push(`  ... and ${n(report.groups.length - MAX_GROUP_ROWS)} more groups (see --report or --format jsonl)`);
  }
  const incidents = report.incidents ?? [];
  if (incidents.length > 0) {
    out.push('', c('1', `Incidents: ${n(incidents.length)}`));
    for (const i of incidents.slice(0, MAX_INCIDENT_ROWS)) {
      const dets = Object.entries(i.detectors)
        .map(([d, k]) => `${d} ${n(k)}`)
        .join(', ');
      const r = i.firstRecord;
      const where = r === undefined ? '' : `${r.file ?? ''}${r.line !== undefined ? `:${r.line}` : ''}`;
      out.push(
        `  ${i.id.padEnd(4)} ${c(SEVERITY_COLOUR[i.severity], i.severity.padEnd(8))} ${iso(i.start)} (${duration(i.end - i.start)})${i.service ? ` ${clip(i.service, 40)}` : ''}: ${clip(dets, 80)}`,
      );
      out.push(`       first: ${where ? `${clip(where, 60)} ` : ''}${clip(r?.text ?? i.message, 100)}`);
    }
    if (incidents.length > MAX_INCIDENT_ROWS) out.push(`  ... and ${n(incidents.length - MAX_INCIDENT_ROWS)} more (see --report or --json-report)`);
  }
  if (report.templates !== null && report.templates.total > 0) {
    out.push('', c('1', `Top templates (${n(report.templates.total)} in all):`));
    const top = report.templates.top.slice(0, MAX_TEMPLATE_ROWS);
    const w = Math.max(...top.map((x) => n(x.count).length));
    for (const x of top) out.push(`  ${n(x.count).padStart(w)}  ${x.id.padEnd(5)} ${clip(x.template, 110)}`);
    if (report.templates.new.length > 0) {
      out.push('', c('1', `New templates after warm-up: ${n(report.templates.new.length)}`));
      for (const x of report.templates.new.slice(0, MAX_TEMPLATE_ROWS)) out.push(`  ${iso(x.firstSeen)}  ${x.id.padEnd(5)} ${clip(x.template, 100)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** `app.log:12: ` (stdin as `(stdin)`), '' when the record's input is unknown. */
export function recordLocation(r: { file?: string; line?: number }): string {
  if (r.file === undefined) return '';
  return `${r.file === '-' ? '(stdin)' : r.file}${r.line === undefined ? '' : `:${r.line}`}: `;
}

/** ISO 8601 without milliseconds when they are zero. */
export function iso(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}

function clip(s: string, max: number): string {
  const one = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
