/**
 * Shell spellings that hide a command name at a command position (after `;`, `|`, `&`, a line break,
 * a backtick or `$(`, or at the start of the value): bash substring expansion building a path
 * (`${PATH:0:1}bin${PATH:0:1}id`, `${PATH:0:1}` being `/`), a path spelled with `?` globs
 * (`/???/c?t /???/p??s??`), and a command name kept in a variable and run from it
 * (`X=$'\x69\x64';$X`, `a='id';$a`). Forward scans of bounded length, no regular expressions.
 */

/** The end of a bash substring expansion `${name:N}` / `${name:N:M}` at `i`, or -1. */
export function substringExpansionEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== 36 || s.charCodeAt(i + 1) !== 123) return -1;
  let k = i + 2;
  const nameStart = k;
  while (k < s.length && k - nameStart < 32 && isNameChar(s.charCodeAt(k))) k++;
  if (k === nameStart || s.charCodeAt(k) !== 58) return -1;
  for (let part = 0; part < 2; part++) {
    k++;
    const d = k;
    if (s.charCodeAt(k) === 45 || s.charCodeAt(k) === 32) k++;
    while (k < s.length && k - d < 6 && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    if (k === d || !(s.charCodeAt(k - 1) >= 48 && s.charCodeAt(k - 1) <= 57)) return -1;
    if (s.charCodeAt(k) === 125) return k + 1;
    if (s.charCodeAt(k) !== 58) return -1;
  }
  return -1;
}

/**
 * True when a substring expansion at `i` builds a command path: it is followed by a name or by
 * another expansion (`${PATH:0:1}bin${PATH:0:1}id`, `${HOME:0:1}etc`).
 */
export function expansionPathAt(s: string, i: number): boolean {
  const end = substringExpansionEnd(s, i);
  if (end < 0) return false;
  const c = s.charCodeAt(end);
  return (c >= 97 && c <= 122) || (c === 36 && s.charCodeAt(end + 1) === 123);
}

/**
 * True when a path of two or more `/` segments spelled with at least two `?` globs starts at `i`
 * (`/???/c?t`, `/bin/c?t`, `/?s?/b??/w?o?m?`): what bash expands to a binary's path. A segment holds
 * letters, digits, `.`, `-`, `_`, `?` and `*` (at most 32 characters, at most 8 segments).
 */
export function globPathAt(s: string, i: number): boolean {
  if (s.charCodeAt(i) !== 47) return false;
  let segments = 0;
  let globs = 0;
  let k = i;
  while (k < s.length && s.charCodeAt(k) === 47 && segments < 8) {
    k++;
    const start = k;
    while (k < s.length && k - start < 32) {
      const c = s.charCodeAt(k);
      if (c === 63) globs++;
      else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95 || c === 42)) break;
      k++;
    }
    if (k === start) return false;
    segments++;
  }
  const after = k < s.length ? s.charCodeAt(k) : 32;
  return segments >= 2 && globs >= 2 && (after === 32 || after === 59 || after === 124 || after === 38 || after === 10 || after === 96 || after === 41);
}

/**
 * `[start, end)` of the word a variable is assigned at `i` when the value then runs that variable:
 * `name=`, an optional `$` (ANSI-C quoting), a quote, a word of letters, the same quote, and
 * `$name` within the next 64 characters (`X=$'id';$X`, `a="whoami";$a`). Returns -1 as start
 * when there is no such assignment or `isCommand` rejects the word (asked before the reference is
 * looked for).
 */
export function assignedWordAt(s: string, i: number, isCommand: (s: string, start: number, end: number) => boolean): [number, number] {
  const none: [number, number] = [-1, -1];
  let k = i;
  while (k < s.length && k - i < 32 && isNameChar(s.charCodeAt(k)) && !(k === i && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57)) k++;
  if (k === i || s.charCodeAt(k) !== 61) return none;
  const name = s.slice(i, k);
  k++;
  if (s.charCodeAt(k) === 36) k++;
  const q = s.charCodeAt(k);
  if (q !== 39 && q !== 34) return none;
  const start = ++k;
  while (k < s.length && k - start < 24 && s.charCodeAt(k) >= 97 && s.charCodeAt(k) <= 122) k++;
  if (k === start || s.charCodeAt(k) !== q || !isCommand(s, start, k)) return none;
  // `$name` (not `$names`) within the next 64 characters: a bounded look, whatever follows
  const limit = Math.min(s.length, k + 65);
  for (let r = k + 1; r < limit; r++) {
    if (s.charCodeAt(r) !== 36 || !s.startsWith(name, r + 1)) continue;
    const after = r + name.length + 1 < s.length ? s.charCodeAt(r + name.length + 1) : 32;
    if (!isNameChar(after)) return [start, k];
  }
  return none;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}
