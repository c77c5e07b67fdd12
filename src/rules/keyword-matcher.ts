/**
 * Finds any of many keywords in a text in one scan: the keywords are compiled once into a single
 * regular expression that is an alternation of escaped literals (longest first), case-insensitive
 * when asked. With no quantifiers in it, the engine's work per start position is bounded by the
 * longest keyword, so a scan is linear in the text length whatever the input (no catastrophic
 * backtracking), and V8 runs it as native code with fast literal prefilters: measured about 5x faster
 * than a character loop in JavaScript (see `npm run bench`).
 */
export class KeywordMatcher {
  private readonly pattern: RegExp;
  private readonly index = new Map<string, number>();

  constructor(readonly keywords: readonly string[], readonly ignoreCase: boolean) {
    keywords.forEach((k, i) => {
      const key = ignoreCase ? k.toLowerCase() : k;
      if (!this.index.has(key)) this.index.set(key, i);
    });
    const alternatives = [...this.index.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(alternatives.join('|'), ignoreCase ? 'gi' : 'g');
  }

  /**
   * Index (into `keywords`) of the first keyword found in the first `limit` characters of `text`,
   * or -1. With `wholeWord`, a hit must have no letter, digit or `_` right before or after it.
   */
  find(text: string, limit: number, wholeWord = false): number {
    const s = text.length > limit ? text.slice(0, limit) : text;
    const re = this.pattern;
    re.lastIndex = 0;
    if (!wholeWord) {
      if (!re.test(s)) return -1;
      // Only on a hit: which keyword it was.
      re.lastIndex = 0;
      return this.indexOf(re.exec(s)![0]);
    }
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!isWordChar(s.charCodeAt(start - 1)) && !isWordChar(s.charCodeAt(end))) return this.indexOf(m[0]);
      re.lastIndex = start + 1;
    }
    return -1;
  }

  private indexOf(hit: string): number {
    return this.index.get(this.ignoreCase ? hit.toLowerCase() : hit) ?? -1;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
