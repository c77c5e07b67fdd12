import type { EvidenceValue, Signal, SignalRecord, SignalSeverity } from '../../core/signal.js';
import { severityRank } from '../../core/signal.js';
import { esc } from './html-escape.js';
import { formatCount, isoTime } from './report-format.js';
import { SEVERITIES_DESC, SEVERITY_COLOURS } from './timeline-chart.js';

/** Evidence entries shown per signal; the rest are counted. */
const MAX_EVIDENCE_KEYS = 16;
/** Longest evidence value shown (characters). */
const MAX_EVIDENCE_VALUE = 160;
/** Longest hover title (the whole of a clamped message or a long evidence value), characters. */
export const MAX_HOVER = 500;
/** Evidence values longer than this get a hover title (shorter ones always show whole). */
const HOVER_MIN_VALUE = 40;
/** Longest signal message shown (characters). */
const MAX_MESSAGE = 400;

/** A severity as a coloured badge, labelled with the severity or `label`. */
export function severityBadge(s: SignalSeverity, label: string = s): string {
  return `<span class="badge" style="background:${SEVERITY_COLOURS[s] ?? '#667085'}">${esc(label, 40)}</span>`;
}

/** Signals listed open; a longer list starts collapsed (the groups above summarise it). */
export const SIGNALS_OPEN_MAX = 50;

/**
 * The signals table: time (UTC), severity badge, detector, key, message (clamped to three lines,
 * whole in its hover title) and the evidence as `key=value` chips that never break inside a word,
 * with a text filter and severity check boxes above it (used by the page's script; without
 * JavaScript every row shows). Columns sort on a click (`data-v` holds the sort value). More than
 * {@link SIGNALS_OPEN_MAX} signals start collapsed in a native `<details>` (one click opens them).
 */
export function signalTable(signals: readonly Signal[]): string {
  if (signals.length === 0) return '<p class="empty">No signals: no detector fired on these records.</p>';
  const h: string[] = [];
  h.push(
    `<details class="signals"${signals.length <= SIGNALS_OPEN_MAX ? ' open' : ''}><summary>${signals.length <= SIGNALS_OPEN_MAX ? 'Every signal' : `Show all ${formatCount(signals.length)} signals`}</summary>`,
  );
  h.push('<div class="filters"><input id="filter" type="search" placeholder="Filter signals: detector, key, message, evidence" aria-label="filter signals">');
  for (const s of SEVERITIES_DESC) h.push(`<label><input type="checkbox" class="sev" value="${s}" checked> <span class="dot" style="background:${SEVERITY_COLOURS[s]}"></span>${s}</label>`);
  h.push('<span id="shown" class="note"></span></div>');
  h.push(
    '<div class="scroll"><table id="signals" class="sortable"><thead><tr><th data-type="num">time (UTC)</th><th data-type="num">severity</th><th>detector</th><th>key</th><th>message</th><th>evidence</th></tr></thead><tbody>',
  );
  for (const s of signals) {
    const rank = severityRank(s.severity);
    const repeats = s.suppressed ? ` <small class="note">(+${formatCount(s.suppressed)} repeats suppressed)</small>` : '';
    h.push(
      `<tr data-severity="${esc(s.severity, 20)}"><td class="mono nowrap" data-v="${Number.isFinite(s.time) ? s.time : ''}">${esc(isoTime(s.time))}</td><td data-v="${rank}">${severityBadge(s.severity)}</td><td class="mono">${esc(s.detector, 80)}<div class="kind">${esc(s.kind, 20)}</div></td><td class="mono key">${esc(s.key ?? '', 120)}</td><td class="msg" title="${esc(s.message, MAX_HOVER)}"><div class="clamp">${esc(s.message, MAX_MESSAGE)}${repeats}</div>${recordHtml(s.record)}</td><td class="ev">${evidenceHtml(s.evidence)}</td></tr>`,
    );
  }
  h.push('</tbody></table></div></details>');
  return h.join('');
}

/** The record behind a signal, with where it was read (`app.log:58`); '' when unknown. */
export function recordHtml(r: SignalRecord | undefined): string {
  if (r === undefined) return '';
  const at = r.file === undefined ? '' : `${r.file === '-' ? '(stdin)' : r.file}${r.line === undefined ? '' : `:${r.line}`}`;
  return `<div class="record mono">${at === '' ? '' : `<span class="loc">${esc(at, 200)}</span> `}${esc(r.text, 500)}</div>`;
}

/**
 * Evidence as `key=value` chips (each on one line; a long value ends in an ellipsis, whole in the
 * chip's hover title): numbers rounded to 4 decimals, lists joined with `, `, everything escaped and cut.
 */
export function evidenceHtml(evidence: Readonly<Record<string, EvidenceValue>> | undefined): string {
  if (evidence === null || typeof evidence !== 'object') return '';
  const keys = Object.keys(evidence);
  const parts: string[] = [];
  for (const k of keys.slice(0, MAX_EVIDENCE_KEYS)) {
    const text = evidenceText(evidence[k]);
    const title = text.length > HOVER_MIN_VALUE ? ` title="${esc(`${k}=${text}`, MAX_HOVER)}"` : '';
    parts.push(`<span${title}><b>${esc(k, 60)}</b>=${esc(text, MAX_EVIDENCE_VALUE)}</span>`);
  }
  if (keys.length > MAX_EVIDENCE_KEYS) parts.push(`<span class="note">+${keys.length - MAX_EVIDENCE_KEYS} more</span>`);
  return parts.join(' ');
}

function evidenceText(v: EvidenceValue): string {
  if (Array.isArray(v)) return v.slice(0, 50).map(String).join(', ') + (v.length > 50 ? `, … (${v.length})` : '');
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 10_000) / 10_000);
  return String(v);
}
