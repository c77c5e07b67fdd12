import { createHash } from 'node:crypto';
import type { EvidenceValue, SignalSeverity } from '../../core/signal.js';
import type { ScanReport, TemplateCount } from '../scan-report.js';
import { esc } from './html-escape.js';
import { REPORT_SCRIPT, REPORT_STYLE } from './report-assets.js';
import { SEVERITY_COLOURS, timelineChart } from './timeline-chart.js';

const SEVERITIES: SignalSeverity[] = ['critical', 'high', 'medium', 'low'];
/** Only this exact script may run (its hash is in the page's Content-Security-Policy). */
const SCRIPT_HASH = createHash('sha256').update(REPORT_SCRIPT).digest('base64');

/**
 * A scan report as one self-contained HTML page (no network at view time: inline CSS and SVG, a
 * small inline script for filtering the signal table; a Content-Security-Policy allows that script
 * by its hash and forbids everything else: no other script, no network). Everything that comes from the logs is escaped. Deterministic for a given report.
 */
export function renderHtmlReport(report: ScanReport): string {
  const t = report.totals;
  const n = (x: number) => x.toLocaleString('en-US');
  const span = report.timeSpan;
  const title = `logsignal report: ${report.inputs.map((i) => (i.name === '-' ? 'stdin' : i.name)).join(', ') || 'no input'}`;
  const h: string[] = [];
  h.push('<!doctype html><html lang="en"><head><meta charset="utf-8">');
  h.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:">`);
  h.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  h.push(`<title>${esc(title, 200)}</title><style>${REPORT_STYLE}</style></head><body>`);
  h.push(`<header><h1>logsignal <span>scan report</span></h1><p class="meta">${esc(report.inputs.map((i) => (i.name === '-' ? '(stdin)' : i.name)).join(' · ') || 'no input', 400)}</p>`);
  h.push(`<p class="meta">${span ? `${esc(iso(span.start))} → ${esc(iso(span.end))} (UTC)` : 'no records'} · preset <b>${esc(report.config.preset)}</b> · generated ${esc(iso(Date.parse(report.generatedAt)))} by logsignal ${esc(report.tool.version)}</p></header>`);
  h.push('<section class="cards">');
  h.push(card('records', n(t.records), `${n(t.lines)} lines${t.badLines ? `, ${n(t.badLines)} bad` : ''}`));
  h.push(card('errors', n(t.errors), t.records ? `${((t.errors / t.records) * 100).toFixed(2)}% at ERROR or above` : ''));
  h.push(card('signals', n(t.signals), SEVERITIES.filter((s) => t.bySeverity[s] > 0).map((s) => `${n(t.bySeverity[s])} ${s}`).join(' · ') || 'none'));
  h.push(card('templates', report.templates ? n(report.templates.total) : '–', report.templates ? `${n(report.templates.new.length)} new after warm-up` : 'not mined'));
  h.push('</section>');

  h.push('<section><h2>Log volume over time</h2><div class="legend"><span class="lg-bar"></span>records <span class="lg-err"></span>errors <span class="lg-line"></span>error share (right axis)');
  for (const s of SEVERITIES) h.push(` <span class="lg-dot" style="background:${SEVERITY_COLOURS[s]}"></span>${s}`);
  h.push(` signal</div>${timelineChart(report)}</section>`);

  h.push('<section class="two"><div><h2>Signals by detector</h2>');
  const byDetector = Object.entries(t.byDetector).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (byDetector.length === 0) h.push('<p class="empty">No signals.</p>');
  else {
    const max = byDetector[0][1];
    h.push('<table class="bars">');
    for (const [d, c] of byDetector) h.push(`<tr><td>${esc(d, 80)}</td><td class="num">${n(c)}</td><td class="barcell"><div style="width:${Math.max(2, (c / max) * 100).toFixed(1)}%"></div></td></tr>`);
    h.push('</table>');
  }
  h.push('</div><div><h2>Inputs</h2><table><thead><tr><th>input</th><th>format</th><th class="num">lines</th><th class="num">records</th><th class="num">bad</th><th class="num">untimed</th></tr></thead><tbody>');
  for (const i of report.inputs) h.push(`<tr><td class="mono">${esc(i.name === '-' ? '(stdin)' : i.name, 120)}</td><td>${esc(i.format)}${i.gzip ? ' (gzip)' : ''}</td><td class="num">${n(i.lines)}</td><td class="num">${n(i.records)}</td><td class="num">${n(i.badLines)}</td><td class="num">${n(i.untimed)}</td></tr>`);
  h.push('</tbody></table></div></section>');

  h.push('<section><h2>Signal groups <small>by detector and key</small></h2>');
  if (report.groups.length === 0) h.push('<p class="empty">No signals.</p>');
  else {
    h.push('<table><thead><tr><th>severity</th><th>detector</th><th>key</th><th class="num">count</th><th>first</th><th>last</th><th>message</th></tr></thead><tbody>');
    for (const g of report.groups.slice(0, 200)) {
      h.push(`<tr><td>${badge(g.severity)}</td><td class="mono">${esc(g.detector, 80)}</td><td class="mono">${esc(g.key ?? '', 80)}</td><td class="num">${n(g.count)}</td><td class="mono nowrap">${esc(iso(g.first))}</td><td class="mono nowrap">${esc(iso(g.last))}</td><td>${esc(g.message, 300)}</td></tr>`);
    }
    h.push('</tbody></table>');
    if (report.groups.length > 200) h.push(`<p class="note">${n(report.groups.length - 200)} more groups not shown.</p>`);
  }
  h.push('</section>');

  h.push(`<section><h2>Signals <small>${n(report.signals.length)} shown${report.signalsOmitted ? `, ${n(report.signalsOmitted)} more not kept` : ''}</small></h2>`);
  if (report.signals.length === 0) h.push('<p class="empty">No signals.</p>');
  else {
    h.push('<div class="filters"><input id="filter" type="search" placeholder="filter signals (detector, key, message, evidence)" aria-label="filter signals">');
    for (const s of SEVERITIES) h.push(`<label><input type="checkbox" class="sev" value="${s}" checked> ${s}</label>`);
    h.push('</div><table id="signals"><thead><tr><th>time (UTC)</th><th>severity</th><th>detector</th><th>key</th><th>message</th><th>evidence</th></tr></thead><tbody>');
    for (const s of report.signals) {
      h.push(`<tr data-severity="${s.severity}"><td class="mono nowrap">${esc(iso(s.time))}</td><td>${badge(s.severity)}</td><td class="mono">${esc(s.detector, 80)}</td><td class="mono">${esc(s.key ?? '', 80)}</td><td>${esc(s.message, 400)}${s.suppressed ? ` <small>(+${n(s.suppressed)} repeats)</small>` : ''}</td><td class="ev">${evidence(s.evidence)}</td></tr>`);
    }
    h.push('</tbody></table>');
  }
  h.push('</section>');

  if (report.templates !== null) {
    h.push('<section class="two"><div><h2>Top templates</h2>');
    h.push(templateTable(report.templates.top, 'No templates.'));
    h.push('</div><div><h2>New templates <small>after warm-up</small></h2>');
    h.push(templateTable(report.templates.new, 'No new templates after warm-up.'));
    h.push('</div></section>');
  }
  h.push(`<footer>Detectors: ${esc(report.config.detectors.join(', '), 2000)}. Times are record times in UTC. Generated by logsignal ${esc(report.tool.version)}.</footer>`);
  h.push(`<script>${REPORT_SCRIPT}</script></body></html>\n`);
  return h.join('');
}

function card(label: string, value: string, sub: string): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="sub">${esc(sub, 200)}</div></div>`;
}

function badge(s: SignalSeverity): string {
  return `<span class="badge" style="background:${SEVERITY_COLOURS[s]}">${esc(s)}</span>`;
}

function evidence(e: Record<string, EvidenceValue>): string {
  const parts: string[] = [];
  for (const k of Object.keys(e).slice(0, 24)) {
    const v = e[k];
    const text = Array.isArray(v) ? v.join(', ') : typeof v === 'number' ? String(Math.round(v * 10000) / 10000) : String(v);
    parts.push(`<span><b>${esc(k, 60)}</b>=${esc(text, 160)}</span>`);
  }
  return parts.join(' ');
}

function templateTable(rows: readonly TemplateCount[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const n = (x: number) => x.toLocaleString('en-US');
  const body = rows.map((r) => `<tr><td class="mono">${esc(r.id, 20)}</td><td class="num">${n(r.count)}</td><td class="mono nowrap">${Number.isFinite(r.firstSeen) ? esc(iso(r.firstSeen)) : ''}</td><td class="mono tpl">${esc(r.template, 300)}</td></tr>`);
  return `<table><thead><tr><th>id</th><th class="num">count</th><th>first seen</th><th>template</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : '';
}
