import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { fieldString } from '../core/field.js';
import { type LogEvent, UNADMITTED_ID } from '../core/log-event.js';
import type { Signal, SignalSeverity } from '../core/signal.js';
import { checkBoolean, checkChoice, checkOptions, checkString } from '../core/validate.js';
import { SIGNAL_SEVERITIES } from '../core/signal.js';
import type { KeywordMatcher } from '../core/keyword-matcher.js';
import { keywordMatcher } from './event-filter.js';
import { foldedSignal, groupSignal, repeatSignal } from './grouped-signal.js';
import { TemplateGroups, type TemplateGroupsOptions } from './template-groups.js';

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
  maxChars?: number;
  /**
   * Group matches of the message by log template (`event.template`): the first record of a template
   * fires, repeats are counted into it, again only on a regression or after a long quiet
   * ({@link TemplateGroupsOptions}). Not used with `field`, nor for records without a template.
   * Default true; `false` fires on every match.
   */
  group?: boolean | TemplateGroupsOptions;
}

/** Defaults of {@link KeywordRuleOptions}. */
export const KEYWORD_RULE_DEFAULTS = Object.freeze({ ignoreCase: true, wholeWord: false, severity: 'medium' as SignalSeverity, id: 'keyword_match', maxChars: 8192 });
const DEFAULTS = KEYWORD_RULE_DEFAULTS;

/**
 * Fires on every event whose message (or `field`) contains one of the keywords. All keywords are
 * searched in one pass over the text (and consecutive rules on the message share one pass in a pipeline). Matches in the message are grouped by template when the
 * events carry one (`group`). Signal `keyword_match`, evidence `{ keyword, field? }` (plus
 * `templateId, template, group, repeats, occurrences` when grouped).
 */
export class KeywordRule implements Detector {
  id: string;
  readonly kind = 'rule' as const;
  readonly keywords: readonly string[];
  private readonly matcher: KeywordMatcher;
  private readonly field: string | undefined;
  private readonly severity: SignalSeverity;
  private readonly wholeWord: boolean;
  private readonly maxChars: number;
  private readonly groups: TemplateGroups;
  /** The signal message of each keyword (by index in `keywords`), built once. */
  private readonly messages: readonly string[];
  /** How the message is searched, for a shared scan of consecutive rules ({@link KeywordRun}); undefined with `field` or `wholeWord`. */
  readonly messageScan: { readonly ignoreCase: boolean; readonly maxChars: number } | undefined;

  constructor(keywords: string | readonly string[], options?: KeywordRuleOptions) {
    const o = checkOptions(options, 'contains', ['ignoreCase', 'wholeWord', 'field', 'severity', 'id', 'maxChars', 'group']);
    const ignoreCase = o.ignoreCase === undefined ? DEFAULTS.ignoreCase : checkBoolean(o.ignoreCase, 'contains.ignoreCase');
    this.matcher = keywordMatcher(keywords, 'contains.keywords', ignoreCase);
    this.keywords = this.matcher.keywords;
    this.wholeWord = o.wholeWord === undefined ? DEFAULTS.wholeWord : checkBoolean(o.wholeWord, 'contains.wholeWord');
    this.field = o.field === undefined ? undefined : checkString(o.field, 'contains.field');
    this.severity = o.severity === undefined ? DEFAULTS.severity : checkChoice(o.severity, 'contains.severity', SIGNAL_SEVERITIES);
    this.id = o.id === undefined ? DEFAULTS.id : checkString(o.id, 'contains.id');
    const maxChars = o.maxChars ?? DEFAULTS.maxChars;
    if (!Number.isInteger(maxChars) || maxChars < 1) throw new ConfigError('contains.maxChars', 'an integer >= 1', maxChars);
    this.maxChars = maxChars;
    this.groups = new TemplateGroups(o.group, 'contains.group');
    this.messageScan = this.field === undefined && !this.wholeWord ? { ignoreCase, maxChars } : undefined;
    const field = this.field;
    this.messages = this.keywords.map((k) => (field === undefined ? `Keyword '${k}' detected` : `Keyword '${k}' detected in ${field}`));
  }

  observe(event: LogEvent, out: Signal[]): void {
    const text = this.field === undefined ? event.message : fieldString(event.attributes, this.field);
    if (text === undefined) return;
    const hit = this.matcher.find(text, this.maxChars, this.wholeWord);
    if (hit < 0) return;
    const keyword = this.keywords[hit];
    const grouped = this.field === undefined && this.groups.enabled && event.template !== undefined && event.template.id !== UNADMITTED_ID;
    const reason = grouped ? this.groups.observe(event.template!.id, event.time) : undefined;
    if (grouped && reason === undefined) {
      // a repeat of an ongoing template is counted, not tagged
      if (!this.groups.ongoing) out.push(repeatSignal(this.id, 'keyword_match', this.severity, event));
      return;
    }
    const signal: Signal = {
      detector: this.id,
      name: 'keyword_match',
      kind: 'rule',
      severity: this.severity,
      message: this.messages[hit],
      time: event.time,
      key: keyword,
      evidence: this.field === undefined ? { keyword } : { keyword, field: this.field },
    };
    out.push(reason === undefined ? signal : groupSignal(signal, event, reason, this.groups));
  }

  /** Reports the new templates folded during a flood once the flood is over (see {@link TemplateGroups}). */
  tick(now: number, out: Signal[]): void {
    const n = this.groups.flushFolded(now);
    if (n > 0) out.push(foldedSignal(this.id, 'keyword_match', this.severity, n, this.groups, now));
  }

  /** The template groups' state (see {@link TemplateGroups}). */
  toJSON(): { detector: 'keyword_match'; groups: unknown } {
    return { detector: 'keyword_match', groups: this.groups.toJSON() };
  }

  /** Restore {@link toJSON}: validates first; on a bad value throws a ConfigError naming it and changes nothing. */
  restore(state: unknown): void {
    const s = state as { detector?: unknown; groups?: unknown } | null;
    if (s === null || typeof s !== 'object' || s.detector !== 'keyword_match') throw new ConfigError(`${this.id}.restore`, 'a keyword_match state from toJSON()', state);
    this.groups.restore(s.groups, `${this.id}.restore.groups`);
  }
}
