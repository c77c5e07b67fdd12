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
      // `)(` then an operator, or an attribute name with `=` (after more `(`: `admin*)((|userpassword=*)`)
      let k = at + 2;
      while (k < n && k - at < 6 && text.charCodeAt(k) === 40) k++;
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
    // `*()|&'`: the filter metacharacters run together, the probe that makes a filter fail to parse
    if (metacharacterRun(text)) {
      hits.add('ldap-filter-breakout', 'ldap', SCORE.critical, 0, Math.min(n, 40));
      return;
    }
    const oc = text.indexOf('objectclass=*');
    if (oc >= 0) hits.add('ldap-filter', 'ldap', SCORE.critical, oc, Math.min(n, oc + 40));
  }
}

/**
 * True when `*()` or `*)(` is followed at once by `|` or `&` (`*()|&'`, `x*)(|`): a run of the filter
 * metacharacters with a wildcard, both parentheses and an operator. Looks at the first `*(` / `*)` only.
 */
function metacharacterRun(s: string): boolean {
  let i = s.indexOf('*(');
  const j = s.indexOf('*)');
  if (i < 0 || (j >= 0 && j < i)) i = j;
  if (i < 0) return false;
  const a = s.charCodeAt(i + 1);
  const b = s.charCodeAt(i + 2);
  if (!((a === 40 && b === 41) || (a === 41 && b === 40))) return false;
  const c = s.charCodeAt(i + 3);
  return c === 124 || c === 38;
}

/**
 * An attribute name (letters, digits, `-`, `;`, `.`, `_`, and `:` of an extensible match such as
 * `useraccountcontrol:1.2.840.113556.1.4.803:`; at most 64) followed by `=`, `>=`, `<=` or `~=` at `i`.
 */
function isAttributeAssertion(s: string, i: number): boolean {
  const start = i;
  while (i < s.length && i - start <= 64) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 59 || c === 46 || c === 95 || c === 58) i++;
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
