import { unwrapLookups } from './lookup-unwrap.js';
import { isWideBreak } from './wide-break.js';

const DEFAULTS = {
  /** Characters of input considered; the rest is ignored. */
  maxLength: 4096,
  /** Decoding rounds at most (URL, HTML entity and escape decoding repeated until stable). */
  maxRounds: 4,
} as const;

/** Result of {@link normalize}; one object is reused per normaliser. */
export interface Normalized {
  /** Decoded, lower-cased text. */
  text: string;
  /** Decoding rounds that changed the text (0: plain text, 1: encoded once, 2+: nested encodings). */
  layers: number;
  /**
   * Rounds after the first that produced syntax characters (`. / \ < > ' " ; ( ) { } $ |`, ...):
   * an encoding nested only to hide them. `%2520` (a space encoded twice) does not count.
   */
  metaLayers: number;
  /** True when the input held a NUL byte (raw or encoded), a classic truncation trick. */
  nul: boolean;
  /** True when the text holds a wide character whose low byte is CR or LF (`wide-break.ts`; only the header-injection analyser folds it). */
  wideBreaks: boolean;
}

/** Options of {@link Normalizer}. */
export interface NormalizerOptions {
  /** Characters inspected per value (default 4096). */
  maxLength?: number;
  /** Decoding rounds at most (default 4). */
  maxRounds?: number;
}

/**
 * The decoding pipeline run on a user-input value before the attack analysers look at it. Per
 * round: URL percent-decoding (`%XX`, `%uXXXX`, `+` as space, UTF-8 with overlong forms folded to
 * ASCII and stray lead bytes dropped), HTML character references (`&#60;`, `&#x3c`, `&lt;`),
 * `\uXXXX`, `\u{X}` and `\xXX` escapes. Rounds repeat while the text changes, up to `maxRounds`
 * (default 4). Then Log4j lookups are unwrapped (`${lower:j}` to `j`, `${x:-j}` to `j`), full-width
 * and look-alike slashes/dots become ASCII, control characters are dropped or become spaces (NUL is
 * kept and noted), and the text is lower-cased. Input beyond `maxLength` (default 4096) characters is
 * ignored. Linear time per round; never throws.
 *
 * SQL comment folding happens in the SQL tokenizer and `\` / `/` folding in the traversal analyser,
 * since those steps would destroy evidence the other analysers need.
 */
export class Normalizer {
  readonly maxLength: number;
  readonly maxRounds: number;
  private readonly result: Normalized = { text: '', layers: 0, metaLayers: 0, nul: false, wideBreaks: false };

  constructor(options: NormalizerOptions = {}) {
    this.maxLength = options.maxLength ?? DEFAULTS.maxLength;
    this.maxRounds = options.maxRounds ?? DEFAULTS.maxRounds;
  }

  /** Normalise `value`. The returned object is reused by the next call. */
  normalize(value: string): Normalized {
    const r = this.result;
    let s = value.length > this.maxLength ? value.slice(0, this.maxLength) : value;
    let layers = 0;
    let metaLayers = 0;
    for (let round = 0; round < this.maxRounds; round++) {
      if (!needsDecoding(s)) break;
      const before = round > 0 ? countMeta(s) : 0;
      const next = decodeEntities(decodeEscapes(percentDecode(s, round === 0)));
      if (next === s) break;
      layers++;
      if (round > 0 && countMeta(next) > before) metaLayers++;
      s = next;
    }
    if (s.indexOf('${') >= 0) s = unwrapLookups(s);
    r.nul = false;
    r.wideBreaks = false;
    s = foldCharacters(s, r);
    r.text = s.toLowerCase();
    r.layers = layers;
    r.metaLayers = metaLayers;
    return r;
  }
}

/** Normalise one value with default options (convenience for tests and tools). */
export function normalize(value: string, options?: NormalizerOptions): Normalized {
  const n = new Normalizer(options).normalize(value);
  return { ...n };
}

function needsDecoding(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */ || c === 43 /* + */ || c === 38 /* & */ || c === 92 /* \ */) return true;
  }
  return false;
}

function isMeta(c: number): boolean {
  return (
    c === 46 ||
    c === 47 ||
    c === 92 ||
    c === 60 ||
    c === 62 ||
    c === 39 ||
    c === 34 ||
    c === 59 ||
    c === 40 ||
    c === 41 ||
    c === 123 ||
    c === 125 ||
    c === 36 ||
    c === 124 ||
    c === 96 ||
    c === 58 ||
    c === 0
  );
}

function countMeta(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isMeta(s.charCodeAt(i))) n++;
  return n;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Byte value of `%XX` at `i`, or -1. */
function pctByte(s: string, i: number): number {
  if (i + 2 >= s.length || s.charCodeAt(i) !== 37) return -1;
  const h = hexValue(s.charCodeAt(i + 1));
  const l = hexValue(s.charCodeAt(i + 2));
  return h < 0 || l < 0 ? -1 : (h << 4) | l;
}

/**
 * One round of URL percent-decoding (`+` is a space only in the first round: a `+` that came out of
 * `%2B` is a plus). Multi-byte UTF-8 sequences decode to their character;
 * overlong forms (`%c0%ae` for `.`) decode to the ASCII character they spell; a lead byte without
 * its continuation is dropped (`%c0%5c` gives `\`, as lenient servers do).
 */
function percentDecode(s: string, plusAsSpace: boolean): string {
  if (s.indexOf('%') < 0 && (!plusAsSpace || s.indexOf('+') < 0)) return s;
  let out = '';
  let from = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 43 && plusAsSpace) {
      out += `${s.slice(from, i)} `;
      from = ++i;
      continue;
    }
    if (c !== 37) {
      i++;
      continue;
    }
    // %uXXXX
    if (i + 5 < n && (s.charCodeAt(i + 1) | 32) === 117) {
      const a = hexValue(s.charCodeAt(i + 2));
      const b = hexValue(s.charCodeAt(i + 3));
      const d = hexValue(s.charCodeAt(i + 4));
      const e = hexValue(s.charCodeAt(i + 5));
      if (a >= 0 && b >= 0 && d >= 0 && e >= 0) {
        out += s.slice(from, i) + String.fromCharCode((a << 12) | (b << 8) | (d << 4) | e);
        from = i += 6;
        continue;
      }
    }
    const b0 = pctByte(s, i);
    if (b0 < 0) {
      i++;
      continue;
    }
    out += s.slice(from, i);
    i += 3;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
    } else if (b0 >= 0xc0) {
      const need = b0 >= 0xf0 ? 3 : b0 >= 0xe0 ? 2 : 1;
      let cp = b0 & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
      let ok = true;
      let j = i;
      for (let k = 0; k < need; k++) {
        const b = pctByte(s, j);
        if (b < 0x80 || b >= 0xc0) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (b & 0x3f);
        j += 3;
      }
      if (ok) {
        i = j;
        if (cp > 0x10ffff) cp = 0xfffd;
        out += String.fromCodePoint(cp);
      }
      // not ok: the lead byte is dropped and what follows is read on its own
    }
    // a stray continuation byte (0x80..0xbf) is dropped
    from = i;
  }
  return from === 0 ? out + s : out + s.slice(from);
}

/** `\uXXXX`, `\u{X..}` and `\xXX` escapes. */
function decodeEscapes(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  let out = '';
  let from = 0;
  const n = s.length;
  let i = s.indexOf('\\');
  while (i >= 0 && i + 1 < n) {
    const k = s.charCodeAt(i + 1) | 32;
    let cp = -1;
    let len = 0;
    if (k === 117 /* u */) {
      if (s.charCodeAt(i + 2) === 123 /* { */) {
        let v = 0;
        let j = i + 3;
        while (j < n && j < i + 10) {
          const h = hexValue(s.charCodeAt(j));
          if (h < 0) break;
          v = v * 16 + h;
          j++;
        }
        if (j > i + 3 && s.charCodeAt(j) === 125 && v <= 0x10ffff) {
          cp = v;
          len = j + 1 - i;
        }
      } else if (i + 5 < n) {
        const a = hexValue(s.charCodeAt(i + 2));
        const b = hexValue(s.charCodeAt(i + 3));
        const d = hexValue(s.charCodeAt(i + 4));
        const e = hexValue(s.charCodeAt(i + 5));
        if (a >= 0 && b >= 0 && d >= 0 && e >= 0) {
          cp = (a << 12) | (b << 8) | (d << 4) | e;
          len = 6;
        }
      }
    } else if (k === 120 /* x */ && i + 3 < n) {
      const h = hexValue(s.charCodeAt(i + 2));
      const l = hexValue(s.charCodeAt(i + 3));
      if (h >= 0 && l >= 0) {
        cp = (h << 4) | l;
        len = 4;
      }
    }
    if (cp >= 0) {
      out += s.slice(from, i) + String.fromCodePoint(cp);
      from = i + len;
      i = s.indexOf('\\', from);
    } else {
      i = s.indexOf('\\', i + 1);
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  amp: '&',
  colon: ':',
  tab: '\t',
  newline: '\n',
  lpar: '(',
  rpar: ')',
  sol: '/',
  bsol: '\\',
  semi: ';',
  comma: ',',
  period: '.',
  equals: '=',
  num: '#',
  excl: '!',
  grave: '`',
  lsqb: '[',
  rsqb: ']',
  lbrace: '{',
  rbrace: '}',
  percnt: '%',
  plus: '+',
  nbsp: ' ',
};

/**
 * HTML character references: numeric ones with or without the closing `;` (browsers accept both,
 * with any number of leading zeros) and a small set of named ones, which need the `;` (so that a
 * query string `a=1&lt=2` stays as it is).
 */
function decodeEntities(s: string): string {
  let i = s.indexOf('&');
  if (i < 0) return s;
  let out = '';
  let from = 0;
  const n = s.length;
  while (i >= 0 && i + 2 < n) {
    let cp = -1;
    let end = i;
    if (s.charCodeAt(i + 1) === 35 /* # */) {
      let j = i + 2;
      let v = 0;
      let digits = 0;
      if ((s.charCodeAt(j) | 32) === 120 /* x */) {
        j++;
        while (j < n) {
          const h = hexValue(s.charCodeAt(j));
          if (h < 0) break;
          if (v < 0x110000) v = v * 16 + h;
          j++;
          digits++;
        }
      } else {
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c < 48 || c > 57) break;
          if (v < 0x110000) v = v * 10 + (c - 48);
          j++;
          digits++;
        }
      }
      if (digits > 0 && digits <= 12) {
        cp = v > 0x10ffff ? 0xfffd : v;
        end = s.charCodeAt(j) === 59 ? j + 1 : j;
      }
    } else {
      let j = i + 1;
      while (j < n && j < i + 10) {
        const c = s.charCodeAt(j) | 32;
        if (c < 97 || c > 122) break;
        j++;
      }
      if (j < n && s.charCodeAt(j) === 59 && j > i + 1) {
        const rep = NAMED_ENTITIES[s.slice(i + 1, j).toLowerCase()];
        if (rep !== undefined) {
          out += s.slice(from, i) + rep;
          from = j + 1;
          i = s.indexOf('&', from);
          continue;
        }
      }
    }
    if (cp >= 0) {
      out += s.slice(from, i) + String.fromCodePoint(cp);
      from = end;
      i = s.indexOf('&', from);
    } else {
      i = s.indexOf('&', i + 1);
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * Full-width ASCII (U+FF01..U+FF5E) to ASCII, look-alike slashes and dots to `/`, `\`, `.`,
 * tab/VT/FF and no-break space to a space, CR to a space before LF and to a line break alone (newline is
 * kept: it separates shell commands), other control characters dropped; NUL is kept (it truncates paths) and
 * sets `r.nul`; a wide character whose low byte is CR or LF is kept and sets `r.wideBreaks` (`wide-break.ts`).
 */
function foldCharacters(s: string, r: Normalized): string {
  let i = 0;
  const n = s.length;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 127 || c >= 0xa0) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c < 127) {
      out += s[i];
    } else if (c === 10) {
      out += '\n';
    } else if (c === 0) {
      r.nul = true;
      out += '\0';
    } else if (c === 13) {
      // a lone CR ends a line (old Mac text; a response splitter's bare `%0d`); before LF it is a space
      out += s.charCodeAt(i + 1) === 10 ? ' ' : '\n';
    } else if (c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0x3000) {
      out += ' ';
    } else if (c < 32 || c === 127 || (c >= 0x80 && c < 0xa0)) {
      // dropped
    } else if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
    } else if (c === 0x2215 || c === 0x2044 || c === 0x29f8) {
      out += '/';
    } else if (c === 0x2216 || c === 0xfe68 || c === 0x29f9) {
      out += '\\';
    } else if (c === 0x2024 || c === 0xfe52) {
      out += '.';
    } else if (c === 0x2039 || c === 0x3008 || c === 0xfe64) {
      out += '<';
    } else if (c === 0x203a || c === 0x3009 || c === 0xfe65) {
      out += '>';
    } else {
      if (isWideBreak(c)) r.wideBreaks = true;
      out += s[i];
    }
  }
  return out;
}
