import type { Detector } from '../core/detector.js';
import { type LogEvent, UNADMITTED_ID } from '../core/log-event.js';
import { severityName, signalSeverityForLevel } from '../core/severity.js';
import { SIGNAL_SEVERITIES, type Signal, type SignalSeverity } from '../core/signal.js';
import { checkBoolean, checkChoice, checkOptions, checkString } from '../core/validate.js';
import { ConfigError } from '../core/config-error.js';
import { parseLevel } from '../core/level.js';
import { foldedSignal, groupSignal, repeatSignal } from './grouped-signal.js';
import { TemplateGroups, type TemplateGroupsOptions } from './template-groups.js';
import { isDumpLine } from './dump-line.js';

/** Options of {@link LevelRule}. */
export interface LevelRuleOptions {
  /** Match only records in the level's own range (`ERROR` = severity 17..20), not above. Default false. */
  exact?: boolean;
  /** Signal severity. Default: by level (DEBUG/INFO low, WARN medium, ERROR/FATAL high). */
  severity?: SignalSeverity;
  /** Detector id. Default `'level_match'`. */
  id?: string;
  /**
   * Group matches by log template (`event.template`), as an issue tracker groups errors: the first
   * record of a template fires, repeats are counted into it, and it fires again only on a regression
   * or after a long quiet ({@link TemplateGroupsOptions}). Records without a template fire as before.
   * Default true; `false` fires on every match.
   */
  group?: boolean | TemplateGroupsOptions;
  /**
   * Match the lines of a register or state dump too (`instruction address: 0x00004ed8`, `r24=0x0ffe
   * r25=0x3`, `machine check: i-fetch......0`: a message that only reports values, no failure word;
   * see {@link isDumpLine}). A crash dump writes each register on a line of the report's level; those
   * lines are detail of the report above them, not reports. Default false: they are not matched.
   */
  dumpLines?: boolean;
}

/** Defaults of {@link LevelRuleOptions} (`severity` follows the level; `group` in {@link TEMPLATE_GROUP_DEFAULTS}). */
export const LEVEL_RULE_DEFAULTS = Object.freeze({ exact: false, dumpLines: false, id: 'level_match' });

/**
 * Fires on every record at the given level **or above** (by OTel severity number: `ERROR` also
 * matches `FATAL`/`CRITICAL`; `WARN` and `WARNING` are the same level). With `exact`, only the
 * level's own range. Records with no known severity never match. With templates on the events (the
 * default pipeline mines them), matches are grouped by template (`group`): one signal per error
 * template, repeats counted, again on a regression or a return after quiet. The lines of a register
 * or state dump (values only, no failure word) are not matched unless `dumpLines`. Signal `level_match`,
 * evidence `{ level, severityNumber, severityText }` (plus `templateId, template, group, repeats,
 * occurrences` when grouped).
 */
export class LevelRule implements Detector {
  id: string;
  readonly kind = 'rule' as const;
  private readonly min: number;
  private readonly max: number;
  private readonly severity: SignalSeverity | undefined;
  private readonly levelName: string;
  private readonly groups: TemplateGroups;
  private readonly dumpLines: boolean;
  /** The severity text of the last signal and its message: a stream repeats one or two texts, each message is built once. */
  private lastSeen = '';
  private lastMessage = '';
  /** The level's range of severity numbers: the pipeline calls `observe` only for records in it. */
  readonly severities: { readonly min: number; readonly max: number };

  constructor(level: string | number, options?: LevelRuleOptions) {
    const o = checkOptions(options, 'level', ['exact', 'severity', 'id', 'group', 'dumpLines']);
    this.min = parseLevel(level, 'level.level');
    const exact = o.exact === undefined ? LEVEL_RULE_DEFAULTS.exact : checkBoolean(o.exact, 'level.exact');
    this.max = exact ? Math.floor((this.min - 1) / 4) * 4 + 4 : 24;
    this.severities = Object.freeze({ min: this.min, max: this.max });
    this.severity = o.severity === undefined ? undefined : checkChoice(o.severity, 'level.severity', SIGNAL_SEVERITIES);
    this.id = o.id === undefined ? LEVEL_RULE_DEFAULTS.id : checkString(o.id, 'level.id');
    this.levelName = typeof level === 'string' ? level.toUpperCase() : severityName(this.min);
    this.groups = new TemplateGroups(o.group, 'level.group');
    this.dumpLines = o.dumpLines === undefined ? LEVEL_RULE_DEFAULTS.dumpLines : checkBoolean(o.dumpLines, 'level.dumpLines');
  }

  observe(event: LogEvent, out: Signal[]): void {
    const n = event.severityNumber;
    if (n < this.min || n > this.max) return;
    if (!this.dumpLines && isDumpLine(event.message)) return;
    const grouped = this.groups.enabled && event.template !== undefined && event.template.id !== UNADMITTED_ID;
    const reason = grouped ? this.groups.observe(event.template!.id, event.time) : undefined;
    if (grouped && reason === undefined) {
      // a repeat of an ongoing template is counted, not tagged
      if (!this.groups.ongoing) out.push(repeatSignal(this.id, 'level_match', this.severity ?? signalSeverityForLevel(n), event));
      return;
    }
    const seen = event.severityText || severityName(n);
    if (seen !== this.lastSeen || this.lastMessage === '') {
      this.lastSeen = seen;
      this.lastMessage = `Log level '${seen.toUpperCase()}' detected (rule: ${this.levelName}${this.max === 24 ? ' or above' : ''})`;
    }
    const signal: Signal = {
      detector: this.id,
      name: 'level_match',
      kind: 'rule',
      severity: this.severity ?? signalSeverityForLevel(n),
      message: this.lastMessage,
      time: event.time,
      key: severityName(n),
      evidence: { level: this.levelName, severityNumber: n, severityText: seen },
    };
    out.push(reason === undefined ? signal : groupSignal(signal, event, reason, this.groups));
  }

  /** Reports the new templates folded during a flood once the flood is over (see {@link TemplateGroups}). */
  tick(now: number, out: Signal[]): void {
    const n = this.groups.flushFolded(now);
    if (n > 0) out.push(foldedSignal(this.id, 'level_match', this.severity ?? signalSeverityForLevel(this.min), n, this.groups, now));
  }

  /** The template groups' state (see {@link TemplateGroups}). */
  toJSON(): { detector: 'level_match'; groups: unknown } {
    return { detector: 'level_match', groups: this.groups.toJSON() };
  }

  /** Restore {@link toJSON}: validates first; on a bad value throws a ConfigError naming it and changes nothing. */
  restore(state: unknown): void {
    const s = state as { detector?: unknown; groups?: unknown } | null;
    if (s === null || typeof s !== 'object' || s.detector !== 'level_match') throw new ConfigError(`${this.id}.restore`, 'a level_match state from toJSON()', state);
    this.groups.restore(s.groups, `${this.id}.restore.groups`);
  }
}
