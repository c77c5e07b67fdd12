import { formatDuration } from '../core/duration.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import type { GroupReason, TemplateGroups } from './template-groups.js';

/**
 * Turn a rule's signal for `event` into the signal of its template group (see {@link TemplateGroups}):
 * key = template id; evidence gains `templateId`, `template`, `group` (first, regression, returned),
 * `repeats` (matches counted into the group since its last signal) and `occurrences`; the message
 * says why the group fired.
 */
export function groupSignal(signal: Signal, event: LogEvent, reason: GroupReason, groups: TemplateGroups): Signal {
  const t = event.template!;
  signal.key = t.id;
  const e = signal.evidence;
  e.templateId = t.id;
  e.template = t.template.length > 300 ? `${t.template.slice(0, 299)}…` : t.template;
  e.group = reason;
  e.repeats = groups.repeats;
  e.occurrences = groups.total;
  if (groups.foldedGroups > 0) e.foldedGroups = groups.foldedGroups;
  let why: string;
  if (reason === 'first') why = `first of template ${t.id}`;
  else if (reason === 'returned') {
    e.quietMs = groups.quietBefore;
    why = `template ${t.id} back after ${formatDuration(groups.quietBefore)} of quiet (${groups.repeats} repeats before)`;
  } else {
    e.bucketCount = groups.bucketCount;
    e.baselinePerBucket = Math.round(groups.baseline * 100) / 100;
    why = `template ${t.id} regressed: ${groups.bucketCount} in ${formatDuration(groups.bucketMs)} vs baseline ${groups.baseline.toFixed(1)} (${groups.repeats} repeats before)`;
  }
  if (groups.foldedGroups > 0) why += `; ${groups.foldedGroups} more new templates matched since the last signal`;
  signal.message = `${signal.message}; ${why}`;
  return signal;
}

/**
 * The signal of a repeat counted into an already signalled group (`repeat: true`): it tags the
 * record as part of its template group and is never delivered. Evidence `{ templateId, group: 'repeat' }`.
 */
export function repeatSignal(detector: string, name: string, severity: Signal['severity'], event: LogEvent): Signal {
  const id = event.template!.id;
  return {
    detector,
    name,
    kind: 'rule',
    severity,
    message: `Repeat of template ${id} (counted into its group)`,
    time: event.time,
    key: id,
    evidence: { templateId: id, group: 'repeat' },
    repeat: true,
  };
}

/** The signal that reports the first-of-a-template matches folded during a flood that is over. */
export function foldedSignal(detector: string, name: string, severity: Signal['severity'], folded: number, groups: TemplateGroups, now: number): Signal {
  return {
    detector,
    name,
    kind: 'rule',
    severity,
    time: now,
    message: `${folded} more new templates matched during a flood (more than ${groups.maxSignals} new in ${formatDuration(groups.floodWindowMs)}), folded into this signal`,
    evidence: { group: 'folded', foldedGroups: folded },
  };
}
