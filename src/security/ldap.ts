import type { PlainValue } from './plain-text.js';
import { SCORE, type Analyser, type HitList } from './rule-hit.js';

/**
 * LDAP filter injection analyser (category `ldap`): input that closes the filter it is pasted
 * into and opens another (`*)(uid=*`, `admin)(|(password=*)`, `)(&`), or carries a whole filter
 * with an operator (`(|(uid=*)(cn=*))`, `(&(objectClass=*))`). A lone `*` or `(x)` in text stays
 * quiet. Linear: one pass over `)(` and `(|(` / `(&(` / `(!(` occurrences.
 */
export class LdapAnalyser implements Analyser {
  readonly category = 'ldap' as const;
  readonly matchesPlain = false;

  /** Every rule needs parentheses: nothing is plain. */
  mayMatchPlain(_plain: PlainValue): boolean {
    return false;
  }

  analyse(text: string, paranoia: number, hits: HitList): void {
    const n = text.length;
    // every rule needs a parenthesis: one scan rules most values out
    if (text.indexOf('(') < 0 && text.indexOf(')') < 0) return;
    const lastStar = text.lastIndexOf('*');
    let at = text.indexOf(')(');
    while (at >= 0) {
      // `)(` then an operator, or an attribute name with `=`
      const k = at + 2;
      const c = text.charCodeAt(k);
      if (c === 124 || c === 38 || c === 33) {
        hits.add('ldap-filter-breakout', 'ldap', SCORE.critical, Math.max(0, at - 8), Math.min(n, at + 40));
        return;
      }
      if (isAttributeAssertion(text, k) && (text.charCodeAt(at - 1) === 42 || paranoia >= 2 || lastStar > k)) {
        hits.add('ldap-filter-breakout', 'ldap', SCORE.critical, Math.max(0, at - 8), Math.min(n, at + 40));
        return;
      }
      at = text.indexOf(')(', k);
    }
    for (const op of ['(|(', '(&(', '(!(']) {
      const i = text.indexOf(op);
      if (i >= 0 && isAttributeAssertion(text, i + 3) && !quotedFilter(text, i)) {
        hits.add('ldap-filter', 'ldap', SCORE.critical, i, Math.min(n, i + 40));
        return;
      }
    }
    // `*))%00`, `)(cn=))%00`: a closed filter and a NUL byte to cut off the rest of the query
    const nul = text.indexOf('\0');
    if (nul > 0 && text.charCodeAt(nul - 1) === 41 && (text.lastIndexOf('*)', nul) >= 0 || text.lastIndexOf(')(', nul) >= 0)) {
      hits.add('ldap-filter-truncation', 'ldap', SCORE.critical, Math.max(0, nul - 20), nul + 1);
      return;
    }
    const oc = text.indexOf('objectclass=*');
    if (oc >= 0) hits.add('ldap-filter', 'ldap', SCORE.critical, oc, Math.min(n, oc + 40));
  }
}

/** An attribute name (letters, digits, `-`, `;`, `.`; at most 40) followed by `=`, `>=`, `<=` or `~=` at `i`. */
function isAttributeAssertion(s: string, i: number): boolean {
  const start = i;
  while (i < s.length && i - start <= 40) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 59 || c === 46 || c === 95) i++;
    else break;
  }
  if (i === start) return false;
  const c = s.charCodeAt(i);
  return c === 61 || ((c === 62 || c === 60 || c === 126) && s.charCodeAt(i + 1) === 61);
}

/** How far a quoted filter is followed to its closing parenthesis (characters). */
const QUOTED_FILTER_WINDOW = 256;

/**
 * The whole filter opening at `at` is quoted in a sentence (`ldap search filter (&(objectclass=user)(cn=j)) syntax`):
 * a word and a space before it, its parentheses balanced within {@link QUOTED_FILTER_WINDOW}
 * characters without ever closing more than it opened, no `*` wildcard, and a space, punctuation or
 * the end after it. An injected filter closes the one it is pasted into (`x)(|(`) or matches
 * everything with `*` (`(|(uid=*))`); neither is a quote.
 */
function quotedFilter(s: string, at: number): boolean {
  if (at < 2 || s.charCodeAt(at - 1) !== 32) return false;
  const w = s.charCodeAt(at - 2);
  if (w < 97 || w > 122) return false;
  const end = Math.min(s.length, at + QUOTED_FILTER_WINDOW);
  let depth = 0;
  for (let k = at; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 42 || c === 0) return false;
    if (c === 40) depth++;
    else if (c === 41) {
      depth--;
      if (depth === 0) {
        const after = k + 1 < s.length ? s.charCodeAt(k + 1) : 32;
        return after === 32 || after === 46 || after === 44 || after === 63 || after === 10;
      }
    }
  }
  return false;
}
