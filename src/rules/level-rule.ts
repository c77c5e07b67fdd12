import type { Detector } from '../core/detector.js';
import type { LogEvent } from '../core/log-event.js';
import { severityName, signalSeverityForLevel } from '../core/severity.js';
import { SIGNAL_SEVERITIES, type Signal, type SignalSeverity } from '../core/signal.js';
import { checkBoolean, checkChoice, checkOptions, checkString } from '../core/validate.js';
import { parseLevel } from '../core/level.js';

/** Options of {@link LevelRule}. */
export interface LevelRuleOptions {
  /** Match only records in the level's own range (`ERROR` = severity 17..20), not above. Default false. */
  exact?: boolean;
  /** Signal severity. Default: by level (DEBUG/INFO low, WARN medium, ERROR/FATAL high). */
  severity?: SignalSeverity;
  /** Detector id. Default `'level_match'`. */
  id?: string;
}

/**
 * Fires on every record at the given level **or above** (by OTel severity number: `ERROR` also
 * matches `FATAL`/`CRITICAL`; `WARN` and `WARNING` are the same level). With `exact`, only the
 * level's own range. Records with no known severity never match. Signal `level_match`, evidence
 * `{ level, severityNumber, severityText }`.
 */
export class LevelRule implements Detector {
  id: string;
  readonly kind = 'rule' as const;
  private readonly min: number;
  private readonly max: number;
  private readonly severity: SignalSeverity | undefined;
  private readonly levelName: string;

  constructor(level: string | number, options?: LevelRuleOptions) {
    const o = checkOptions(options, 'level', ['exact', 'severity', 'id']);
    this.min = parseLevel(level, 'level.level');
    const exact = o.exact === undefined ? false : checkBoolean(o.exact, 'level.exact');
    this.max = exact ? Math.floor((this.min - 1) / 4) * 4 + 4 : 24;
    this.severity = o.severity === undefined ? undefined : checkChoice(o.severity, 'level.severity', SIGNAL_SEVERITIES);
    this.id = o.id === undefined ? 'level_match' : checkString(o.id, 'level.id');
    this.levelName = typeof level === 'string' ? level.toUpperCase() : severityName(this.min);
  }

  observe(event: LogEvent, out: Signal[]): void {
    const n = event.severityNumber;
    if (n < this.min || n > this.max) return;
    const seen = event.severityText || severityName(n);
    out.push({
      detector: this.id,
      name: 'level_match',
      kind: 'rule',
      severity: this.severity ?? signalSeverityForLevel(n),
      message: `Log level '${seen.toUpperCase()}' detected (rule: ${this.levelName}${this.max === 24 ? ' or above' : ''})`,
      time: event.time,
      key: severityName(n),
      evidence: { level: this.levelName, severityNumber: n, severityText: seen },
    });
  }
}
