/**
 * A SQL keyword written around a copy of itself (`uniunionon`, `selselectect`, `frfromom`): the shape
 * that survives a filter deleting each keyword once (sqlmap-style nested keywords), so what reaches
 * the database reads `union select ... from`. No English or identifier word has this shape.
 * Bounded: words of 8 to 24 characters, compared in place (no slicing, no regular expressions).
 */

/** The keywords whose nested spelling is looked for: the ones such filters strip. */
const NESTED_KEYWORDS = ['union', 'select', 'from', 'where', 'insert', 'update', 'delete', 'sleep', 'concat', 'having'];

/** `word` is a keyword with a copy of itself inserted inside it (not at either end). */
export function nestedKeyword(word: string): boolean {
  const n = word.length;
  if (n < 8 || n > 24 || (n & 1) !== 0) return false;
  for (const kw of NESTED_KEYWORDS) {
    const m = kw.length;
    if (m * 2 !== n || word.charCodeAt(0) !== kw.charCodeAt(0)) continue;
    // the inner copy starts at p (0 < p < m): word = kw[0,p) + kw + kw[p,m)
    for (let p = 1; p < m; p++) {
      if (word.charCodeAt(p - 1) !== kw.charCodeAt(p - 1)) break;
      if (word.startsWith(kw, p) && word.endsWith(kw.slice(p), n)) return true;
    }
  }
  return false;
}
