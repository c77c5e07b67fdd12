import { KeywordMatcher } from '../core/keyword-matcher.js';

/**
 * Whether a text contains any of a set of phrases, ignoring case as a case-insensitive regular
 * expression does (for ASCII phrases: ASCII letters fold, nothing else does). Built for the
 * brute-force detector, which asks this of every message and almost always gets "no".
 *
 * ASCII phrases of three characters or more are searched in the manner of Wu and Manber: a window
 * as long as the shortest phrase slides over the text, and the last three characters of the window
 * (hashed by their low 5 bits, so ASCII case folds for free) say how far it can jump without
 * skipping a phrase, usually most of its length: with a hundred phrases, pairs of letters mostly
 * end some phrase's prefix, triples mostly do not. Only windows whose last three characters hash
 * like the end of some phrase's prefix are compared, character by character, without allocating.
 * Linear in the text, reads at most `limit` characters. Other phrase sets (non-ASCII, shorter than
 * three characters) use a {@link KeywordMatcher}.
 */
export class PhraseSet {
  private readonly fallback: KeywordMatcher | undefined;
  /** Phrases, case folded. */
  private readonly phrases: string[] = [];
  /** Length of the shortest phrase (the window). */
  private readonly window: number = 0;
  /** Jump for the last three characters of the window (5 bits each, see {@link blockOf}). */
  private readonly shift = new Uint8Array(BLOCKS);
  /** Phrases whose window-long prefix ends with a block, by block (only blocks whose jump is 0). */
  private readonly candidates = new Map<number, number[]>();

  /**
   * @param accept optional: called when phrase `index` occurs at `start`; returning false ignores
   * that occurrence and the scan goes on (a phrase that needs a look around it, as
   * `user ... not found: `). Only for the ASCII search.
   */
  constructor(
    phrases: readonly string[],
    private readonly accept?: (index: number, text: string, start: number) => boolean,
  ) {
    const ascii = phrases.every((p) => p.length >= 3 && isAscii(p));
    if (!ascii || phrases.length === 0) {
      this.fallback = phrases.length === 0 ? undefined : new KeywordMatcher(phrases, true);
      return;
    }
    this.fallback = undefined;
    this.phrases = phrases.map(foldAscii);
    const m = Math.min(...this.phrases.map((p) => p.length));
    this.window = m;
    // default: a block that ends no phrase prefix part lets the window move past all but its last two characters
    const jump = Math.min(m - 2, 255);
    this.shift.fill(jump);
    this.phrases.forEach((p, index) => {
      for (let j = 2; j < m; j++) {
        const block = blockOf(p.charCodeAt(j - 2), p.charCodeAt(j - 1), p.charCodeAt(j));
        const s = m - 1 - j;
        if (s < this.shift[block]) this.shift[block] = s;
      }
      const last = blockOf(p.charCodeAt(m - 3), p.charCodeAt(m - 2), p.charCodeAt(m - 1));
      const list = this.candidates.get(last);
      if (list === undefined) this.candidates.set(last, [index]);
      else list.push(index);
    });
  }

  /**
   * True when one of the phrases occurs in the first `limit` characters of `text`, starting at
   * `from` or after it [0] (`from` is honoured by the ASCII search only).
   */
  test(text: string, limit: number, from = 0): boolean {
    if (this.fallback !== undefined) return this.fallback.find(text, limit) >= 0;
    const n = text.length < limit ? text.length : limit;
    const m = this.window;
    if (m === 0) return false;
    const shift = this.shift;
    let pos = from + m - 1;
    while (pos < n) {
      const block = ((text.charCodeAt(pos - 2) & 31) << 10) | ((text.charCodeAt(pos - 1) & 31) << 5) | (text.charCodeAt(pos) & 31);
      const s = shift[block];
      if (s > 0) {
        pos += s;
        continue;
      }
      if (this.candidatesAt(text, pos - m + 1, n, block)) return true;
      pos++;
    }
    return false;
  }

  private candidatesAt(text: string, start: number, n: number, block: number): boolean {
    const list = this.candidates.get(block) as number[];
    for (let k = 0; k < list.length; k++) {
      if (this.matchAt(text, start, n, this.phrases[list[k]]) && (this.accept === undefined || this.accept(list[k], text, start))) return true;
    }
    return false;
  }

  private matchAt(text: string, start: number, n: number, phrase: string): boolean {
    if (start + phrase.length > n) return false;
    for (let i = 0; i < phrase.length; i++) if (fold(text.charCodeAt(start + i)) !== phrase.charCodeAt(i)) return false;
    return true;
  }
}

/** 5 bits per character: 32 x 32 x 32 blocks. */
const BLOCKS = 1 << 15;

/**
 * Block index of three characters: their low 5 bits, which fold ASCII case (`A` and `a` share
 * them). Other characters sharing an index only make the jumps shorter; the comparison in
 * `matchAt` is exact.
 */
function blockOf(a: number, b: number, c: number): number {
  return ((a & 31) << 10) | ((b & 31) << 5) | (c & 31);
}

/** ASCII upper-case letters to lower case; every other character as it is (a non-ASCII one never equals an ASCII phrase character). */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

function foldAscii(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(fold(s.charCodeAt(i)));
  return out;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}
