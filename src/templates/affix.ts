/** How a parameter is written in template text (as in tokenize.ts). */
const WILDCARD_TEXT = '<*>';

/**
 * Affixes of a token: the punctuation around its value that template text keeps, so a parameter
 * reads as people wrote it (`(dcr <*>)`, `<*>,`, `mLctn(<*>),`) instead of swallowing it.
 * The prefix is a run of opening brackets and quotes, or a name of letters ending in `(` or `[`
 * (`mLctn(`); the suffix a run of closing brackets, quotes and `, ; : .`. Both at most 255 characters.
 */

/** `( [ { " '` (not `<`: `<1 sec` is a comparison) */
export function isOpener(c: number): boolean {
  return c === 40 || c === 91 || c === 123 || c === 34 || c === 39;
}

/** `) ] } " ' , ; : .` */
export function isCloser(c: number): boolean {
  return c === 41 || c === 93 || c === 125 || c === 34 || c === 39 || c === 44 || c === 59 || c === 58 || c === 46;
}

function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Length of the prefix of `text[start, end)` (see above); leaves at least one character. */
export function prefixLength(text: string, start: number, end: number): number {
  let j = start;
  while (j < end - 1 && isOpener(text.charCodeAt(j))) j++;
  if (j === start) {
    while (j < end - 1 && isNameChar(text.charCodeAt(j))) j++;
    const c = text.charCodeAt(j);
    if (j === start || j >= end - 1 || (c !== 40 && c !== 91)) return 0;
    j++;
  }
  return Math.min(j - start, 255);
}

/** Length of the suffix of `text[from, end)` (see above), `from` being the end of the prefix; leaves one character. */
export function suffixLength(text: string, from: number, end: number): number {
  let j = end;
  while (j > from + 1 && isCloser(text.charCodeAt(j - 1))) j--;
  return Math.min(end - j, 255);
}

/** A small number identifying a pair of affixes (0 when both are empty). */
export function affixCode(text: string, start: number, pre: number, end: number, post: number): number {
  if (pre === 0 && post === 0) return 0;
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < start + pre; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0x10000, 0x01000193);
  for (let i = end - post; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h & 0x3fffffff) | 1;
}

const CLOSING_OF: Record<number, number> = { 41: 40, 93: 91, 125: 123, 62: 60 };

/**
 * The suffix kept for a span of several tokens (a collapsed list or a number with its unit): a closing
 * bracket stays only when the prefix opened it (`(<*>)`, but `1.2 KB (1234 bytes)` is `<*>`).
 */
export function balancedSuffix(pre: string, post: string): string {
  let out = '';
  for (let i = 0; i < post.length; i++) {
    const c = post.charCodeAt(i);
    const opener = CLOSING_OF[c];
    if (opener === undefined || pre.indexOf(String.fromCharCode(opener)) >= 0) out += post[i];
  }
  return out;
}

/**
 * The affixes kept around a parameter, as lengths packed `pre << 8 | post`: an opening bracket (or a
 * `name(` prefix) whose closer is inside the value goes with it (`[::1]:443` keeps none);
 * in a span of several tokens a closing bracket stays only when the prefix opened it.
 */
export function keptAffixes(text: string, start: number, end: number, pre: number, post: number, multi: boolean): number {
  const postText = text.slice(end - post, end);
  let p = pre;
  if (p > 0) {
    const name = !isOpener(text.charCodeAt(start));
    for (let i = start; i < start + p; i++) {
      const close = closerOf(text.charCodeAt(i));
      // closed inside the value (`[::1]:443`): part of it; closed by a later token (`(42 items)`): kept
      if (close !== 0 && postText.indexOf(String.fromCharCode(close)) < 0 && text.lastIndexOf(String.fromCharCode(close), end - post - 1) >= start + pre) {
        p = name ? 0 : i - start; // a name( prefix goes whole; openers from the unclosed one on
        break;
      }
    }
  }
  let q = post;
  if (multi && q > 0) q = balancedSuffix(text.slice(start, start + p), postText).length === post ? post : 0;
  return (p << 8) | q;
}

function closerOf(c: number): number {
  return c === 40 ? 41 : c === 91 ? 93 : c === 123 ? 125 : 0;
}

/**
 * For a token with digits, the length of a label before its value that template text keeps: letters
 * (then letters, `_ . -`) followed by one of `# : = / (`, or ending in dots (`CPU#0`, `batch:1`,
 * `PS/2`, `mice.c(1766`, `enable......0`, `core.123`); 0 when none (`blk_-42`, `R23-M0`, `v1.0`).
 */
export function labelLength(text: string, start: number, end: number): number {
  let j = start;
  const c0 = text.charCodeAt(j);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return 0;
  while (j < end) {
    const c = text.charCodeAt(j);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45) j++;
    else break;
  }
  if (j >= end - 1 && !(j < end && text.charCodeAt(j - 1) === 46)) return 0;
  const c = text.charCodeAt(j);
  if (c === 58 && text.lastIndexOf('.', j) > start && allDigits(text, j + 1, end)) return 0; // `host.example.asia:443`
  if (c === 35 || c === 58 || c === 61 || c === 47 || c === 40) j++;
  else if (text.charCodeAt(j - 1) !== 46) return 0;
  for (let i = j; i < end; i++) {
    const d = text.charCodeAt(i);
    if (d >= 48 && d <= 57) return j - start;
  }
  return 0;
}

function allDigits(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** True when `text[start, end)` is an identifier: a letter, then letters, digits, `_` and `-` (`eth1`, `jk2_init`, `blk_-42`). */
export function isIdentifier(text: string, start: number, end: number): boolean {
  const c0 = text.charCodeAt(start);
  if (end <= start || !((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return false;
  if (text.charCodeAt(end - 1) === 40) end--; // `jk2_init()`: the `(` of an empty call
  for (let j = start + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45)) return false;
  }
  return true;
}

/** Mix a piece's code into a span's (the shape of a collapsed span: its affixes and unit words). */
export function mixCode(a: number, b: number): number {
  return (Math.imul(a ^ (b + 0x9e3779b9), 0x01000193) & 0x3fffffff) | 1;
}

/**
 * Template text of a masked value `text[start, end)` (one token, affixes already removed): `<*>`, or
 * `<*>:<*>` for numbers, addresses and names joined by `:` (`10.0.0.1:50010`, `host.example.com:80`, `07:07:00`).
 */
export function valueText(text: string, start: number, end: number): string {
  let parts = 1;
  let from = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) {
      if (i === from) return WILDCARD_TEXT; // `::` (IPv6)
      parts++;
      from = i + 1;
    } else if (c === 47 || c === 91 || c === 93 || c === 64) return WILDCARD_TEXT; // URLs, [v6], user@
  }
  if (parts === 1 || from === end) return WILDCARD_TEXT;
  let out = WILDCARD_TEXT;
  for (let p = 1; p < parts; p++) out += `:${WILDCARD_TEXT}`;
  return out;
}

/**
 * Template text of a span of several tokens folded into one parameter (a number with its unit, a list
 * of values): each value `<*>` with its own affixes, unit words after a number as written, runs of bare `<*>` as one
 * (`<*> seconds`, `(<*> KB)`, `<*>, <*> bytes)`). `isWord(text, start, end)` tells a unit word.
 */
export function spanText(text: string, start: number, end: number, isWord: (text: string, s: number, e: number) => boolean): string {
  let out = '';
  let i = start;
  let lastBare = false;
  let prevDigit = false; // a unit word follows a number
  while (i < end) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end) break;
    let j = i;
    while (j < end && !isSpace(text.charCodeAt(j))) j++;
    let piece: string;
    const pre = prefixLength(text, i, j);
    const post = suffixLength(text, i + pre, j);
    if (prevDigit && isWord(text, i + pre, j - post)) piece = text.slice(i, j);
    else piece = `${text.slice(i, i + pre)}${WILDCARD_TEXT}${text.slice(j - post, j)}`;
    prevDigit = false;
    for (let k = i; k < j && !prevDigit; k++) prevDigit = text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57;
    const bare = piece === WILDCARD_TEXT;
    if (!(bare && lastBare)) out += out === '' ? piece : ` ${piece}`;
    lastBare = bare;
    i = j;
  }
  return out;
}

/** A small number identifying the shape {@link spanText} gives a span: its pieces' affixes and unit words. */
export function spanCode(text: string, start: number, end: number, isWord: (text: string, s: number, e: number) => boolean): number {
  let code = 0x2545f491;
  let i = start;
  let prevDigit = false;
  while (i < end) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end) break;
    let j = i;
    while (j < end && !isSpace(text.charCodeAt(j))) j++;
    const pre = prefixLength(text, i, j);
    const post = suffixLength(text, i + pre, j);
    if (prevDigit && isWord(text, i + pre, j - post)) {
      for (let k = i; k < j; k++) code = Math.imul(code ^ text.charCodeAt(k), 0x01000193);
    } else code = mixCode(code, affixCode(text, i, pre, j, post));
    code = mixCode(code, 0x20);
    prevDigit = false;
    for (let k = i; k < j && !prevDigit; k++) prevDigit = text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57;
    i = j;
  }
  return (code & 0x3fffffff) | 1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 11 || c === 12 || c === 13;
}

/**
 * The text of a parameter seen with two different affixes: the affixes they share (the same prefix
 * or a common run of opening characters; the same suffix or a common run of closing ones), balanced.
 * `a` and `b` are template texts holding one `<*>`.
 */
export function commonAffixes(a: string, b: string): string {
  const ia = a.indexOf(WILDCARD_TEXT);
  const ib = b.indexOf(WILDCARD_TEXT);
  const preA = a.slice(0, ia);
  const preB = b.slice(0, ib);
  const postA = a.slice(a.lastIndexOf(WILDCARD_TEXT) + 3);
  const postB = b.slice(b.lastIndexOf(WILDCARD_TEXT) + 3);
  if (a === b) return a;
  let pre = '';
  if (preA === preB) pre = preA;
  else {
    let k = 0;
    while (k < preA.length && k < preB.length && preA[k] === preB[k] && isOpener(preA.charCodeAt(k))) k++;
    pre = preA.slice(0, k);
  }
  let post = '';
  if (postA === postB) post = postA;
  else {
    let k = 0;
    while (k < postA.length && k < postB.length && postA[postA.length - 1 - k] === postB[postB.length - 1 - k] && isCloser(postA.charCodeAt(postA.length - 1 - k))) k++;
    post = postA.slice(postA.length - k);
  }
  // an opening bracket whose closer went, and a closer whose opener went, go too
  let p = '';
  for (const ch of pre) {
    const close = ch === '(' ? ')' : ch === '[' ? ']' : ch === '{' ? '}' : ch === '<' ? '>' : '';
    if (close === '' || post.includes(close)) p += ch;
  }
  if (p.length !== pre.length && /[A-Za-z_]/.test(pre)) p = p.replace(/^[A-Za-z_]+/, '');
  return `${p}${WILDCARD_TEXT}${balancedSuffix(p, post)}`;
}
