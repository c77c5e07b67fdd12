import type { SignalSeverity } from '../../core/signal.js';
import { severityRank } from '../../core/signal.js';
import type { ScanInput, SignalGroup, TemplateCount } from '../scan-report.js';
import { esc } from './html-escape.js';
import { formatBytes, formatCount, isoTime } from './report-format.js';
import { MAX_HOVER, recordHtml, severityBadge } from './signal-table.js';
import { SEVERITY_COLOURS } from './timeline-chart.js';

/** Rows shown in the groups table; the report is already capped, this bounds a hand-made one. */
const MAX_GROUP_ROWS = 1000;

/** Name of an input for people (`(stdin)` for `-`). */
export function inputName(name: string): string {
  return name === '-' ? '(stdin)' : name;
}

/** The inputs: name, format (with `+ gzip` when compressed), size, lines, records, bad lines, untimed records. */
export function inputsTable(inputs: readonly ScanInput[]): string {
  if (inputs.length === 0) return '<p class="empty">No inputs.</p>';
  const rows = inputs.map(
    (i) =>
      `<tr><td class="mono key">${esc(inputName(i.name), 200)}${i.warning === undefined ? '' : `<div class="warn">${esc(i.warning, 300)}</div>`}</td><td class="nowrap">${esc(i.format, 20)}${i.gzip ? ' + gzip' : ''}</td><td class="num nowrap">${formatBytes(i.bytes)}</td><td class="num">${formatCount(i.lines)}</td><td class="num">${formatCount(i.records)}</td><td class="num${i.badLines > 0 ? ' warn' : ''}">${formatCount(i.badLines)}</td><td class="num">${formatCount(i.untimed)}</td></tr>`,
  );
  return `<div class="scroll"><table class="inputs"><thead><tr><th>input</th><th>format</th><th class="num">size</th><th class="num">lines</th><th class="num">records</th><th class="num" title="lines that could not be read as the format">bad</th><th class="num" title="records without a timestamp of their own">untimed</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** Signals per detector as a bar list, most first; a bar takes the colour of the detector's highest severity in `groups`. */
export function detectorBars(byDetector: Readonly<Record<string, number>>, groups: readonly SignalGroup[]): string {
  const entries = Object.entries(byDetector)
    .filter((e) => e[1] > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (entries.length === 0) return '<p class="empty">No signals.</p>';
  const worst = new Map<string, SignalSeverity>();
  for (const g of groups) {
    const w = worst.get(g.detector);
    if (w === undefined || severityRank(g.severity) > severityRank(w)) worst.set(g.detector, g.severity);
  }
  const max = entries[0][1];
  const rows = entries.map(([d, c]) => {
    const sev = worst.get(d);
    const colour = sev ? SEVERITY_COLOURS[sev] : '#8fb3d9';
    return `<tr><td class="mono">${esc(d, 80)}</td><td class="num">${formatCount(c)}</td><td class="barcell"><div style="width:${Math.max(1.5, (c / max) * 100).toFixed(1)}%;background:${colour}"></div></td></tr>`;
  });
  return `<table class="bars">${rows.join('')}</table>`;
}

/** Groups shown at once; the others are in a collapsed list under the table (native `<details>`: works without JavaScript). */
const GROUPS_SHOWN = 20;

/**
 * Signal groups by detector and key: severity, detector, key, count, first and last time, first
 * message (clamped to three lines; the whole message is its hover title). The first
 * {@link GROUPS_SHOWN} groups show; the rest are one click away, so a long list does not make the
 * page tall.
 */
export function groupsTable(groups: readonly SignalGroup[]): string {
  if (groups.length === 0) return '<p class="empty">No signals.</p>';
  const rows = groups.slice(0, MAX_GROUP_ROWS).map(groupRow);
  const head =
    '<tr><th data-type="num">severity</th><th>detector</th><th>key</th><th class="num" data-type="num">count</th><th data-type="num">first (UTC)</th><th data-type="num">last (UTC)</th><th>first message</th></tr>';
  const more = groups.length > MAX_GROUP_ROWS ? `<p class="note">${formatCount(groups.length - MAX_GROUP_ROWS)} more groups not shown.</p>` : '';
  return collapsedTable(rows, GROUPS_SHOWN, 'groups', { id: 'groups', className: 'groups sortable', head }) + more;
}

/**
 * Rows as a table of which the first `shown` rows show, and the rest are in a second table of the
 * same columns inside a collapsed native `<details>` ("Show N more <noun>"; no script needed).
 */
function collapsedTable(rows: readonly string[], shown: number, noun: string, t: { id?: string; className: string; head: string }): string {
  const table = (id: string | undefined, body: readonly string[]) =>
    `<div class="scroll"><table${id ? ` id="${id}"` : ''} class="${t.className}"><thead>${t.head}</thead><tbody>${body.join('')}</tbody></table></div>`;
  const first = table(t.id, rows.slice(0, shown));
  return rows.length <= shown ? first : `${first}<details class="more"><summary>Show ${formatCount(rows.length - shown)} more ${noun}</summary>${table(undefined, rows.slice(shown))}</details>`;
}

function groupRow(g: SignalGroup): string {
  return `<tr><td data-v="${severityRank(g.severity)}">${severityBadge(g.severity)}</td><td class="mono">${esc(g.detector, 80)}<div class="kind">${esc(g.kind, 20)}</div></td><td class="mono key">${esc(g.key ?? '', 120)}</td><td class="num" data-v="${g.count}">${formatCount(g.count)}</td><td class="mono nowrap" data-v="${g.first}">${esc(isoTime(g.first))}</td><td class="mono nowrap" data-v="${g.last}">${esc(isoTime(g.last))}</td><td class="msg" title="${esc(g.message, MAX_HOVER)}"><div class="clamp">${esc(g.message, 300)}</div>${recordHtml(g.record)}</td></tr>`;
}

/** Templates shown at once per table; the others are one click away. */
const TEMPLATES_SHOWN = 15;

/** Templates with id, count, first seen (UTC) and the template text (clamped to three lines, whole in its hover title). */
export function templateTable(rows: readonly TemplateCount[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const body = rows.map(
    (r) =>
      `<tr><td class="mono">${esc(r.id, 24)}</td><td class="num">${formatCount(r.count)}</td><td class="mono nowrap">${esc(isoTime(r.firstSeen))}</td><td class="mono tpl" title="${esc(r.template, MAX_HOVER)}"><div class="clamp">${esc(r.template, 300)}</div></td></tr>`,
  );
  return collapsedTable(body, TEMPLATES_SHOWN, 'templates', { className: 'templates', head: '<tr><th>id</th><th class="num">count</th><th>first seen (UTC)</th><th>template</th></tr>' });
}
