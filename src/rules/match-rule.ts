import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { getField } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import { SIGNAL_SEVERITIES, type Signal, type SignalSeverity } from '../core/signal.js';
import { checkChoice, checkOptions, checkString } from '../core/validate.js';
import { compileMatch, type EventMatch, type EventPredicate } from './event-filter.js';

/** Options of {@link MatchRule}. */
export interface MatchRuleOptions {
  /** Detector id. Default `'match'`. */
  id?: string;
  /** One-line message of the signal. Default `"Rule '<id>' matched"`. */
  message?: string;
  /** Signal severity. Default `'medium'`. */
  severity?: SignalSeverity;
}

/**
 * Fires on every event the condition accepts: a user predicate `(event) => boolean`, or a field
 * match `{ field: 'http.response.status_code', equals: 500 }`, `{ field, keyword }`, `{ level }`.
 * Signal `rule_match`, evidence `{ rule }` (plus `field` and its value for field matches).
 */
export class MatchRule implements Detector {
  id: string;
  readonly kind = 'rule' as const;
  private readonly predicate: EventPredicate;
  private readonly message: string;
  private readonly severity: SignalSeverity;
  private readonly field: string | undefined;

  constructor(match: EventMatch, options?: MatchRuleOptions) {
    const o = checkOptions(options, 'match', ['id', 'message', 'severity']);
    const predicate = compileMatch(match, 'match.condition', 8192);
    if (!predicate) throw new ConfigError('match.condition', 'a predicate or a non-empty condition', match);
    this.predicate = predicate;
    this.id = o.id === undefined ? 'match' : checkString(o.id, 'match.id');
    this.message = o.message === undefined ? `Rule '${this.id}' matched` : checkString(o.message, 'match.message');
    this.severity = o.severity === undefined ? 'medium' : checkChoice(o.severity, 'match.severity', SIGNAL_SEVERITIES);
    this.field = typeof match === 'object' && !Array.isArray(match) && match !== null ? (match as { field?: string }).field : undefined;
  }

  observe(event: LogEvent, out: Signal[]): void {
    if (!this.predicate(event)) return;
    const evidence: Signal['evidence'] = { rule: this.id };
    if (this.field !== undefined) {
      const v = getField(event.attributes, this.field);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') evidence[this.field] = v;
    }
    out.push({ detector: this.id, name: 'rule_match', kind: 'rule', severity: this.severity, message: this.message, time: event.time, evidence });
  }
}
