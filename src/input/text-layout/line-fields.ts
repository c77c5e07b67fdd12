import { isDigit } from '../../core/ascii-digits.js';
/**
 * The fields of a text line's header: how they are delimited and what shape each one has. Fields are
 * found by a forward scan (no regular expressions, nothing to backtrack); a field that starts with
 * `[` runs to its matching `]` (nesting counted, at most {@link MAX_BRACKET} characters).
 */

/** How a layout's fields are delimited: runs of spaces/tabs, `|`, or tabs. */
export type FieldMode = 'space' | 'pipe' | 'tab';

/** Field shapes, as bits: a field can have several. */
export const SHAPE = {
  /** `-`, `:` or `|` alone: a delimiter between header fields. */
  SEP: 1,
  /** A level name, bare or wrapped: `INFO`, `Info`, `[error]`, `<warn>`, `WARNING:`. */
  LEVEL: 2,
  /** One upper-case letter (`I`, `E`, CRI's `F`). */
  LETTER: 4,
  /** `[...]` (thread, context). */
  BRACKET: 8,
  /** Ends with `:` (`sshd[42]:`, `dfs.DataNode:`, `31#0:`) or is a source location `file.go:12]`. */
  TAG: 16,
  /** Digits only, or `*` / `#` and digits (pid, tid, connection id). */
  NUMBER: 32,
  /** Digits with at least two of `.-/:,` and no letters (a date or time). */
  TIME: 64,
  /** A dotted name: `org.apache.Foo`, `nova.compute.manager`, `chrome.exe`. */
  LOGGER: 128,
  /** `stdout` or `stderr`. */
  IOSTREAM: 256,
  /** A syslog priority `<34>` (optionally followed by a version, `<165>1`). */
  PRI: 512,
  /** Letters and digits mixed, or with `-` `_` `/` `@` (host names, node ids). */
  IDLIKE: 1024,
} as const;

/** Largest bracketed field read as one field. */
export const MAX_BRACKET = 512;

/**
 * Whether s holds `v` at i, compared from the end (where timestamps and ids differ); faster than
 * `startsWith` with a position on V8 for the short texts of a header.
 */
export function textAt(s: string, i: number, v: string): boolean {
  const n = v.length;
  if (i + n > s.length) return false;
  for (let k = n - 1; k >= 0; k--) if (s.charCodeAt(i + k) !== v.charCodeAt(k)) return false;
  return true;
}

/**
 * Index just past the field that starts at `i` (i < s.length, not a delimiter). `noTabs`: the
 * layout's headers have no tabs, so a space-delimited field ends at the next space, found natively.
 */
export function fieldEnd(s: string, i: number, mode: FieldMode, noTabs = false): number {
  const n = s.length;
  if (mode === 'pipe') {
    const p = s.indexOf('|', i);
    let e = p < 0 ? n : p;
    while (e > i && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9)) e--;
    return e;
  }
  if (mode === 'tab') {
    const p = s.indexOf('\t', i);
    return p < 0 ? n : p;
  }
  let j = i;
  if (s.charCodeAt(i) === 91 /* [ */) {
    let depth = 0;
    const stop = Math.min(n, i + MAX_BRACKET);
    for (; j < stop; j++) {
      const c = s.charCodeAt(j);
      if (c === 91) depth++;
      else if (c === 93 && --depth === 0) {
        j++;
        break;
      }
    }
    if (depth !== 0) j = i; // unmatched: an ordinary field
  }
  if (noTabs) {
    const sp = s.indexOf(' ', j);
    return sp < 0 ? n : sp;
  }
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === 32 || c === 9) break;
    j++;
  }
  return j;
}

/** Index of the next field start at or after `i` (skipping the delimiter), or s.length. */
export function skipDelimiter(s: string, i: number, mode: FieldMode): number {
  const n = s.length;
  while (i < n && (s.charCodeAt(i) === 32 || (mode !== 'tab' && s.charCodeAt(i) === 9))) i++;
  const c = s.charCodeAt(i);
  if ((mode === 'pipe' && c === 124) || (mode === 'tab' && c === 9)) {
    i++;
    while (i < n && s.charCodeAt(i) === 32) i++;
  }
  return i;
}

function isLetter(c: number): boolean {
  return ((c | 32) - 97) >>> 0 < 26;
}

/** The level word inside a field `[a, b)`: wrappers `[]`, `<>`, `()`, a trailing `:` or `,` and, inside a wrapper, a `module:` before it removed. */
export function levelSpan(s: string, a: number, b: number): [number, number] {
  const last = s.charCodeAt(b - 1);
  if (b - a > 1 && (last === 58 || last === 44)) b--;
  const first = s.charCodeAt(a);
  const close = s.charCodeAt(b - 1);
  if (b - a > 2 && ((first === 91 && close === 93) || (first === 60 && close === 62) || (first === 40 && close === 41))) {
    a++;
    b--;
    for (let k = b - 1; k > a; k--) {
      if (s.charCodeAt(k) === 58) {
        a = k + 1; // `[core:error]` (Apache 2.4): the level after the module
        break;
      }
    }
  }
  return [a, b];
}

/**
 * The shape bits of field `[a, b)` of s. `isLevel(word)` tells level names (it is given words of
 * 3 to 13 letters only).
 */
export function fieldShape(s: string, a: number, b: number, isLevel: (word: string) => boolean): number {
  const len = b - a;
  if (len <= 0) return 0;
  const c0 = s.charCodeAt(a);
  if (len === 1) {
    if (c0 === 45 || c0 === 58 || c0 === 124) return SHAPE.SEP;
    if (c0 >= 65 && c0 <= 90) return SHAPE.LETTER;
  }
  if (len === 2 && c0 === 45 && s.charCodeAt(a + 1) === 45) return SHAPE.SEP;
  let shape = 0;
  if (c0 === 60 /* < */) {
    let k = a + 1;
    while (k < b && isDigit(s.charCodeAt(k))) k++;
    if (k > a + 1 && k < b && s.charCodeAt(k) === 62) {
      let m = k + 1;
      while (m < b && isDigit(s.charCodeAt(m))) m++;
      if (m === b) return SHAPE.PRI;
    }
  }
  const [la, lb] = levelSpan(s, a, b);
  if (lb - la >= 3 && lb - la <= 13) {
    let letters = true;
    for (let k = la; k < lb && letters; k++) letters = isLetter(s.charCodeAt(k));
    if (letters && isLevel(s.slice(la, lb))) shape |= SHAPE.LEVEL;
  }
  const last = s.charCodeAt(b - 1);
  if (c0 === 91 && last === 93) shape |= SHAPE.BRACKET;
  if (last === 58 && len >= 2 && s.charCodeAt(b - 2) !== 58) shape |= SHAPE.TAG;
  else if (last === 93 && c0 !== 91 && isDigit(s.charCodeAt(b - 2)) && s.lastIndexOf(':', b) > a && s.lastIndexOf('[', b) < a) shape |= SHAPE.TAG;
  if (len === 6 && (s.startsWith('stdout', a) || s.startsWith('stderr', a))) shape |= SHAPE.IOSTREAM;
  let digitsN = 0;
  let lettersN = 0;
  let dots = 0;
  let seps = 0;
  let other = 0;
  let idPunct = 0;
  for (let k = a; k < b; k++) {
    const c = s.charCodeAt(k);
    if (isDigit(c)) digitsN++;
    else if (isLetter(c)) lettersN++;
    else if (c === 46) {
      dots++;
      seps++;
    } else if (c === 45 || c === 47 || c === 58 || c === 44) {
      seps++;
      if (c !== 44) idPunct++;
    } else if (c === 95 || c === 36 || c === 64) idPunct++;
    else other++;
  }
  if (digitsN === len || (digitsN === len - 1 && (c0 === 42 || c0 === 35))) shape |= SHAPE.NUMBER;
  else if (lettersN === 0 && other === 0 && seps >= 2 && isDigit(c0)) shape |= SHAPE.TIME;
  else if (other === 0 && lettersN > 0) {
    if (dots > 0 && isLetter(c0) && isLetter(s.charCodeAt(s.lastIndexOf('.', b - 1) + 1)) && countColons(s, a, b) === 0) shape |= SHAPE.LOGGER;
    if (digitsN > 0 || idPunct > 0) shape |= SHAPE.IDLIKE;
  }
  return shape;
}

/** `:` and `/` in s[a, b) (a dotted name has none). */
function countColons(s: string, a: number, b: number): number {
  let n = 0;
  for (let k = a; k < b; k++) if (s.charCodeAt(k) === 58 || s.charCodeAt(k) === 47) n++;
  return n;
}
