import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal, SignalSeverity } from '../core/signal.js';
import { checkBoolean, checkChoice, checkOptions, checkString } from '../core/validate.js';
import { SIGNAL_SEVERITIES } from '../core/signal.js';
import type { KeywordMatcher } from '../core/keyword-matcher.js';
import { keywordMatcher } from './event-filter.js';

/** Options of {@link KeywordRule}. */
export interface KeywordRuleOptions {
  /** Case-insensitive match. Default true (as in the seed). */
  ignoreCase?: boolean;
  /** Match only whole words (`ERROR` does not hit `TERRORIST`). Default false (substring, as in the seed). */
  wholeWord?: boolean;
  /** Search this attribute instead of the message (e.g. `'exception.type'`). Default: the message. */
  field?: string;
  /** Signal severity. Default `'medium'`. */
  severity?: SignalSeverity;
  /** Detector id. Default `'keyword_match'`. */
  id?: string;
  /** Characters of the text searched (a bound for huge bodies). Default 8192. */
  maxScan?: number;
}

const DEFAULTS = { ignoreCase: true, wholeWord: false, severity: 'medium' as SignalSeverity, id: 'keyword_match', maxScan: 8192 };

/**
 * Fires on every event whose message (or `field`) contains one of the keywords. All keywords are
 * searched in one pass over the text. Signal `keyword_match`, evidence `{ keyword, field? }`.
 */
export class KeywordRule implements Detector {
  id: string;
  readonly kind = 'rule' as const;
  readonly keywords: readonly string[];
  private readonly matcher: KeywordMatcher;
  private readonly field: string | undefined;
  private readonly severity: SignalSeverity;
  private readonly wholeWord: boolean;
  private readonly maxScan: number;

  constructor(keywords: string | readonly string[], options?: KeywordRuleOptions) {
    const o = checkOptions(options, 'contains', ['ignoreCase', 'wholeWord', 'field', 'severity', 'id', 'maxScan']);
    const ignoreCase = o.ignoreCase === undefined ? DEFAULTS.ignoreCase : checkBoolean(o.ignoreCase, 'contains.ignoreCase');
    this.matcher = keywordMatcher(keywords, 'contains.keywords', ignoreCase);
    this.keywords = this.matcher.keywords;
    this.wholeWord = o.wholeWord === undefined ? DEFAULTS.wholeWord : checkBoolean(o.wholeWord, 'contains.wholeWord');
    this.field = o.field === undefined ? undefined : checkString(o.field, 'contains.field');
    this.severity = o.severity === undefined ? DEFAULTS.severity : checkChoice(o.severity, 'contains.severity', SIGNAL_SEVERITIES);
    this.id = o.id === undefined ? DEFAULTS.id : checkString(o.id, 'contains.id');
    const maxScan = o.maxScan ?? DEFAULTS.maxScan;
    if (!Number.isInteger(maxScan) || maxScan < 1) throw new ConfigError('contains.maxScan', 'an integer >= 1', maxScan);
    this.maxScan = maxScan;
  }

  observe(event: LogEvent, out: Signal[]): void {
    const text = this.field === undefined ? event.message : fieldString(event.attributes, this.field);
    if (text === undefined) return;
    const hit = this.matcher.find(text, this.maxScan, this.wholeWord);
    if (hit < 0) return;
    const keyword = this.keywords[hit];
    out.push({
      detector: this.id,
      name: 'keyword_match',
      kind: 'rule',
      severity: this.severity,
      message: this.field === undefined ? `Keyword '${keyword}' detected` : `Keyword '${keyword}' detected in ${this.field}`,
      time: event.time,
      key: keyword,
      evidence: this.field === undefined ? { keyword } : { keyword, field: this.field },
    });
  }
}
