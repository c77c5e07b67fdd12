/**
 * Shell words used as ordinary English in search queries and short texts. Each check reads at most a
 * few dozen characters at the end of the value, with hand-written scans (no regular expressions).
 */
import { endsInWords } from './quoted-code.js';

/** Words a search about a command ends with (`ls -la meaning`, `rm -rf explained`): the query asks what the command is. */
const QUESTION_WORDS = new Set(['meaning', 'meanings', 'explained', 'explanation', 'tutorial', 'example', 'examples', 'syntax', 'usage', 'alternative', 'equivalent', 'cheatsheet']);

/** Characters of a value's end read for search operators. */
const TAIL_WINDOW = 48;

/**
 * Where a search query's trailing operators begin: up to three of a ` -word` exclusion (`-amazon`), a
 * year (` 2026`) and a short parenthesised region (` (uk)`) are stripped from the end; `s.length` when none.
 */
export function searchOperatorsStart(s: string): number {
  let end = s.length;
  const stop = Math.max(0, s.length - TAIL_WINDOW);
  for (let round = 0; round < 3; round++) {
    let e = end;
    while (e > stop && s.charCodeAt(e - 1) === 32) e--;
    let b = e;
    if (s.charCodeAt(e - 1) === 41) {
      // ` (uk)`: two or three letters in parentheses
      b = e - 1;
      while (b > stop && isLetter(s.charCodeAt(b - 1)) && e - b < 5) b--;
      if (e - 1 - b < 2 || s.charCodeAt(b - 1) !== 40) break;
      b--;
    } else if (isDigit(s.charCodeAt(e - 1))) {
      while (b > stop && isDigit(s.charCodeAt(b - 1))) b--;
      if (e - b !== 4 || !(s.startsWith('19', b) || s.startsWith('20', b))) break;
    } else {
      while (b > stop && isLetter(s.charCodeAt(b - 1))) b--;
      if (e - b < 2 || s.charCodeAt(b - 1) !== 45) break;
      b--;
    }
    if (b <= stop || s.charCodeAt(b - 1) !== 32) break;
    end = b - 1;
  }
  return end;
}

/**
 * A command line typed as a search query (the caller checked no separator follows `from`): after its
 * trailing search operators are stripped, its arguments are switches and words only, and it ends in a question
 * word (`ls -la meaning 2026`) or in two plain words after an operator (`rm -rf explained for beginners -amazon`).
 * A bare command line (`ls -la`), one naming a path or an address (`rm -rf / explained`) is not.
 */
export function searchedCommandLine(s: string, from: number): boolean {
  const end = searchOperatorsStart(s);
  // switches and words only: a path, an address, a quote, a redirect or a variable keeps it a command line
  for (let k = from; k < end; k++) {
    const c = s.charCodeAt(k);
    if (!(isLetter(c) || isDigit(c) || c === 32 || c === 45)) return false;
  }
  let e = end;
  while (e > from && s.charCodeAt(e - 1) === 32) e--;
  let b = e;
  while (b > from && isLetter(s.charCodeAt(b - 1))) b--;
  if (b <= from || s.charCodeAt(b - 1) !== 32) return false;
  if (QUESTION_WORDS.has(s.slice(b, e))) return true;
  return end < s.length && endsInWords(s.slice(0, end), from);
}

/**
 * `& more`, `cut & paste`, `& less soy`: a word, ` & `, then a command word ending the value (or its parameter) with nothing or one
 * or two plain words after it ({@link wordsAfter}), where `start`/`end` bound the command word. An ampersand between two words is the English `and`; a
 * command run this way takes no argument (one that acts without any, `reboot`, `shutdown`, is excluded by the caller).
 */
export function conjunctionTail(s: string, start: number, end: number): boolean {
  if (start < 4) return false;
  const tail = wordsAfter(s, start, end);
  if (tail < 0 || !(tail === s.length || parameterNext(s, tail))) return false;
  if (s.charCodeAt(start - 1) !== 32 || s.charCodeAt(start - 2) !== 38 || s.charCodeAt(start - 3) !== 32) return false;
  const w = s.charCodeAt(start - 4);
  // the word before ends in a letter, digit or closing punctuation (`35% & more`), not a separator or quote
  if (!(w > 32 && w !== 59 && w !== 124 && w !== 38 && w !== 96 && w !== 39 && w !== 34)) return false;
  // no command before it in the same parameter (`x; sleep 14 & more`): the scan back stops at the previous `&`, so the scans of a value's tails do not overlap
  for (let k = start - 4; k >= 0; k--) {
    const c = s.charCodeAt(k);
    if (c === 38) break;
    if (c === 59 || c === 124 || c === 10 || c === 96 || (c === 36 && s.charCodeAt(k + 1) === 40)) return false;
  }
  return true;
}

/**
 * Commands whose one plain word is the attack: a host (`ping localhost`), a marker printed into the response (`echo pwned`, the
 * proof a blind injection ran) or a user looked up (`finger root`): no words may follow them in {@link conjunctionTail}.
 */
const ARGUMENT_COMMANDS: ReadonlySet<string> = new Set(['ping', 'host', 'dig', 'nslookup', 'telnet', 'curl', 'wget', 'nc', 'ssh', 'ftp', 'sleep', 'kill', 'echo', 'print', 'finger']);

/**
 * Where the words after the command word `s[start, end)` end: `end` itself, or past one or two plain words (letters only, two or
 * more each, a trailing `.`, `!` or `)` allowed: `& less soy`, `& more fun!`); -1 when other text follows, or words follow a
 * {@link ARGUMENT_COMMANDS} command. Reads at most 48 characters.
 */
function wordsAfter(s: string, start: number, end: number): number {
  if (end >= s.length || s.charCodeAt(end) !== 32) return end;
  if (ARGUMENT_COMMANDS.has(s.slice(start, end))) return -1;
  let k = end;
  for (let words = 0; words < 2 && k < s.length && s.charCodeAt(k) === 32; words++) {
    const w = k + 1;
    let e = w;
    while (e < s.length && e - w < 20 && isLetter(s.charCodeAt(e))) e++;
    if (e - w < 2) return -1;
    if (s.charCodeAt(e) === 46 || s.charCodeAt(e) === 33 || s.charCodeAt(e) === 41) e++;
    k = e;
  }
  return k;
}

/** `&name=` at `i`: the next parameter of a list (`q=a & more&page=1`). */
function parameterNext(s: string, i: number): boolean {
  if (s.charCodeAt(i) !== 38) return false;
  const limit = Math.min(s.length, i + 33);
  let k = i + 1;
  while (k < limit && (isLetter(s.charCodeAt(k)) || isDigit(s.charCodeAt(k)) || s.charCodeAt(k) === 95 || s.charCodeAt(k) === 46)) k++;
  return k > i + 1 && s.charCodeAt(k) === 61;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
