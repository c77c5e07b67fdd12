import type { PlainValue } from './plain-text.js';

/** Attack categories the injection detector reports. */
export type InjectionCategory = 'sqli' | 'xss' | 'traversal' | 'cmdi' | 'jndi' | 'ssti' | 'xxe' | 'ldap' | 'code' | 'crlf' | 'ssrf' | 'evasion';

/** All categories, in report order. */
export const INJECTION_CATEGORIES: readonly InjectionCategory[] = ['sqli', 'xss', 'traversal', 'cmdi', 'jndi', 'ssti', 'xxe', 'ldap', 'code', 'crlf', 'ssrf', 'evasion'];

/** Anomaly points per rule severity, as in the OWASP CRS scoring model. */
export const SCORE = { critical: 5, error: 4, warning: 3, notice: 2 } as const;

/**
 * The rules that matched one field, written by the category analysers. Reused across records: it
 * holds parallel arrays and a count, so a field that matches nothing allocates nothing.
 * A rule id is recorded once per field (a second match of the same rule is ignored).
 */
export class HitList {
  count = 0;
  readonly ids: string[] = [];
  readonly categories: InjectionCategory[] = [];
  readonly scores: number[] = [];
  /** Start and end of the matched fragment in the analysed (normalised) text. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  /** Record a match of rule `id` (ignored when `id` already matched in this field). */
  add(id: string, category: InjectionCategory, score: number, start: number, end: number): void {
    for (let i = 0; i < this.count; i++) if (this.ids[i] === id) return;
    const n = this.count++;
    this.ids[n] = id;
    this.categories[n] = category;
    this.scores[n] = score;
    this.starts[n] = start;
    this.ends[n] = end;
  }

  /** Sum of the scores of the hits. */
  total(): number {
    let s = 0;
    for (let i = 0; i < this.count; i++) s += this.scores[i];
    return s;
  }

  /** True when a rule of `category` matched. */
  has(category: InjectionCategory): boolean {
    for (let i = 0; i < this.count; i++) if (this.categories[i] === category) return true;
    return false;
  }

  reset(): void {
    this.count = 0;
  }
}

/**
 * One category analyser: reads the normalised, lower-cased text of a field and records the rules
 * that match on `hits`. Rules with a paranoia level above `paranoia` are skipped. Linear in the
 * text; never throws on any string.
 */
export interface Analyser {
  readonly category: InjectionCategory;
  analyse(text: string, paranoia: number, hits: HitList): void;
  /**
   * Called only for a plain value (see `plain-text.ts`): false when `analyse` would record no hit
   * on `plain.text` at any paranoia level, so the detector can skip the analysis. It may answer true
   * for text that turns out harmless (the full analysis then decides), never false for text that
   * would match.
   */
  mayMatchPlain(plain: PlainValue): boolean;
  /** False when `mayMatchPlain` is always false (the detector then does not ask); absent: it may match. */
  readonly matchesPlain?: boolean;
  /** True when it reads each parameter of a list itself, with its name: the detector does not run it again on a list's parts; absent: false. */
  readonly readsParameters?: boolean;
  /** True when it reads wide characters whose low byte is CR or LF as line breaks (`wide-break.ts`); absent: false. */
  readonly readsWideBreaks?: boolean;
}
