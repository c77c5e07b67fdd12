/**
 * Recognises a line of a register or state dump: a message that only reports values, printed at the
 * level of the failure report it belongs to (a kernel's or firmware's crash dump writes each register
 * on a FATAL line of its own). Such a line is detail of the report above it, not a report:
 *
 * - `label: value`, `label.......value` (dots as padding), `label:` (a dump's section heading), the
 *   value one or more numbers or hex words, optionally a short `(note)`: `instruction address:
 *   0x00004ed8`, `machine check: i-fetch......0`, `size of scratchpad portion of L3......0 (0M)`;
 * - only `key=value` / `key:value` pairs (and hex words continuing a value): `r24=0x0ffea4c8
 *   r25=0x00000003`, `lr:00004ed8 cr:22000024`.
 *
 * A message with a word that states a failure (error, fail, fatal, panic, abort, exception, denied,
 * refused, timeout, unable, cannot, crash, lost, killed, corrupt, invalid, violation, reset) is not
 * a dump line: `Error code: 0x80004005` is a report. Two shapes are dump lines whatever words their
 * label has, because the label is the name of a field, not a statement: a row printed with leader
 * dots (`program interrupt: imprecise exception......0`: a status table's row, the flag's value),
 * and a value whose label ends in `register` (`exception syndrome register: 0x00800000`: the name
 * of the register it was read from). Hand-written scan of at most
 * {@link MAX_DUMP_LINE} characters, O(length); the failure words are looked for only in a message of
 * a dump's shape.
 */
export function isDumpLine(message: string): boolean {
  let end = message.length;
  while (end > 0 && isSpace(message.charCodeAt(end - 1))) end--;
  let start = 0;
  while (start < end && isSpace(message.charCodeAt(start))) start++;
  if (end - start < 2 || end - start > MAX_DUMP_LINE) return false;
  // every dump shape ends with a value (a digit or a hex digit), a heading's `:` or a note's `)`:
  // most messages end with a word or a sentence's punctuation and are no dump line at once
  if (!canEndDump(message.charCodeAt(end - 1))) return false;
  const s = start === 0 && end === message.length ? message : message.slice(start, end);
  // the shape first: most messages end with a word and fail at their last token, without a copy
  const shape = labelledValue(s);
  if (shape === TABLE_ROW || shape === REGISTER) return true;
  return (shape === LABELLED || pairsOnly(s)) && !statesFailure(s);
}

/** What {@link labelledValue} found. */
const NONE = 0;
/** `label: value` or `label:` */
const LABELLED = 1;
/** `label.......value`: a row of a table printed with leader dots, whatever its label says. */
const TABLE_ROW = 2;
/** `<name> register: value`: the label names the register the value was read from. */
const REGISTER = 3;

/** Longest message read as a possible dump line; dump lines are short. */
export const MAX_DUMP_LINE = 160;

/**
 * Word stems that state a failure, at the start of a word, case-insensitive (`err` only as a word of
 * its own: `err=5`, not `errata`). Literal alternatives only: constant work per position, no
 * backtracking that grows with the input.
 */
const FAILURE_WORD =
  /(?:^|[^a-z0-9])(?:error|errno|err(?![a-z])|fail|fatal|panic|abort|exception|denied|refused|timeout|timed out|unable|cannot|can't|crash|lost|kill|corrupt|invalid|violation|reset)/i;

function statesFailure(s: string): boolean {
  return FAILURE_WORD.test(s);
}

/** `label: value`, `label....value` (a table row), `label:`; the label has a letter. */
function labelledValue(s: string): number {
  const n = s.length;
  // a trailing `(note)` is dropped first
  let end = n;
  if (s.charCodeAt(end - 1) === 41 /* ) */) {
    const open = s.lastIndexOf('(');
    if (open > 0 && end - open <= 16 && isSpace(s.charCodeAt(open - 1))) {
      end = open - 1;
      while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
    }
  }
  // a section heading: `special purpose registers:`
  if (s.charCodeAt(end - 1) === 58 /* : */) return isLabel(s, 0, end - 1) ? LABELLED : NONE;
  // the value: numbers or hex words back to the separator
  let i = end;
  let words = 0;
  for (;;) {
    let j = i;
    while (j > 0 && !isSpace(s.charCodeAt(j - 1)) && s.charCodeAt(j - 1) !== 46 /* . */ && s.charCodeAt(j - 1) !== 58) j--;
    if (j === i || !isValue(s, j, i)) break;
    words++;
    i = j;
    let k = i;
    while (k > 0 && isSpace(s.charCodeAt(k - 1))) k--;
    if (k === i) break; // the value touches the separator
    i = k;
  }
  if (words === 0) return NONE;
  // the separator: a run of three or more dots, or `:` followed by a space
  let dots = 0;
  while (i - dots > 0 && s.charCodeAt(i - dots - 1) === 46) dots++;
  if (dots >= 3) return isLabel(s, 0, i - dots) ? TABLE_ROW : NONE;
  if (i > 0 && s.charCodeAt(i - 1) === 58 && i < end && isSpace(s.charCodeAt(i))) {
    if (!isLabel(s, 0, i - 1)) return NONE;
    return endsWithWord(s, i - 1, 'register') ? REGISTER : LABELLED;
  }
  return NONE;
}

/** `s[0, to)` ends with the word `word` (lower case; compared case-insensitively), after a space or at the start. */
function endsWithWord(s: string, to: number, word: string): boolean {
  const from = to - word.length;
  if (from < 0 || (from > 0 && !isSpace(s.charCodeAt(from - 1)))) return false;
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(from + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/** Only `key=value` / `key:value` pairs with number or hex values, hex words continuing a value. */
function pairsOnly(s: string): boolean {
  const n = s.length;
  let i = 0;
  let pairs = 0;
  let tokens = 0;
  while (i < n) {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && !isSpace(s.charCodeAt(j))) j++;
    tokens++;
    let sep = -1;
    for (let k = i; k < j; k++) {
      const c = s.charCodeAt(k);
      if (c === 61 /* = */ || c === 58 /* : */) {
        sep = k;
        break;
      }
    }
    if (sep > i) {
      if (!isIdentifier(s, i, sep) || !isValue(s, sep + 1, j)) return false;
      pairs++;
    } else if (pairs === 0 || !isValue(s, i, j)) return false;
    i = j;
  }
  return pairs > 0 && tokens >= 2;
}

/** A number (`0`, `1004`, `-3`, `12.5`) or a hex value (`0x00004ed8`, `ffffffff`, four or more hex digits). */
function isValue(s: string, from: number, to: number): boolean {
  if (from < to && s.charCodeAt(from) === 45 /* - */) from++;
  if (to - from >= 3 && s.charCodeAt(from) === 48 && (s.charCodeAt(from + 1) | 32) === 120 /* 0x */) return allHex(s, from + 2, to);
  let digits = true;
  let dots = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 46 && k > from && k < to - 1) dots++;
    else if (c < 48 || c > 57) digits = false;
  }
  if (to > from && digits && dots <= 1) return true;
  return to - from >= 4 && allHex(s, from, to);
}

function allHex(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) if (!isHex(s.charCodeAt(k))) return false;
  return true;
}

/** A label: a letter, at most eight words. */
function isLabel(s: string, from: number, to: number): boolean {
  let letter = false;
  let words = 0;
  let inWord = false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (isAlpha(c)) letter = true;
    if (isSpace(c)) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return letter && words <= 8;
}

function isIdentifier(s: string, from: number, to: number): boolean {
  if (!isAlpha(s.charCodeAt(from)) && s.charCodeAt(from) !== 95) return false;
  for (let k = from + 1; k < to; k++) {
    const c = s.charCodeAt(k);
    if (!isAlnum(c) && c !== 95) return false;
  }
  return true;
}

/** The last character of a dump line: a digit, a hex digit, `:` or `)`. */
function canEndDump(c: number): boolean {
  return isHex(c) || c === 58 /* : */ || c === 41 /* ) */;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}
function isAlpha(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}
function isAlnum(c: number): boolean {
  return isAlpha(c) || (c >= 48 && c <= 57);
}
function isHex(c: number): boolean {
  const l = c | 32;
  return (c >= 48 && c <= 57) || (l >= 97 && l <= 102);
}
