/**
 * JavaScript injected into a MongoDB `$where` string (or any server-side JS filter built from a
 * value), read at the start of the (lower-cased) value or of its one `name=` parameter:
 * - a string or number closed, then a statement returning a constant (`'; return true; var x='`,
 *   `0;return true`, `"; return 1; //`): the filter made true for every document;
 * - a filter on a field of the document (`this.password.match(/.*\/)//`, `this.token.match(/^a/)`):
 *   the field tested by a regular expression, one character at a time; also joined to a string or
 *   number closed by `||` or `&&` (`' || this.pin.match(/^1/) || '`, `admin' && this.pin[0] == '1`),
 *   where any test of the field counts (a method such as `startsWith(`, an index or `.length` compared,
 *   a comparison), as after `; return` (`'; return this.role == 'admin'; '`).
 *   The string may hold a word before its quote (`admin'`, `bob@example.org"`).
 * Bounded: at most about 90 characters from the start are read. No regular expressions.
 */

/** `[start, end)` of the injection at the start of `s`, or `[-1, -1]`. */
export function whereInjection(s: string): [number, number] {
  // past a parameter name (`q=this.password.match(...)` as a query string)
  let i = 0;
  while (i < s.length && i < 32 && (isIdentChar(s.charCodeAt(i)) || s.charCodeAt(i) === 46 || s.charCodeAt(i) === 45) && s.charCodeAt(i) !== 36) i++;
  i = i > 0 && s.charCodeAt(i) === 61 ? i + 1 : 0;
  const from = i;
  while (i < s.length && i - from < 8 && s.charCodeAt(i) === 32) i++;
  const start = i;
  if (s.startsWith('this.', i)) {
    const end = fieldMatchEnd(s, i);
    return end > 0 ? [start, end] : [-1, -1];
  }
  const c = s.charCodeAt(i);
  if (c === 39 || c === 34) i++;
  else {
    const d = i;
    while (i < s.length && i - d < 12 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    // `admin' && this...`: a word the filter's string held, then its closing quote
    if (i === d || s.charCodeAt(i) === 39 || s.charCodeAt(i) === 34 || isWordChar(s.charCodeAt(i))) {
      while (i < s.length && i - d < 32 && isWordChar(s.charCodeAt(i))) i++;
      if (i === d || (s.charCodeAt(i) !== 39 && s.charCodeAt(i) !== 34)) {
        if (i === d || !allDigits(s, d, i)) return [-1, -1];
      } else {
        i++;
      }
    }
  }
  while (s.charCodeAt(i) === 32) i++;
  // `' || this.secret.match(/.*/) || '`: the string closed and joined to a field test
  const op = s.charCodeAt(i);
  if ((op === 124 || op === 38) && s.charCodeAt(i + 1) === op) {
    i += 2;
    while (s.charCodeAt(i) === 32 && i < from + 24) i++;
    const end = s.startsWith('this.', i) ? fieldTestEnd(s, i) : -1;
    return end > 0 ? [start, end] : [-1, -1];
  }
  if (s.charCodeAt(i) !== 59) return [-1, -1];
  i++;
  while (s.charCodeAt(i) === 32) i++;
  if (!s.startsWith('return', i) || s.charCodeAt(i + 6) !== 32) return [-1, -1];
  i += 7;
  while (s.charCodeAt(i) === 32 && i < from + 80) i++;
  // `'; return this.role == 'admin'; '`: a field tested after the string closed
  if (s.startsWith('this.', i)) {
    const test = fieldTestEnd(s, i);
    return test > 0 ? [start, test] : [-1, -1];
  }
  const end = s.startsWith('true', i) ? i + 4 : s.startsWith('1', i) ? i + 1 : -1;
  if (end < 0 || isIdentChar(s.charCodeAt(end))) return [-1, -1];
  return [start, end];
}

/** Just past `this.<field>.match(/` plus up to 20 characters when it starts at `i` (the field name at most 40 characters), else -1. */
function fieldMatchEnd(s: string, i: number): number {
  let k = i + 5;
  while (k < s.length && k - i < 40 && isIdentChar(s.charCodeAt(k))) k++;
  return k > i + 5 && s.startsWith('.match(', k) && s.charCodeAt(k + 7) === 47 ? Math.min(s.length, k + 20) : -1;
}

/** Methods a filter tests a string field with, one character or prefix at a time. */
const FIELD_TESTS = ['.match(', '.startswith(', '.indexof(', '.includes(', '.charat(', '.substr(', '.substring(', '.slice('] as const;

/**
 * Past a field test at `i` after a closed string (`this.password.match(/^a/)`, `this.pin[0] == 'a'`,
 * `this.token.length > 3`, `this.role != ''`, `this.name.startsWith('a')`), plus up to 20 characters; else -1.
 */
function fieldTestEnd(s: string, i: number): number {
  let k = i + 5;
  while (k < s.length && k - i < 45 && isIdentChar(s.charCodeAt(k))) k++;
  if (k === i + 5) return -1;
  const end = Math.min(s.length, k + 20);
  for (const m of FIELD_TESTS) if (s.startsWith(m, k)) return end;
  // an index or the length, then a comparison
  if (s.charCodeAt(k) === 91) {
    const d = ++k;
    while (k < s.length && k - d < 4 && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    if (k === d || s.charCodeAt(k) !== 93) return -1;
    k++;
  } else if (s.startsWith('.length', k)) {
    k += 7;
  }
  while (s.charCodeAt(k) === 32 && k < i + 60) k++;
  const c = s.charCodeAt(k);
  const d = s.charCodeAt(k + 1);
  return ((c === 61 || c === 33) && d === 61) || c === 62 || c === 60 ? end : -1;
}

/** Letters, digits and what a user name or mail address holds (`_ . - @`). */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 64;
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (s.charCodeAt(k) < 48 || s.charCodeAt(k) > 57) return false;
  return true;
}

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}
