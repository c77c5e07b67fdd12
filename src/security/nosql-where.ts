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
 *   The string may hold a word before its quote (`admin'`, `bob@example.org"`);
 * - a JavaScript tautology joined to the closed string (`' || 1==1//`, `"||"1"=="1`; `==`, not SQL's `=`), or
 *   returned (`'; return 'a'=='a' && ''=='`, `'; return(true); var x='`);
 * - a statement only the filter's JavaScript runs after the closed string: an endless loop (`'; while(true){}; '`)
 *   or a database call (`';db.dropDatabase();'`, `'; return db.version(); '`).
 * Bounded: at most about 200 characters from the start are read. No regular expressions.
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
  // `' || this.secret.match(/.*/) || '`, `' || 1==1//`: the string closed and joined to a field test or a JavaScript tautology
  const op = s.charCodeAt(i);
  if ((op === 124 || op === 38) && s.charCodeAt(i + 1) === op) {
    i += 2;
    while (s.charCodeAt(i) === 32 && i < from + 24) i++;
    const end = s.startsWith('this.', i) ? fieldTestEnd(s, i) : jsEquality(s, i);
    return end > 0 ? [start, end] : [-1, -1];
  }
  if (s.charCodeAt(i) !== 59) return [-1, -1];
  i++;
  while (s.charCodeAt(i) === 32 && i < from + 64) i++;
  // `'; while(true){}; '`, `';db.dropDatabase();'`: a statement only a filter's JavaScript runs
  const statement = statementEnd(s, i);
  if (statement > 0) return [start, statement];
  if (!s.startsWith('return', i) || (s.charCodeAt(i + 6) !== 32 && s.charCodeAt(i + 6) !== 40)) return [-1, -1];
  i += 6;
  while (s.charCodeAt(i) === 32 && i < from + 80) i++;
  // `'; return this.role == 'admin'; '`: a field tested after the string closed
  if (s.startsWith('this.', i)) {
    const test = fieldTestEnd(s, i);
    return test > 0 ? [start, test] : [-1, -1];
  }
  // `return(true)`, `return 'a'=='a'`, `return db.version()`
  if (s.charCodeAt(i) === 40) i++;
  const equality = jsEquality(s, i);
  if (equality > 0) return [start, equality];
  const db = dbCallEnd(s, i);
  if (db > 0) return [start, db];
  const end = s.startsWith('true', i) ? i + 4 : s.startsWith('1', i) ? i + 1 : -1;
  if (end < 0 || isIdentChar(s.charCodeAt(end))) return [-1, -1];
  return [start, end];
}

/**
 * Past `a == b` at `i` where both sides are literals (a number, a quoted string, possibly left open for the
 * application's closing quote, `true`): a JavaScript comparison that always holds or never does, or -1.
 */
function jsEquality(s: string, i: number): number {
  let k = literalEnd(s, i);
  if (k < 0) return -1;
  while (s.charCodeAt(k) === 32 && k < i + 40) k++;
  const c = s.charCodeAt(k);
  if ((c !== 61 && c !== 33) || s.charCodeAt(k + 1) !== 61) return -1;
  k += 2;
  if (s.charCodeAt(k) === 61) k++;
  while (s.charCodeAt(k) === 32 && k < i + 48) k++;
  const c2 = s.charCodeAt(k);
  return (c2 >= 48 && c2 <= 57) || c2 === 39 || c2 === 34 || s.startsWith('true', k) ? Math.min(s.length, k + 1) : -1;
}

/** Past a literal at `i`: digits (at most 12), a quoted string (at most 32 characters), `true`; else -1. */
function literalEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 48 && c <= 57) {
    let k = i;
    while (k < s.length && k - i < 12 && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    return k;
  }
  if (c === 39 || c === 34) {
    const limit = Math.min(s.length, i + 34);
    for (let k = i + 1; k < limit; k++) if (s.charCodeAt(k) === c) return k + 1;
    return -1;
  }
  return s.startsWith('true', i) && !isIdentChar(s.charCodeAt(i + 4)) ? i + 4 : -1;
}

/** Past `while(true)` / `while(1)` / `for(;;)` (an endless loop) or a `db.` call at `i`, else -1. */
function statementEnd(s: string, i: number): number {
  for (const loop of LOOPS) if (s.startsWith(loop, i)) return i + loop.length;
  return dbCallEnd(s, i);
}

const LOOPS = ['while(true)', 'while(1)', 'while (true)', 'while (1)', 'for(;;)', 'for (;;)'] as const;

/** Past `db.<name>(` or `db.<collection>.<name>(` at `i` (names at most 40 characters each), else -1. */
function dbCallEnd(s: string, i: number): number {
  if (!s.startsWith('db.', i)) return -1;
  let k = i + 3;
  for (let part = 0; part < 2; part++) {
    const from = k;
    while (k < s.length && k - from < 40 && isIdentChar(s.charCodeAt(k))) k++;
    if (k === from) return -1;
    if (s.charCodeAt(k) === 40) return k + 1;
    if (s.charCodeAt(k) !== 46) return -1;
    k++;
  }
  return -1;
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
