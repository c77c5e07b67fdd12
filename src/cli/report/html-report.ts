import { createHash } from 'node:crypto';
import type { ScanReport } from '../scan-report.js';
import { esc } from './html-escape.js';
import { REPORT_SCRIPT, REPORT_STYLE } from './report-assets.js';
import { formatCount, formatSpan, isoTime } from './report-format.js';
import { detectorBars, groupsTable, inputName, inputsTable, templateTable } from './report-tables.js';
import { incidentTable } from './incident-table.js';
import { severityBadge, signalTable } from './signal-table.js';
import { SEVERITIES_DESC, SEVERITY_COLOURS, timelineChart } from './timeline-chart.js';

/** Only this exact script may run: its hash is the page's Content-Security-Policy `script-src`. */
const SCRIPT_HASH = createHash('sha256').update(REPORT_SCRIPT).digest('base64');
/** No network and no plugins; inline CSS, the one script by hash, images only as `data:`. */
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

/**
 * A scan report as one self-contained HTML page for people (incident review, a CI artifact): a header
 * with the inputs, the time span and the totals by severity; the log volume over time with the error
 * share and the signals marked (inline SVG drawn here); signals per detector, the inputs, the signal
 * groups by detector and key, every kept signal with its evidence, and the top and new templates.
 *
 * Nothing is fetched when it is viewed: CSS and SVG are inline, and a Content-Security-Policy
 * (`default-src 'none'`) allows only the page's own small script (filter and sort the tables) by
 * its hash. Everything that comes from the logs is escaped and cut to a bounded length, so hostile
 * log content shows as text. The output depends on the report only (no wall clock): the same report
 * gives the same bytes.
 */
export function renderHtmlReport(report: ScanReport): string {
  const t = report.totals;
  const names = report.inputs.map((i) => cut(inputName(i.name), 80));
  const span = report.timeSpan;
  const h: string[] = [];
  h.push('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">');
  h.push(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
  h.push('<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">');
  h.push(`<meta name="generator" content="logsignal ${esc(report.tool.version, 40)}">`);
  h.push(`<title>${esc(`logsignal report: ${names.join(', ') || 'no input'}`, 200)}</title><style>${REPORT_STYLE}</style></head><body>`);

  // header
  h.push(
    `<header><div class="brand">logsignal scan report</div><h1>${esc(names.length === 0 ? 'no input' : names.length <= 3 ? names.join(' · ') : `${names.slice(0, 3).join(' · ')} and ${names.length - 3} more`, 300)}</h1><div class="facts">`,
  );
  h.push(
    span
      ? `<span>Time span <b>${esc(isoTime(span.start))}</b> → <b>${esc(isoTime(span.end))}</b> UTC (${esc(formatSpan(span.end - span.start))})</span>`
      : '<span>Time span <b>none</b> (no records with a time)</span>',
  );
  h.push(`<span>Preset <b>${esc(report.config.preset, 60)}</b></span><span>Detectors <b>${formatCount(report.config.detectors.length)}</b></span>`);
  h.push(`<span>Generated <b>${esc(isoTime(Date.parse(report.generatedAt)) || report.generatedAt, 40)}</b> by logsignal ${esc(report.tool.version, 40)}</span></div></header><main>`);

  // totals
  const errorShare = t.records > 0 ? `${formatShare(t.errors / t.records)} of records at ERROR or above` : 'no records';
  const sevs = SEVERITIES_DESC.filter((s) => t.bySeverity[s] > 0).map((s) => severityBadge(s, `${formatCount(t.bySeverity[s])} ${s}`));
  h.push('<section class="cards">');
  h.push(card('Records', formatCount(t.records), `${formatCount(t.lines)} lines${t.badLines ? ` · <span class="warn">${formatCount(t.badLines)} bad</span>` : ''}`));
  h.push(card('Errors', formatCount(t.errors), esc(errorShare)));
  h.push(card('Signals', formatCount(t.signals), sevs.length ? `<div class="sevs">${sevs.join('')}</div>` : 'none'));
  h.push(card('Templates', report.templates ? formatCount(report.templates.total) : '–', report.templates ? `${formatCount(report.templates.new.length)} new after warm-up` : 'no template miner ran'));
  h.push('</section>');

  // volume chart
  h.push(
    '<section><h2>Log volume over time <small>UTC</small></h2><div class="legend"><span><i style="background:var(--bar)"></i>records</span><span><i style="background:var(--err)"></i>errors (ERROR and above)</span><span><i class="l-line"></i>error share</span>',
  );
  for (const s of SEVERITIES_DESC) h.push(`<span><span class="dot" style="background:${SEVERITY_COLOURS[s]}"></span>${s} signal</span>`);
  h.push(`</div>${timelineChart(report)}</section>`);

  // per-detector counts and inputs
  h.push(`<section class="two"><div><h2>Signals by detector</h2>${detectorBars(t.byDetector, report.groups)}</div>`);
  h.push(`<div><h2>Inputs <small>${formatCount(report.inputs.length)}</small></h2>${inputsTable(report.inputs)}</div></section>`);

  // incidents, groups and signals
  h.push(`<section><h2>Incidents <small>signals of one service close in time, told once</small></h2>${incidentTable(report.incidents)}</section>`);
  h.push(`<section><h2>Signal groups <small>by detector and key, most severe first</small></h2>${groupsTable(report.groups)}</section>`);
  const omitted = report.signalsOmitted > 0 ? `, the first found; ${formatCount(report.signalsOmitted)} later ones not kept (the totals, groups and chart count them all)` : '';
  h.push(`<section><h2>Signals <small>${formatCount(report.signals.length)} shown${omitted}</small></h2>${signalTable(report.signals)}</section>`);

  // templates
  if (report.templates !== null) {
    h.push(`<section class="two"><div><h2>Top templates <small>${formatCount(report.templates.total)} in all</small></h2>${templateTable(report.templates.top, 'No templates.')}</div>`);
    h.push(`<div><h2>New templates <small>first seen after warm-up</small></h2>${templateTable(report.templates.new, 'No new templates after warm-up.')}</div></section>`);
  }

  h.push(
    `</main><footer>Detectors: ${esc(report.config.detectors.join(', ') || 'none', 2000)}.<br>Times are record times in UTC. Generated by logsignal ${esc(report.tool.version, 40)}; this file is self-contained and fetches nothing.</footer>`,
  );
  h.push(`<script>${REPORT_SCRIPT}</script></body></html>\n`);
  return h.join('');
}

/** A summary card; `sub` is HTML (callers escape what comes from the data). */
function card(label: string, value: string, sub: string): string {
  return `<div class="card"><div class="label">${label}</div><div class="value">${value}</div><div class="sub">${sub}</div></div>`;
}

/** `s` cut to `max` characters with an ellipsis (before escaping, so the page shows at most `max`). */
function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function formatShare(f: number): string {
  if (f === 0) return '0%';
  const pct = f * 100;
  return pct < 0.01 ? '<0.01%' : `${pct < 10 ? pct.toFixed(2) : pct.toFixed(1)}%`;
}
