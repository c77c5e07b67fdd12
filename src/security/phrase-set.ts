import { KeywordMatcher } from '../core/keyword-matcher.js';

/**
 * Whether a text contains any of a set of phrases, ignoring case as a case-insensitive regular
 * expression does (for ASCII phrases: ASCII letters fold, nothing else does). Built for the
 * brute-force detector, which asks this of every message and almost always gets "no".
 *
 * ASCII phrases of two characters or more are searched in the manner of Wu and Manber: a window
 * as long as the shortest phrase slides over the text, and the last two characters of the window
 * (case folded) say how far it can jump without skipping a phrase, usually most of its length. Only
 * windows whose last two characters end the prefix of some phrase are compared, character by
 * character, without allocating. Linear in the text, reads at most `limit` characters. Other phrase
 * sets (non-ASCII, one character) use a {@link KeywordMatcher}.
 */
export class PhraseSet {
  private readonly fallback: KeywordMatcher | undefined;
  /** Phrases, case folded. */
  private readonly phrases: string[] = [];
  /** Length of the shortest phrase (the window). */
  private readonly window: number = 0;
  /** Jump for the last two characters of the window (folded, 7 bits each). */
  private readonly shift = new Uint8Array(PAIRS);
  /** Phrases whose window-long prefix ends with a pair, by pair; empty lists share one array. */
  private readonly candidates: number[][] = [];

  /**
   * @param accept optional: called when phrase `index` occurs at `start`; returning false ignores
   * that occurrence and the scan goes on (a phrase that needs a look around it, as
   * `user ... not found: `). Only for the ASCII search.
   */
  constructor(
    phrases: readonly string[],
    private readonly accept?: (index: number, text: string, start: number) => boolean,
  ) {
    const ascii = phrases.every((p) => p.length >= 2 && isAscii(p));
    if (!ascii || phrases.length === 0) {
      this.fallback = phrases.length === 0 ? undefined : new KeywordMatcher(phrases, true);
      return;
    }
    this.fallback = undefined;
    this.phrases = phrases.map(foldAscii);
    const m = Math.min(...this.phrases.map((p) => p.length));
    this.window = m;
    // default: a pair that ends no phrase prefix part lets the window move past all but its last character
    const jump = Math.min(m - 1, 255);
    this.shift.fill(jump);
    const none: number[] = [];
    for (let k = 0; k < PAIRS; k++) this.candidates.push(none);
    this.phrases.forEach((p, index) => {
      for (let j = 1; j < m; j++) {
        const pair = pairOf(p.charCodeAt(j - 1), p.charCodeAt(j));
        const s = m - 1 - j;
        if (s < this.shift[pair]) this.shift[pair] = s;
      }
      const last = pairOf(p.charCodeAt(m - 2), p.charCodeAt(m - 1));
      if (this.candidates[last] === none) this.candidates[last] = [];
      this.candidates[last].push(index);
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
      const a = text.charCodeAt(pos - 1);
      const b = text.charCodeAt(pos);
      const pair = (((a >= 65 && a <= 90 ? a | 32 : a) & 127) << 7) | ((b >= 65 && b <= 90 ? b | 32 : b) & 127);
      const s = shift[pair];
      if (s > 0) {
        pos += s;
        continue;
      }
      if (this.candidatesAt(text, pos - m + 1, n, pair)) return true;
      pos++;
    }
    return false;
  }

  private candidatesAt(text: string, start: number, n: number, pair: number): boolean {
    const list = this.candidates[pair];
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

/** 7 bits per character: 128 x 128 pairs. */
const PAIRS = 1 << 14;

/**
 * Pair index of two folded characters. Characters above 127 share the index of their low 7 bits,
 * which only makes the jumps shorter; the comparison in `matchAt` is exact.
 */
function pairOf(a: number, b: number): number {
  return ((a & 127) << 7) | (b & 127);
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
