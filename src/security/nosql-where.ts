/**
 * JavaScript injected into a MongoDB `$where` string (or any server-side JS filter built from a
 * value), read at the start of the (lower-cased) value or of its one `name=` parameter:
 * - a string or number closed, then a statement returning a constant (`'; return true; var x='`,
 *   `0;return true`, `"; return 1; //`): the filter made true for every document;
 * - a filter on a field of the document (`this.password.match(/.*\/)//`, `this.token.match(/^a/)`):
 *   the field tested by a regular expression, one character at a time; also joined to a string or
 *   number closed by `||` or `&&` (`' || this.pin.match(/^1/) || '`).
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
    if (i === d) return [-1, -1];
  }
  while (s.charCodeAt(i) === 32) i++;
  // `' || this.secret.match(/.*/) || '`: the string closed and joined to a field test
  const op = s.charCodeAt(i);
  if ((op === 124 || op === 38) && s.charCodeAt(i + 1) === op) {
    i += 2;
    while (s.charCodeAt(i) === 32 && i < from + 24) i++;
    const end = s.startsWith('this.', i) ? fieldMatchEnd(s, i) : -1;
    return end > 0 ? [start, end] : [-1, -1];
  }
  if (s.charCodeAt(i) !== 59) return [-1, -1];
  i++;
  while (s.charCodeAt(i) === 32) i++;
  if (!s.startsWith('return', i) || s.charCodeAt(i + 6) !== 32) return [-1, -1];
  i += 7;
  while (s.charCodeAt(i) === 32 && i < from + 48) i++;
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

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}
