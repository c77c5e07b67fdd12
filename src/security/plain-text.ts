/**
 * Plain text: ASCII letters, digits, `/`, `.`, `-` and `_`, what most benign URL paths are made of
 * (`/api/orders/12345`, `/static/app-3.js`).
 *
 * Why it matters: a value made only of plain characters goes through the `Normalizer` unchanged
 * except for lower-casing (no `%`, `+`, `&` or `\` to decode, no `${` lookup, no control or
 * non-ASCII character to fold), and it holds none of the syntax the analysers key on (spaces,
 * quotes, `<`, `(`, `;`, `|`, `&`, `=`, `:`, `@`, `#`, `*`, backticks, ...). On such a value each
 * analyser can only match a few literal triggers (`etc/passwd`, `document.cookie`, a command name
 * as the last segment), which its `mayMatchPlain` looks for without decoding or tokenising.
 *
 * The scan also records which features occur, as a bit mask: one bit per letter (case folded), one
 * each for digits, `/`, `.`, and `-` or `_`, and one for two of `.` and `/` in a row (`..`, `//`,
 * `/.`, `./`). A literal whose features are not all in the text cannot occur in it, so most
 * literals are ruled out without a substring search.
 */
const BIT = new Int32Array(128);
for (let c = 97; c <= 122; c++) {
  BIT[c] = 1 << (c - 97);
  BIT[c - 32] = 1 << (c - 97);
}
for (let c = 48; c <= 57; c++) BIT[c] = 1 << 26;
BIT[47] = 1 << 27; // /
BIT[46] = 1 << 28; // .
BIT[45] = 1 << 29; // -
BIT[95] = 1 << 29; // _
const DOT_OR_SLASH = (1 << 27) | (1 << 28);
/** Two of `.` and `/` in a row. */
const PAIR = 1 << 30;

/** Per character: `.` or `/`, upper-case letter. */
const DOT_OR_SLASH_FLAG = 1;
const UPPER_FLAG = 2;
const FLAG = new Uint8Array(128);
FLAG[46] = DOT_OR_SLASH_FLAG;
FLAG[47] = DOT_OR_SLASH_FLAG;
for (let c = 65; c <= 90; c++) FLAG[c] = UPPER_FLAG;

/** Features from the most to the least common in URL paths (PAIR last): a literal is filed under its rarest. */
const BY_COMMONNESS = '/easiotrn0lcpdmu.hg-bfvwykxjqz';
const RANK = new Int8Array(31);
for (let i = 0; i < BY_COMMONNESS.length; i++) RANK[31 - Math.clz32(BIT[BY_COMMONNESS.charCodeAt(i)])] = i;
RANK[30] = BY_COMMONNESS.length;

/** The features of `s` (see above); 0 when `s` is empty or not plain. */
export function charMask(s: string): number {
  let mask = 0;
  let prev = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const b = c < 128 ? BIT[c] : 0;
    if (b === 0) return 0;
    mask |= (b & DOT_OR_SLASH) !== 0 && (prev & DOT_OR_SLASH) !== 0 ? b | PAIR : b;
    prev = b;
  }
  return mask;
}

/** A value read as plain text by {@link PlainScanner}; one object is reused per scanner. */
export interface PlainValue {
  /** The first `maxLength` characters, lower-cased: what the `Normalizer` produces for a plain value. */
  text: string;
  /** Its features (see {@link charMask}). */
  chars: number;
  /** Where its last path segment starts (after the last `/`; 0 without one). */
  segment: number;
}

/** Reads values as plain text; allocates only for a value longer than `maxLength` or with an upper-case letter. */
export class PlainScanner {
  private readonly result: PlainValue = { text: '', chars: 0, segment: 0 };

  constructor(readonly maxLength: number) {}

  /** The value as plain text, or undefined when one of its first `maxLength` characters is not plain. */
  scan(value: string): PlainValue | undefined {
    const n = value.length < this.maxLength ? value.length : this.maxLength;
    let mask = 0;
    let flags = 0;
    let prev = 0;
    let pairs = 0;
    let segment = 0;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      const b = c < 128 ? BIT[c] : 0;
      if (b === 0) return undefined;
      mask |= b;
      const f = FLAG[c];
      flags |= f;
      pairs |= f & prev;
      prev = f;
      if (c === 47) segment = i + 1;
    }
    if ((pairs & DOT_OR_SLASH_FLAG) !== 0) mask |= PAIR;
    const s = n < value.length ? value.slice(0, n) : value;
    const r = this.result;
    r.text = (flags & UPPER_FLAG) !== 0 ? s.toLowerCase() : s;
    r.chars = mask;
    r.segment = segment;
    return r;
  }
}

/**
 * Literals looked for in plain text, filed by their rarest feature so that a test usually looks at
 * none of them. Entries that are not plain (`cmd /c`, `top[`) never occur in plain text and are
 * dropped. `at: 'start'` matches only at the start of the text.
 */
export class PlainLiterals {
  /** Features under which literals are filed. */
  private readonly keys: number;
  private readonly literals: string[][] = [];
  private readonly masks: number[][] = [];

  constructor(
    list: readonly string[],
    readonly at: 'anywhere' | 'start' = 'anywhere',
  ) {
    let keys = 0;
    for (let bit = 0; bit < 31; bit++) {
      this.literals.push([]);
      this.masks.push([]);
    }
    for (const s of list) {
      const m = charMask(s);
      if (m === 0) continue;
      let rarest = -1;
      for (let bit = 0; bit < 31; bit++) if ((m & (1 << bit)) !== 0 && (rarest < 0 || RANK[bit] > RANK[rarest])) rarest = bit;
      this.literals[rarest].push(s);
      this.masks[rarest].push(m);
      keys |= 1 << rarest;
    }
    this.keys = keys;
  }

  /** True when one of the literals occurs in `text` (plain, lower-cased; `chars` its features). */
  test(text: string, chars: number): boolean {
    let x = chars & this.keys;
    while (x !== 0) {
      const low = x & -x;
      x ^= low;
      const bit = 31 - Math.clz32(low);
      const masks = this.masks[bit];
      for (let i = 0; i < masks.length; i++) {
        const m = masks[i];
        if ((chars & m) !== m) continue;
        const lit = this.literals[bit][i];
        if (this.at === 'start' ? text.startsWith(lit) : text.indexOf(lit) >= 0) return true;
      }
    }
    return false;
  }
}
