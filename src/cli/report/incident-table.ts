import type { Incident } from '../../incidents/incident-grouper.js';
import { esc } from './html-escape.js';
import { formatCount, formatSpan, isoTime } from './report-format.js';
import { severityBadge } from './signal-table.js';

/** Most incidents shown in the report's table (the JSON report has them all). */
const MAX_ROWS = 200;

/**
 * The incidents table of the HTML report: when (UTC) and how long, severity, service, the detectors
 * with their signal counts, and the first line (file:line and text). Everything from the logs is
 * escaped and cut.
 */
export function incidentTable(incidents: readonly Incident[] | undefined): string {
  if (incidents === undefined || incidents.length === 0) return '<p class="empty">No incidents: no signals.</p>';
  const h: string[] = [
    '<div class="scroll"><table id="incidents"><thead><tr><th>incident</th><th>start (UTC)</th><th>length</th><th>severity</th><th>service</th><th>detectors</th><th>first line</th></tr></thead><tbody>',
  ];
  for (const i of incidents.slice(0, MAX_ROWS)) {
    const dets = Object.entries(i.detectors)
      .map(([d, n]) => `${esc(d, 80)} <b>${formatCount(n)}</b>`)
      .join('<br>');
    const r = i.firstRecord;
    const where = r === undefined ? '' : `${r.file !== undefined ? esc(r.file, 120) : ''}${r.line !== undefined ? `:${r.line}` : ''}`;
    const first = r === undefined ? esc(i.message, 300) : `<span class="mono">${where}</span> ${esc(r.text, 300)}`;
    h.push(
      `<tr><td class="mono">${esc(i.id, 20)}</td><td class="mono nowrap">${esc(isoTime(i.start))}</td><td class="nowrap">${esc(formatSpan(i.end - i.start))}</td><td>${severityBadge(i.severity)}</td><td class="mono">${esc(i.service, 120)}</td><td class="mono">${dets}</td><td class="msg">${first}</td></tr>`,
    );
  }
  h.push('</tbody></table></div>');
  if (incidents.length > MAX_ROWS) h.push(`<p class="note">and ${formatCount(incidents.length - MAX_ROWS)} more in the JSON report</p>`);
  return h.join('');
}
