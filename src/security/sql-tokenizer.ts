import { isDigit } from '../core/ascii-digits.js';
const DEFAULTS = {
  /** Tokens kept per input; the rest of a long input is not tokenised. */
  maxTokens: 256,
} as const;

/** SQL token types produced by {@link SqlTokenizer}. */
export const T = {
  /** Closed string literal. */
  STR: 1,
  /** String literal still open at the end of the input (the application's own quote closes it). */
  USTR: 2,
  NUM: 3,
  /** Identifier or unknown word. */
  WORD: 4,
  /** Word followed by `(`. */
  FUNC: 5,
  /** Statement keyword: insert, update, delete, drop, create, alter, truncate, exec, declare, ... */
  STMT: 6,
  SELECT: 7,
  UNION: 8,
  /** Clause keyword: from, where, order, group, by, having, limit, into, values, table, ... */
  CLAUSE: 9,
  /** and, or, xor, not, &&, || */
  LOGIC: 10,
  /** Arithmetic / bitwise operator. */
  OP: 11,
  /** Comparison operator: = < > <= >= <> != <=> like rlike regexp is in between sounds. */
  CMP: 12,
  /** null, true, false, current_user, ... */
  LIT: 13,
  LPAREN: 14,
  RPAREN: 15,
  COMMA: 16,
  SEMI: 17,
  /** `@name` */
  VAR: 18,
  /** `@@name` (server variable) */
  SYSVAR: 19,
  /** Any other punctuation. */
  OTHER: 20,
} as const;

const KEYWORDS = new Map<string, number>();
function kw(type: number, words: string): void {
  for (const w of words.split(' ')) KEYWORDS.set(w, type);
}
kw(T.STMT, 'insert update delete drop create alter truncate exec execute declare shutdown grant revoke waitfor rename handler call');
kw(T.SELECT, 'select');
kw(T.UNION, 'union');
kw(T.CLAUSE, 'from where order group by having limit offset into values table database outfile dumpfile procedure join set top case when then else end exists delay distinct all');
kw(T.LOGIC, 'and or xor not');
kw(T.CMP, 'like rlike regexp is in between sounds');
kw(T.OP, 'div mod');
kw(T.LIT, 'null true false current_user session_user system_user');

/**
 * A SQL tokenizer for classifying user input, in the spirit of libinjection (own design): it reads
 * the input as SQL, optionally as if it started inside a string opened by the application (`'` or
 * `"`), and produces a bounded token array. Comments are dropped (noting whether the input ends in
 * one); a comment inside a word is folded (`UN/**\/ION` reads `union`); MySQL executable comments
 * (`/*!50000union*\/`) are read as code. No allocation per token except word texts. Linear time.
 */
export class SqlTokenizer {
  readonly types: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Word text for WORD / FUNC / keyword tokens ('' for others). */
  readonly words: string[];
  count = 0;
  /** Comments seen. */
  comments = 0;
  /** True when the input ends inside or right after a comment (`--`, `#`, `/*`). */
  endsWithComment = false;

  constructor(readonly maxTokens: number = DEFAULTS.maxTokens) {
    this.types = new Uint8Array(maxTokens);
    this.starts = new Int32Array(maxTokens);
    this.ends = new Int32Array(maxTokens);
    this.words = new Array<string>(maxTokens).fill('');
  }

  /**
   * Tokenise `s` (already lower-case). `quote` is 0 to read it as it is, or the char code of `'` /
   * `"` to read it as if the application had opened a string with that quote just before it.
   */
  tokenize(s: string, quote: number): void {
    this.read(s, quote);
    this.markFunctions();
  }

  private read(s: string, quote: number): void {
    this.count = 0;
    this.comments = 0;
    this.endsWithComment = false;
    const n = s.length;
    let i = 0;
    if (quote !== 0) {
      const close = this.stringEnd(s, 0, quote);
      if (close < 0) {
        this.push(T.USTR, 0, n, '');
        return;
      }
      this.push(T.STR, 0, close + 1, '');
      i = close + 1;
    }
    while (i < n && this.count < this.maxTokens) {
      const c = s.charCodeAt(i);
      this.endsWithComment = false;
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 0) {
        i++;
        continue;
      }
      // comments
      if ((c === 45 && s.charCodeAt(i + 1) === 45) || c === 35) {
        this.comments++;
        const nl = s.indexOf('\n', i);
        if (nl < 0) {
          this.endsWithComment = true;
          return;
        }
        i = nl + 1;
        continue;
      }
      if (c === 47 && s.charCodeAt(i + 1) === 42) {
        if (s.charCodeAt(i + 2) === 33 /* ! */) {
          i += 3;
          while (i < n && isDigit(s.charCodeAt(i))) i++;
          continue;
        }
        this.comments++;
        const close = s.indexOf('*/', i + 2);
        if (close < 0) {
          this.endsWithComment = true;
          return;
        }
        i = close + 2;
        continue;
      }
      if (c === 42 && s.charCodeAt(i + 1) === 47) {
        // the end of a MySQL executable comment
        i += 2;
        continue;
      }
      if (c === 39 || c === 34) {
        const close = this.stringEnd(s, i + 1, c);
        if (close < 0) {
          this.push(T.USTR, i, n, '');
          return;
        }
        this.push(T.STR, i, close + 1, '');
        i = close + 1;
        continue;
      }
      if (c === 96 /* ` */) {
        const close = s.indexOf('`', i + 1);
        const end = close < 0 ? n : close + 1;
        this.push(T.WORD, i, end, s.slice(i + 1, close < 0 ? n : close));
        i = end;
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) {
        i = this.number(s, i);
        continue;
      }
      if (isWordStart(c)) {
        i = this.word(s, i);
        continue;
      }
      if (c === 64 /* @ */) {
        const sys = s.charCodeAt(i + 1) === 64;
        let j = i + (sys ? 2 : 1);
        const from = j;
        while (j < n && isWordChar(s.charCodeAt(j))) j++;
        if (j > from) {
          this.push(sys ? T.SYSVAR : T.VAR, i, j, s.slice(from, j));
          i = j;
        } else {
          this.push(T.OTHER, i, i + 1, '');
          i++;
        }
        continue;
      }
      i = this.symbol(s, i, c);
    }
  }

  /** Index of the quote closing a string whose content starts at `from`, or -1. */
  private stringEnd(s: string, from: number, q: number): number {
    const n = s.length;
    let i = from;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 92 /* \ */) {
        i += 2;
        continue;
      }
      if (c === q) {
        if (s.charCodeAt(i + 1) === q) {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }

  private number(s: string, i: number): number {
    const n = s.length;
    const start = i;
    if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 32) === 120) {
      i += 2;
      while (i < n && isHex(s.charCodeAt(i))) i++;
    } else {
      while (i < n && (isDigit(s.charCodeAt(i)) || s.charCodeAt(i) === 46)) i++;
      if ((s.charCodeAt(i) | 32) === 101 && (isDigit(s.charCodeAt(i + 1)) || ((s.charCodeAt(i + 1) === 43 || s.charCodeAt(i + 1) === 45) && isDigit(s.charCodeAt(i + 2))))) {
        i += 2;
        while (i < n && isDigit(s.charCodeAt(i))) i++;
      }
    }
    this.push(T.NUM, start, i, s.slice(start, i));
    return i;
  }

  private word(s: string, i: number): number {
    const n = s.length;
    const start = i;
    let text = '';
    let from = i;
    for (;;) {
      while (i < n) {
        const c = s.charCodeAt(i);
        if (isWordChar(c)) i++;
        else if (c === 46 && i + 1 < n && isWordStart(s.charCodeAt(i + 1))) i++;
        else break;
      }
      // a comment inside a word is folded away: un/**/ion
      if (s.charCodeAt(i) === 47 && s.charCodeAt(i + 1) === 42 && s.charCodeAt(i + 2) !== 33) {
        const close = s.indexOf('*/', i + 2);
        if (close > 0 && close + 2 < n && isWordChar(s.charCodeAt(close + 2)) && !isKeywordPair(text + s.slice(from, i), s, close + 2)) {
          text += s.slice(from, i);
          this.comments++;
          i = from = close + 2;
          continue;
        }
      }
      break;
    }
    text += s.slice(from, i);
    const kind = KEYWORDS.get(text);
    this.push(kind ?? T.WORD, start, i, text);
    return i;
  }

  private symbol(s: string, i: number, c: number): number {
    const d = s.charCodeAt(i + 1);
    switch (c) {
      case 40:
        this.push(T.LPAREN, i, i + 1, '');
        return i + 1;
      case 41:
        this.push(T.RPAREN, i, i + 1, '');
        return i + 1;
      case 44:
        this.push(T.COMMA, i, i + 1, '');
        return i + 1;
      case 59:
        this.push(T.SEMI, i, i + 1, '');
        return i + 1;
      case 124: // |
        if (d === 124) {
          this.push(T.LOGIC, i, i + 2, '||');
          return i + 2;
        }
        this.push(T.OP, i, i + 1, '');
        return i + 1;
      case 38: // &
        if (d === 38) {
          this.push(T.LOGIC, i, i + 2, '&&');
          return i + 2;
        }
        // named, so that a parameter boundary (`fun&page=1`) can be told from an operator
        this.push(T.OP, i, i + 1, '&');
        return i + 1;
      case 61: // =
        this.push(T.CMP, i, i + 1, '=');
        return i + 1;
      case 60: // < <= <> <=>
        if (d === 61 && s.charCodeAt(i + 2) === 62) {
          this.push(T.CMP, i, i + 3, '<=>');
          return i + 3;
        }
        if (d === 61 || d === 62) {
          this.push(T.CMP, i, i + 2, '');
          return i + 2;
        }
        if (d === 60) {
          this.push(T.OP, i, i + 2, '');
          return i + 2;
        }
        this.push(T.CMP, i, i + 1, '<');
        return i + 1;
      case 62: // > >=
        if (d === 61) {
          this.push(T.CMP, i, i + 2, '');
          return i + 2;
        }
        if (d === 62) {
          this.push(T.OP, i, i + 2, '');
          return i + 2;
        }
        this.push(T.CMP, i, i + 1, '>');
        return i + 1;
      case 33: // != !
        if (d === 61) {
          this.push(T.CMP, i, i + 2, '!=');
          return i + 2;
        }
        this.push(T.LOGIC, i, i + 1, '!');
        return i + 1;
      case 43:
      case 45:
      case 42:
      case 47:
      case 37:
      case 94:
      case 126:
        this.push(T.OP, i, i + 1, '');
        return i + 1;
      default:
        this.push(T.OTHER, i, i + 1, '');
        return i + 1;
    }
  }

  private push(type: number, start: number, end: number, word: string): void {
    const k = this.count;
    if (k >= this.maxTokens) return;
    this.types[k] = type;
    this.starts[k] = start;
    this.ends[k] = end;
    this.words[k] = word;
    this.count = k + 1;
  }

  /** A word directly followed by `(` is a function call. */
  private markFunctions(): void {
    for (let k = 0; k + 1 < this.count; k++) {
      if (this.types[k] === T.WORD && this.types[k + 1] === T.LPAREN) this.types[k] = T.FUNC;
    }
  }
}

/** `union/**\/select`: the word before the comment is a keyword and the joined word is not. */
function isKeywordPair(left: string, s: string, from: number): boolean {
  if (!KEYWORDS.has(left)) return false;
  let j = from;
  while (j < s.length && isWordChar(s.charCodeAt(j))) j++;
  return !KEYWORDS.has(left + s.slice(from, j));
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

function isWordChar(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}
