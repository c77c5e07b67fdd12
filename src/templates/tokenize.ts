import { affixCode, isCloser, isIdentifier, isOpener, keptAffixes, labelLength, prefixLength, spanCode, spanText, suffixLength, valueText } from './affix.js';
import { CONSTANT, DIGIT_RUNS, KEY_VALUE, MASKED, type Masking, TokenStats, classifyPlainToken, classifyToken, isDateWord, isHexRun, isUnit, mayBeDateWord } from './masking.js';
import { isDigit } from '../core/ascii-digits.js';

/** Identity of a masked token (and of a `<*>` in a template). Real token hashes are never 0. */
export const WILDCARD = 0;

/** How a parameter is written in template text. */
export const WILDCARD_TEXT = '<*>';

/**
 * The tokens of one message, written in place by {@link Tokenizer.tokenize} (reused: no allocation
 * per message). Token `i` spans `text[starts[i], ends[i])`; `hashes[i]` identifies it
 * ({@link WILDCARD} when masked); `kinds[i]` is CONSTANT, MASKED or KEY_VALUE.
 */
export class TokenBuffer {
  count = 0;
  readonly hashes: Float64Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly kinds: Uint8Array;
  /** End of the first token of a span (a collapsed list `blk_1 blk_2` renders as its first). */
  readonly firstEnds: Int32Array;
  /**
   * Word class of a token: 0 not a word; 1 a capitalised word inside punctuation (`"GET`); 2 a plain
   * lower-case word (letters only); 3 a plain capitalised word (`Resumed`).
   */
  readonly words: Uint8Array;
  /** Tells a unit word (`ms`, `KB`) in `text[start, end)`; set by the tokenizer. */
  isUnitWord: (text: string, start: number, end: number) => boolean = () => false;

  constructor(readonly capacity: number) {
    this.firstEnds = new Int32Array(capacity);
    this.words = new Uint8Array(capacity);
    this.hashes = new Float64Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
  }

  /**
   * Template text of token `i` of `text` as people read it: the token itself (a word, or a token with
   * digits not seen to vary: `eth1`), or its parameter with the punctuation around it kept
   * (`<*>,`, `(dcr <*>)`, `(uid=<*>)`, `mLctn(<*>),`).
   */
  displayText(text: string, i: number): string {
    const kind = this.kinds[i];
    if (kind === CONSTANT || (kind === DIGIT_RUNS && this.asWritten(text, i))) return text.slice(this.starts[i], this.ends[i]);
    return this.parameterText(text, i);
  }

  /**
   * For a DIGIT_RUNS token read as written until it varies (`eth1`, `jk2_init()`, `blk_-42`), the hash
   * of its literal text, digits included; {@link WILDCARD} for one that is a value from the start
   * (`CPU#0`, `16K`, a list `blk_1 blk_2`); the token's hash for other kinds. Computed on demand.
   */
  literal(text: string, i: number): number {
    if (this.kinds[i] !== DIGIT_RUNS) return this.kinds[i] === MASKED ? WILDCARD : this.hashes[i];
    return this.asWritten(text, i) ? literalHash(text, this.starts[i], this.ends[i]) : WILDCARD;
  }

  /** For a DIGIT_RUNS token: true when it is read as written until it varies (its {@link literal} is not {@link WILDCARD}), told without hashing it. */
  asWritten(text: string, i: number): boolean {
    const start = this.starts[i];
    const end = this.ends[i];
    if (this.firstEnds[i] < end) return false;
    // the common case, letters, digits, `_` and `-` only (`eth1`, `blk_-42`): no affixes, no label; written when it starts with a letter
    let j = start;
    while (j < end && isIdentifierChar(text.charCodeAt(j))) j++;
    if (j === end) return isLetter(text.charCodeAt(start));
    const pre = prefixLength(text, start, end);
    const post = suffixLength(text, start + pre, end);
    return labelLength(text, start + pre, end - post) === 0 && isIdentifier(text, start + pre, end - post);
  }

  /** Lengths of token `i`'s prefix (with the label of a value: `CPU#`) and suffix, packed `pre << 8 | post`. */
  private affixes(text: string, i: number): number {
    const start = this.starts[i];
    const end = this.ends[i];
    const first = this.firstEnds[i] < end ? Math.max(this.firstEnds[i], start + 1) : end;
    let pre = prefixLength(text, start, first);
    let from = start;
    if (first < end) {
      from = end - 1;
      while (from > start && !isDelimiterSpace(text.charCodeAt(from - 1))) from--;
    }
    const post = suffixLength(text, Math.max(from, start + pre), end);
    if (this.kinds[i] === DIGIT_RUNS && first === end) pre = Math.min(255, pre + labelLength(text, start + pre, end - post));
    return (pre << 8) | post;
  }

  /** A small number identifying the affixes of token `i` (0 when none; for a span, its shape with unit words). */
  affixCode(text: string, i: number): number {
    const start = this.starts[i];
    const end = this.ends[i];
    if (this.kinds[i] === MASKED && this.firstEnds[i] < end) return spanCode(text, start, end, this.isUnitWord);
    // the common case, a value with no punctuation around it (`10.0.0.1`, `42`, `/a/b`): no prefix
    // (neither an opener nor a `name(`), no suffix
    const c0 = text.charCodeAt(start);
    if (!isOpener(c0) && !((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95) && !isCloser(text.charCodeAt(end - 1))) return 0;
    const a = this.affixes(text, i);
    return affixCode(text, start, a >> 8, end, a & 255);
  }

  /**
   * Token `i` as a parameter in template text: `<*>` with its kept affixes (`<*>,`, `(uid=<*>)`,
   * `CPU#<*>`, `<*>:<*>` for an address and port); a span of tokens with its unit words (`<*> seconds`).
   */
  parameterText(text: string, i: number): string {
    const start = this.starts[i];
    const end = this.ends[i];
    const kind = this.kinds[i];
    if (kind === MASKED && this.firstEnds[i] < end) return spanText(text, start, end, this.isUnitWord);
    const kept = this.kept(text, i);
    const post = text.slice(end - (kept & 255), end);
    if (kind === KEY_VALUE) return `${text.slice(start, text.indexOf('=', start) + 1)}${WILDCARD_TEXT}${post}`;
    const pre = kept >> 8;
    const value = valueText(text, start + pre, end - (kept & 255));
    return `${text.slice(start, start + pre)}${value}${post}`;
  }

  /** The value a template's `<*>` stands for at token `i`: the token without its kept prefix and suffix. */
  parameter(text: string, i: number): string {
    const start = this.starts[i];
    const end = this.ends[i];
    const kept = this.kept(text, i);
    if (this.kinds[i] === KEY_VALUE) return text.slice(text.indexOf('=', start) + 1, end - (kept & 255));
    return text.slice(start + (kept >> 8), end - (kept & 255));
  }

  private kept(text: string, i: number): number {
    const a = this.affixes(text, i);
    return keptAffixes(text, this.starts[i], this.ends[i], a >> 8, a & 255, this.firstEnds[i] < this.ends[i]);
  }

  /** Template text of token `i` as matched: the token itself, `<*>`, `key=<*>`, or `dn<*>` (digit runs). */
  tokenText(text: string, i: number): string {
    const kind = this.kinds[i];
    const start = this.starts[i];
    if (kind === MASKED) return WILDCARD_TEXT;
    if (kind === KEY_VALUE) return `${text.slice(start, text.indexOf('=', start) + 1)}${WILDCARD_TEXT}`;
    if (kind === DIGIT_RUNS) {
      let out = '';
      let from = start;
      const end = this.firstEnds[i];
      for (let j = start; j < end; j++) {
        if (isDigit(text.charCodeAt(j))) {
          out += text.slice(from, isSign(text, j - 1, start) ? j - 1 : j) + WILDCARD_TEXT;
          j = runEnd(text, j, end) - 1;
          from = j + 1;
        }
      }
      return out + text.slice(from, end);
    }
    return text.slice(start, this.ends[i]);
  }
}

/**
 * True when `text[start, end)` starts like an HTTP request line: an upper-case method of 3 to 10
 * letters, a space, then `/`, `*` or a letter (`GET /v2/x HTTP/1.1`). Such a quoted value is split into
 * tokens, not masked whole: its method tells the templates apart.
 */
function isRequestLine(text: string, start: number, end: number): boolean {
  let j = start;
  while (j < end && j - start <= 10 && isUpper(text.charCodeAt(j))) j++;
  if (j - start < 3 || j - start > 10 || j + 1 >= end || text.charCodeAt(j) !== 32) return false;
  const c = text.charCodeAt(j + 1);
  return c === 47 || c === 42 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** A word of letters only starting with a capital (`Resumed`, `GET`), maybe inside quotes or brackets. */
function isCapitalisedWord(text: string, start: number, end: number): boolean {
  if (end <= start || !isUpper(text.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** `A-Z a-z 0-9 _ -`: what {@link isIdentifier} allows after the first letter. */
function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isDelimiterSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 11 || c === 12 || c === 13;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isHexDigit(c: number): boolean {
  const l = c | 32;
  return (c >= 48 && c <= 57) || (l >= 97 && l <= 102);
}

/**
 * End of the run of digits starting at `text[j]` (a digit), before `end`: the digits, or a whole hex
 * literal `0x...` (so `0xc0000700` is one parameter, not `<*>xc<*>`).
 */
function runEnd(text: string, j: number, end: number): number {
  if (text.charCodeAt(j) === 48 && j + 2 < end && (text.charCodeAt(j + 1) | 32) === 120 && isHexDigit(text.charCodeAt(j + 2))) {
    j += 2;
    while (j < end && isHexDigit(text.charCodeAt(j))) j++;
    return j;
  }
  while (j < end && isDigit(text.charCodeAt(j))) j++;
  return j;
}

function isAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** True when `text[i]` is a minus sign of the number after it: `-` not after a letter or digit of the token. */
function isSign(text: string, i: number, start: number): boolean {
  return i >= start && text.charCodeAt(i) === 45 && (i === start || !isAlphanumeric(text.charCodeAt(i - 1)));
}

const FNV_OFFSET = 0x811c9dc5 | 0; // as an int32, so hashing stays in integer registers
/** Hashed in place of a run of digits (outside the UTF-16 range, so no character collides with it). */
const RUN_MARK = 0x1002a;
const FNV_PRIME = 0x01000193;
const KEY_VALUE_MARK = 0x5f3759df;

/**
 * A token's identity from its 32-bit FNV-1a hash: a number in [1, 2^32] (0 is the wildcard). Two
 * tokens are told apart by hash alone; a collision (odds 2^-32 per comparison) would only make two
 * tokens of the same position look equal.
 */
function finish(h: number): number {
  return (h >>> 0) + 1;
}

/** Hash of a `key=<*>` token, given the hash of `key=`. */
function keyValueHash(h: number): number {
  return finish(Math.imul(h ^ KEY_VALUE_MARK, FNV_PRIME));
}

/** The tree key of a token hash: a small integer (0 for the wildcard) so maps need no boxing. */
export function routeKey(hash: number): number {
  return hash === WILDCARD ? 0 : (hash & 0x3fffffff) | 1;
}

/**
 * The hash of a token as written in template text (`<*>`, `key=<*>`, `dn<*>` or a word): what the
 * tokenizer gives the token that renders so. Used to rebuild templates from `toJSON()` output.
 * @param digitRuns true when the masking's `digits` option is `'runs'`
 */
export function hashTemplateToken(token: string, digitRuns: boolean): number {
  if (token === WILDCARD_TEXT) return WILDCARD;
  const n = token.length;
  const keyValue = n > 4 && token.endsWith(`=${WILDCARD_TEXT}`);
  const end = keyValue ? n - 3 : n;
  let h = FNV_OFFSET;
  for (let i = 0; i < end; i++) {
    let c = token.charCodeAt(i);
    if (digitRuns && isDigit(c)) {
      while (i + 1 < end && isDigit(token.charCodeAt(i + 1))) i++;
      c = RUN_MARK;
    } else if (digitRuns && c === 60 && token.startsWith(WILDCARD_TEXT, i)) {
      i += 2;
      c = RUN_MARK;
    }
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return keyValue ? keyValueHash(h) : finish(h);
}

/** Hash of the literal text `text[start, end)`, digits included (never {@link WILDCARD}). */
export function literalHash(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return finish(h);
}

/** The token kind of a token as written in template text. */
export function templateTokenKind(token: string): number {
  if (token === WILDCARD_TEXT) return MASKED;
  if (token.length > 4 && token.endsWith(`=${WILDCARD_TEXT}`)) return KEY_VALUE;
  return token.includes(WILDCARD_TEXT) ? DIGIT_RUNS : CONSTANT;
}

/** Longest quoted value taken as one token. */
const MAX_QUOTED = 256;

/**
 * Splits a message into tokens on whitespace (plus extra delimiters), masking parameters as it goes,
 * in a single pass over the characters with no regex and no allocation (user mask rules aside).
 */
export class Tokenizer {
  private readonly delimiters = new Uint8Array(128);
  private readonly stats = new TokenStats();

  /**
   * @param masking compiled masking rules
   * @param extraDelimiters ASCII characters that separate tokens besides whitespace (e.g. `,;`), checked by the caller
   * @param maxLength characters of a message looked at; the rest is ignored
   */
  private readonly isUnitWord: (text: string, start: number, end: number) => boolean;

  constructor(
    readonly masking: Masking,
    extraDelimiters: string,
    readonly maxLength: number,
  ) {
    this.isUnitWord = (text, start, end) => {
      if (!masking.units || end <= start || end - start > 7) return false;
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 0xb5)) return false;
      }
      return isUnit(text, start, end, end - start, masking);
    };
    for (const c of [9, 10, 11, 12, 13, 32]) this.delimiters[c] = 1;
    for (let i = 0; i < extraDelimiters.length; i++) this.delimiters[extraDelimiters.charCodeAt(i) & 127] = 1;
  }

  /** Tokenize `text` into `buf` (at most `buf.capacity` tokens: the rest folds into a last `<*>`). */
  tokenize(text: string, buf: TokenBuffer): void {
    const m = this.masking;
    const st = this.stats;
    buf.isUnitWord = this.isUnitWord;
    const delim = this.delimiters;
    const hashes = buf.hashes;
    const starts = buf.starts;
    const ends = buf.ends;
    const kinds = buf.kinds;
    const firstEnds = buf.firstEnds;
    const words = buf.words;
    const cap = buf.capacity;
    const n = text.length < this.maxLength ? text.length : this.maxLength;
    let k = 0;
    const runs = m.digits === 'runs';
    let prevNumber = false; // the last token is a masked token holding digits (a unit may follow)
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (c < 128 && delim[c] === 1) {
        i++;
        continue;
      }
      const start = i;
      if (k === cap) {
        // Too many tokens: the rest of the message is one parameter.
        let e = n;
        while (e > start) {
          const d = text.charCodeAt(e - 1);
          if (d >= 128 || delim[d] === 0) break;
          e--;
        }
        ends[k - 1] = e;
        kinds[k - 1] = MASKED;
        hashes[k - 1] = WILDCARD;
        firstEnds[k - 1] = starts[k - 1]; // a span: shown as one <*>
        break;
      }
      if ((c === 34 || c === 39) && m.quoted) {
        const limit = n < start + MAX_QUOTED ? n : start + MAX_QUOTED;
        let j = start + 1;
        while (j < limit && text.charCodeAt(j) !== c) j++;
        if (j < limit && !isRequestLine(text, start + 1, j)) {
          i = j + 1;
          if (m.collapse && k > 0 && kinds[k - 1] === MASKED) {
            ends[k - 1] = i;
          } else {
            starts[k] = start;
            ends[k] = i;
            firstEnds[k] = i;
            kinds[k] = MASKED;
            hashes[k] = WILDCARD;
            words[k] = 0;
            k++;
          }
          prevNumber = false;
          continue;
        }
      }
      let h = FNV_OFFSET;
      let nonWord = 0;
      let nonHost = 0;
      let dots = 0;
      let slashes = 0;
      let backslashes = 0;
      let eq = -1;
      let at = -1;
      let scheme = -1;
      let letters = 0;
      let digits = 0;
      let nonNumeric = 0; // characters no numeric token holds (`= @ \\ µ`, other symbols, non-ASCII)
      let opens = 0; // `(` and `[`: without them and without an opener first, a token has no prefix
      let hk = 0;
      while (i < n) {
        c = text.charCodeAt(i);
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
          h = Math.imul(h ^ c, FNV_PRIME);
          letters++;
          i++;
          continue;
        }
        if (c >= 48 && c <= 57) {
          // a run of digits: hashed as one mark when `digits` is 'runs' (a hex literal `0x...` too)
          h = Math.imul(h ^ (runs ? RUN_MARK : c), FNV_PRIME);
          digits++;
          i++;
          if (runs && c === 48 && i + 1 < n && (text.charCodeAt(i) | 32) === 120 && isHexDigit(text.charCodeAt(i + 1))) {
            i++;
            while (i < n && isHexDigit(text.charCodeAt(i))) {
              digits++;
              i++;
            }
            continue;
          }
          while (i < n) {
            c = text.charCodeAt(i);
            if (c < 48 || c > 57) break;
            if (!runs) h = Math.imul(h ^ c, FNV_PRIME);
            digits++;
            i++;
          }
          continue;
        }
        if (c < 128 && delim[c] === 1) break;
        if (!(runs && c === 45 && i + 1 < n && isDigit(text.charCodeAt(i + 1)) && isSign(text, i, start))) h = Math.imul(h ^ c, FNV_PRIME);
        switch (c) {
          case 46: // .
            dots++;
            break;
          case 45: // -
            nonWord++;
            break;
          case 47: // /
            slashes++;
            nonWord++;
            nonHost++;
            break;
          case 58: // :
            if (scheme < 0 && i + 2 < n && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) scheme = i;
            break;
          case 40:
          case 91: // ( [
            opens++;
            break;
          case 41:
          case 93:
          case 44:
          case 59: // ) ] , ;
            break;
          case 60:
          case 62:
          case 34:
          case 39: // < > " '
            nonWord++;
            break;
          case 95:
          case 43:
          case 123:
          case 125:
          case 37:
          case 35: // _ + { } % #
            nonWord++;
            nonHost++;
            break;
          case 61: // =
            if (eq < 0) {
              eq = i;
              hk = h;
            }
            nonWord++;
            nonHost++;
            nonNumeric++;
            break;
          case 64: // @
            if (at < 0) at = i;
            nonWord++;
            nonHost++;
            nonNumeric++;
            break;
          case 92: // \
            backslashes++;
            nonWord++;
            nonHost++;
            nonNumeric++;
            break;
          case 0xb5: // µ (units)
            letters++;
            nonHost++;
            nonNumeric++;
            break;
          default:
            nonWord++;
            nonHost++;
            nonNumeric++;
        }
        i++;
      }
      let kind: number;
      let wordLike: boolean; // no digits, no symbols but brackets and separators (unit and date test)
      let word = 0;
      if (letters === i - start && !(letters >= 8 && m.hex && isHexRun(text, start, i)) && m.rules.length === 0) {
        kind = CONSTANT; // a plain word: the common case, no classification needed
        wordLike = true;
        word = isUpper(text.charCodeAt(start)) ? 3 : 2;
      } else {
        st.letters = letters;
        st.digits = digits;
        st.nonWord = nonWord;
        st.nonHost = nonHost;
        st.dots = dots;
        st.slashes = slashes;
        st.backslashes = backslashes;
        st.eq = eq;
        st.at = at;
        st.scheme = scheme;
        st.numeric = nonNumeric > 0 ? 0 : letters === 0 ? 1 : 2;
        // digits and numeric punctuation only: a number, classifyToken's first rule (`10.0.0.1`, `12:00:01`)
        if (digits > 0 && letters === 0 && nonNumeric === 0 && m.numbers) kind = MASKED;
        else if (eq < 0 && at < 0 && scheme < 0 && slashes === 0 && backslashes === 0 && dots === 0 && m.rules.length === 0) kind = classifyPlainToken(text, start, i, letters, digits, nonNumeric, m);
        else kind = classifyToken(text, start, i, st, m);
        // `(uid=0)`, `(softheader=0x1b)`: the value inside the punctuation is what is classified
        if ((kind === DIGIT_RUNS || (kind === CONSTANT && eq > start)) && (opens > 0 || isOpener(text.charCodeAt(start)))) {
          const pre = prefixLength(text, start, i);
          if (pre > 0) {
            st.numeric = -1;
            const inner = classifyToken(text, start + pre, i - suffixLength(text, start + pre, i), st, m);
            if (inner === KEY_VALUE || inner === MASKED) kind = inner;
          }
        }
        // (affixes hold no digit, and the word starts with a capital: both known before the suffix is measured)
        if (kind === CONSTANT && digits === 0 && (isOpener(text.charCodeAt(start)) || isUpper(text.charCodeAt(start)))) {
          const pre = prefixLength(text, start, i);
          if (isUpper(text.charCodeAt(start + pre)) && isCapitalisedWord(text, start + pre, i - suffixLength(text, start + pre, i))) word = 1;
        }
        wordLike = digits === 0 && nonWord === 0 && letters > 0;
      }
      let from = start;
      if (kind === MASKED) {
        if (digits > 0 && m.dates) {
          // `Fri Jun 17 ...`: up to two day and month names before a number join it.
          let j = k;
          while (j > 0 && k - j < 2 && kinds[j - 1] === CONSTANT && mayBeDateWord(text, starts[j - 1]) && isDateWord(text, starts[j - 1], ends[j - 1], m)) j--;
          if (j < k) {
            k = j;
            from = starts[k];
          }
        }
        if (m.collapse && k > 0 && kinds[k - 1] === MASKED) {
          ends[k - 1] = i;
          prevNumber = prevNumber || digits > 0;
          continue;
        }
        hashes[k] = WILDCARD;
        prevNumber = digits > 0;
      } else if (kind === CONSTANT && prevNumber && wordLike && ((m.units && isUnit(text, start, i, letters, m)) || (m.dates && mayBeDateWord(text, start) && isDateWord(text, start, i, m)))) {
        ends[k - 1] = i; // `1.2 KB`, `17 Jun`
        continue;
      } else {
        const id = kind === KEY_VALUE ? keyValueHash(hk) : finish(h);
        if (kind === DIGIT_RUNS && k > 0 && kinds[k - 1] === DIGIT_RUNS && hashes[k - 1] === id) {
          ends[k - 1] = i; // a list: `blk_1 blk_2 blk_3`
          continue;
        }
        hashes[k] = id;
        prevNumber = false;
      }
      starts[k] = from;
      ends[k] = i;
      firstEnds[k] = i;
      words[k] = word;
      kinds[k] = kind;
      k++;
    }
    buf.count = k;
  }
}
