/** How a parameter is written in template text (as in tokenize.ts). */
const WILDCARD_TEXT = '<*>';

/**
 * Affixes of a token: the punctuation around its value that template text keeps, so a parameter
 * reads as people wrote it (`(dcr <*>)`, `<*>,`, `mLctn(<*>),`) instead of swallowing it.
 * The prefix is a run of opening brackets and quotes, or a name of letters ending in `(` or `[`
 * (`mLctn(`); the suffix a run of closing brackets, quotes and `, ; : .`. Both at most 255 characters.
 */

/** `( [ { < " '` */
export function isOpener(c: number): boolean {
  return c === 40 || c === 91 || c === 123 || c === 60 || c === 34 || c === 39;
}

/** `) ] } > " ' , ; : .` */
export function isCloser(c: number): boolean {
  return c === 41 || c === 93 || c === 125 || c === 62 || c === 34 || c === 39 || c === 44 || c === 59 || c === 58 || c === 46;
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
 * `name(` prefix) stays only when its closer is in the suffix (`<1 sec` and `[::1]:443` keep none);
 * in a span of several tokens a closing bracket stays only when the prefix opened it.
 */
export function keptAffixes(text: string, start: number, end: number, pre: number, post: number, multi: boolean): number {
  const postText = text.slice(end - post, end);
  let p = pre;
  if (p > 0) {
    const name = !isOpener(text.charCodeAt(start));
    for (let i = start; i < start + p; i++) {
      const close = closerOf(text.charCodeAt(i));
      if (close !== 0 && postText.indexOf(String.fromCharCode(close)) < 0) {
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
  return c === 40 ? 41 : c === 91 ? 93 : c === 123 ? 125 : c === 60 ? 62 : 0;
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
  const postA = a.slice(ia + 3);
  const postB = b.slice(ib + 3);
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
