/**
 * Code quoted in prose: the shapes by which ordinary text (a developer's question, a support ticket,
 * a markdown comment) names a command or a filter without being one. Each test reads a bounded
 * window of the (lower-cased) value, forwards only, without regular expressions.
 */

import { parameterStartsAt } from './parameter-name.js';
import { parameterFenceClose, parameterValueStart } from './parameter-start.js';
import { payloadIn } from './payload-command.js';

/** How far past a command the argument words are read (characters). */
const ARGUMENT_WINDOW = 160;

/** English function words: a command's arguments that hold one of these (with another word) are a sentence. */
const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'in',
  'on',
  'for',
  'by',
  'with',
  'without',
  'not',
  'how',
  'why',
  'what',
  'when',
  'is',
  'are',
  'does',
  'doesn',
  'do',
  'but',
  'then',
  'itself',
  'it',
  'my',
  'vs',
]);

/**
 * True when the arguments of the command ending at `i` (up to the next `;`, `|`, `&`, line break or
 * backtick, at most {@link ARGUMENT_WINDOW} characters) read as a sentence: three or more plain words
 * (letters only, at least two, a trailing `?`, `.`, `,`, `!` or `)` allowed), or two with an English
 * function word among them (`| grep node shows grep itself`, `| uniq -c sorted by count`,
 * `grep -r x not working?`), and no switch, path, redirect or variable after them (`2025`,
 * `google.com` may follow). Shell arguments (`-la`, `/etc/passwd`, `127.0.0.1`, `"quoted"`) are
 * not plain words, so `; cat /etc/passwd` and `| nc host 4444` keep their shape. A word ending a
 * sentence (`.`, `?`, `!`) followed by three words (a second sentence: `& php dev. i write about
 * $path`) reads as prose whatever follows.
 */
export function proseArguments(s: string, i: number): boolean {
  const end = Math.min(s.length, i + ARGUMENT_WINDOW);
  let plain = 0;
  let functionWord = false;
  let sentence = false;
  // words after a word that ends a sentence (`& php dev. i write about $path problems`): three make a second sentence
  let afterStop = -1;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 59 || c === 124 || c === 38 || c === 10 || c === 96) break;
    if (c === 32) {
      i++;
      continue;
    }
    // one token: letters, then at most one closing punctuation, then a space or the end of the run
    const start = i;
    if (c === 40) i++; // `(solved)`
    const wordStart = i;
    while (i < end && s.charCodeAt(i) >= 97 && s.charCodeAt(i) <= 122) i++;
    const wordEnd = i;
    const p = s.charCodeAt(i);
    if (p === 63 || p === 46 || p === 44 || p === 33 || p === 41) i++;
    const q = i < s.length ? s.charCodeAt(i) : 32;
    const isWord = wordEnd - wordStart >= 1 && (q === 32 || q === 59 || q === 124 || q === 38 || q === 10 || i >= end);
    if (isWord && afterStop >= 0 && ++afterStop >= 3) return true;
    if (isWord && (p === 46 || p === 63 || p === 33) && wordEnd - wordStart >= 2) afterStop = 0;
    if (isWord && (wordEnd - wordStart >= 2 || s.charCodeAt(wordStart) === 97)) {
      plain++;
      if (!functionWord && wordEnd - wordStart <= 7 && FUNCTION_WORDS.has(s.slice(wordStart, wordEnd))) functionWord = true;
      if (plain >= 3 || (plain >= 2 && functionWord)) sentence = true;
      continue;
    }
    // a token that is not a plain word: a switch, path, redirect or variable after the sentence's
    // words (`net localgroup administrators x /add`) makes it a command line; others (`2025`,
    // `google.com`, `doesn't`) may follow
    const first = s.charCodeAt(start);
    let shell = first === 45 || first === 47 || first === 92 || first === 62 || first === 60 || first === 36 || first === 126;
    i = start;
    while (i < end && s.charCodeAt(i) !== 32) {
      const d = s.charCodeAt(i);
      if (d === 59 || d === 124 || d === 38 || d === 10 || d === 96) return sentence && !shell;
      if (d === 47 || d === 92) shell = true;
      i++;
    }
    if (sentence && shell) return false;
  }
  return sentence;
}

/**
 * True when the value (or `s[0, to)`, default all of it) ends in two or more plain words (letters
 * only, at least two each; a trailing `?`, `.`, `,`, `!` or `)` allowed) after offset `from`, read
 * backwards over at most {@link ARGUMENT_WINDOW} characters (`... 2>/dev/null takes forever`,
 * `exec('x') returns empty`).
 */
export function endsInWords(s: string, from: number, to = s.length): boolean {
  const stop = Math.max(from, to - ARGUMENT_WINDOW);
  let k = to;
  let words = 0;
  while (k > stop && words < 2) {
    while (k > stop && s.charCodeAt(k - 1) === 32) k--;
    let e = k;
    const p = s.charCodeAt(e - 1);
    if (p === 63 || p === 46 || p === 44 || p === 33 || p === 41) e--;
    let b = e;
    while (b > stop && s.charCodeAt(b - 1) >= 97 && s.charCodeAt(b - 1) <= 122) b--;
    if (e - b < 2 || (b > stop && s.charCodeAt(b - 1) !== 32)) return false;
    words++;
    k = b;
  }
  return words >= 2;
}

/**
 * True when a call opening at `open` (the `(` of `system('ls')`) closes within 120 characters and
 * a sentence follows it ({@link proseArguments}, or two plain words ending the value): `os.system('ls')
 * returns 0 instead of output` is a question about the call, not a payload.
 */
export function proseAfterCall(s: string, open: number): boolean {
  const end = Math.min(s.length, open + 120);
  let depth = 0;
  for (let k = open; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return proseArguments(s, k + 1) || endsInWords(s, k + 1);
  }
  return false;
}

/**
 * True when the value ends in a command whose arguments are a sentence ({@link proseArguments}):
 * the text after its last `;`, `|`, `&`, line break or backtick, within the last
 * {@link ARGUMENT_WINDOW} characters, is a word and a sentence (`ls -la | wc -l gives the wrong
 * count`). A command line that starts the value and ends in prose is quoted in a question.
 */
export function sentenceTail(s: string): boolean {
  const stop = Math.max(0, s.length - ARGUMENT_WINDOW);
  let k = s.length - 1;
  while (k >= stop) {
    const c = s.charCodeAt(k);
    if (c === 59 || c === 124 || c === 38 || c === 10 || c === 96) break;
    k--;
  }
  if (k < stop) return false;
  k++;
  while (k < s.length && s.charCodeAt(k) === 32) k++;
  const start = k;
  while (k < s.length && s.charCodeAt(k) !== 32) k++;
  return k > start && proseArguments(s, k);
}

/**
 * Where a markdown fenced code block opening at `i` ends (just past its closing fence), or -1: three
 * backticks at the start of a line (or of a parameter's value), an optional info word (`bash`, `sql`) and a line break, then a
 * line starting with three backticks. The block is quoted code in a text, not a substitution. One opened at a parameter's start
 * holding an odd count of `'` or `"`, a `$(` or a command separator is not (its quote, substitution or separator still breaks out of the app's string).
 */
export function fencedBlockEnd(s: string, i: number): number {
  if (!(i === 0 || s.charCodeAt(i - 1) === 10 || parameterValueStart(s, i))) return -1;
  if (s.charCodeAt(i) !== 96 || s.charCodeAt(i + 1) !== 96 || s.charCodeAt(i + 2) !== 96 || s.charCodeAt(i + 3) === 96) return -1;
  let k = i + 3;
  const infoEnd = Math.min(s.length, k + 32);
  while (k < infoEnd && isInfoChar(s.charCodeAt(k))) k++;
  if (s.charCodeAt(k) !== 10) return -1;
  // a block opened at a parameter's start closes within that parameter (a linear search for every candidate)
  const close = i === 0 || s.charCodeAt(i - 1) === 10 ? s.indexOf('\n```', k) : parameterFenceClose(s, k);
  if (close < 0) return -1;
  // a block opened at a parameter's start is read as code when its quote or substitution breaks out (`q=```\nx' or 1=1--\n```&page=1`)
  if (!(i === 0 || s.charCodeAt(i - 1) === 10) && holdsBreakout(s, k, close)) return -1;
  let e = close + 4;
  if (s.charCodeAt(e) === 96) return -1;
  while (e < s.length && s.charCodeAt(e) !== 10) e++;
  return e;
}

/**
 * True when the fenced block opening at `i` and ending at `end` ({@link fencedBlockEnd}) is code that runs, not code quoted in a text: a
 * block standing alone in its value, parameter or JSON string (nothing before it, only spaces or line breaks after it) is typed code,
 * as a command line typed alone is (`q=```\nwhoami\n```` is a substitution in a shell); so is a block running a payload command at a
 * line's start or after a separator ({@link payloadIn}: `ok\n```\nid\n```\nthanks`). Reads the block once.
 */
export function fenceRunsCode(s: string, i: number, end: number): boolean {
  if (payloadIn(s, i + 3, end)) return true;
  if (!(i === 0 || parameterValueStart(s, i))) return false;
  let k = end;
  while (k < s.length && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 10 || s.charCodeAt(k) === 13)) k++;
  return k >= s.length || parameterStartsAt(s, k) || (s.charCodeAt(k) === 34 && s.charCodeAt(k - 1) !== 92);
}

/** An odd count of `'` or `"`, a `$(` or a command separator (`;`, `|`, `&`), in `s` from `from` to `to` (a fenced block's content, already bounded by its parameter). */
function holdsBreakout(s: string, from: number, to: number): boolean {
  let single = 0;
  let double = 0;
  for (let j = from; j < to; j++) {
    const c = s.charCodeAt(j);
    if (c === 39) single++;
    else if (c === 34) double++;
    else if ((c === 36 && s.charCodeAt(j + 1) === 40) || c === 59 || c === 124 || c === 38) return true;
  }
  return single % 2 === 1 || double % 2 === 1;
}

function isInfoChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 95 || c === 35;
}

/**
 * The closing backtick of the inline code span in a sentence that the backtick at `i` opens, or -1: a space or line start before
 * it and a plain word before that (a `:` or `,` may end it: `i get this: `x``), the closing backtick on the same line within 80 characters, then a
 * space and a plain word, a `(`, a dash (`` `x` - any idea?``) or closing punctuation, or the end of the value (or of its parameter: `&page=1`)
 * after punctuation, after three words, or after two words when the span is a command line with arguments (two spaces in it:
 * `i tried `kubectl get pods | grep x``). `;`id``, `a`id``, `` `id` `` alone, `bob smith `id`` are not spans in a sentence, nor is
 * a span holding an odd count of `'` or `"`, or whose first word is closed by a quote (it closes a string: `run `x' union
 * select 1--` now`, `use `bob' or '1'='1` here`), nor one running a payload command ({@link payloadIn}: `` please run `id` ``) or holding a
 * {@link breakOutLiteralIn} literal (`` error: `file:///etc/passwd` here ``).
 */
export function inlineCodeSpan(s: string, i: number): number {
  if (i < 3 || s.charCodeAt(i - 1) !== 32) return -1;
  const w = s.charCodeAt(i - 2);
  // `word:`, `word,`, a version label before a span opening with a name (`PowerShell 7: `Invoke-...``)
  if (!letterAt(s, i - 2) && !((w === 58 || w === 44) && (letterAt(s, i - 3) || (w === 58 && versionLabel(s, i - 3) && letterAt(s, i + 1))))) return -1;
  // the version label and the em/en dash below stand only for spans without a command separator (`PowerShell 7: `x& whoami``)
  const labelled = !letterAt(s, i - 2) && !letterAt(s, i - 3);
  const limit = Math.min(s.length, i + 81);
  let close = -1;
  let inner = 0;
  let quotes = 0;
  let separators = 0;
  for (let k = i + 1; k < limit; k++) {
    const c = s.charCodeAt(k);
    if (c === 10) return -1;
    if (c === 32) inner++;
    else if (c === 39) quotes++;
    else if (c === 34) quotes += 256;
    else if (c === 59 || c === 124 || c === 38 || (c === 36 && s.charCodeAt(k + 1) === 40)) separators++;
    if (c === 96) {
      close = k;
      break;
    }
  }
  // an odd count of `'` or `"` inside closes a string: `run `x' union select ...` now` breaks out
  if (close <= i + 1 || (labelled && separators > 0) || quotes % 2 === 1 || (quotes >> 8) % 2 === 1 || quotedStringHoldsCode(s, i + 1, close, 39) || quotedStringHoldsCode(s, i + 1, close, 34))
    return -1;
  // a backtick pair is a substitution in a shell: one running a payload (`` run `cat /etc/passwd` ``), or holding a path or filter
  // that breaks out elsewhere (`` `file:///etc/passwd` ``, `` `*)(uid=*` ``), is code wherever it stands
  if (payloadIn(s, i + 1, close) || breakOutLiteralIn(s, i + 1, close)) return -1;
  // its first token a word closed by a quote: data breaking out (`use `bob' or '1'='1` here`)
  let ft = i + 1;
  while (ft < close && ((s.charCodeAt(ft) >= 97 && s.charCodeAt(ft) <= 122) || (s.charCodeAt(ft) >= 48 && s.charCodeAt(ft) <= 57) || s.charCodeAt(ft) === 95)) ft++;
  if (ft > i + 1 && (s.charCodeAt(ft) === 39 || s.charCodeAt(ft) === 34)) return -1;
  let k = close + 1;
  const p = s.charCodeAt(k);
  if (p === 46 || p === 44 || p === 58 || p === 41 || p === 63 || p === 33) k++;
  // ending the value: after punctuation, or after a sentence of three or more words (`... different from `ls -1``), or two before a command line
  if (k >= s.length || parameterStartsAt(s, k)) {
    if (k > close + 1) return close;
    const words = spacesBefore(s, i);
    return words >= 3 || (words >= 2 && inner >= 2) ? close : -1;
  }
  if (s.charCodeAt(k) !== 32 && s.charCodeAt(k) !== 10) return -1;
  const a = s.charCodeAt(k + 1);
  if (letterAt(s, k + 1) || a === 96 || a === 40) return close;
  // `` `x` - any idea?``, `` `x` ?``; an em or en dash after a span opening with a name (`` `exec(x)` — is y better?``)
  if (
    ((a === 45 || ((a === 8212 || a === 8211) && letterAt(s, i + 1) && separators === 0)) && s.charCodeAt(k + 2) === 32) ||
    ((a === 63 || a === 33 || a === 46) && (k + 2 >= s.length || s.charCodeAt(k + 2) === 32 || parameterStartsAt(s, k + 2)))
  )
    return close;
  return -1;
}

/** URL schemes that read files or run code where a path is opened (`file:///etc/passwd`, `php://filter/...`). */
const FILE_SCHEMES = ['file', 'php', 'phar', 'zip', 'expect', 'ldap', 'ldaps', 'jar', 'gopher', 'dict', 'netdoc'] as const;

/**
 * True when the span `s[from, to)` (at most 80 characters: {@link inlineCodeSpan} bounds it) holds a literal that breaks out of a
 * path or a filter: a {@link FILE_SCHEMES} URL (`file:///`, `php://`), a UNC path opening it (`\\host\share`), a Windows parent
 * step (`..\`), a Windows system file (`\etc\hosts`, `\config\sam`, `\boot.ini`; `win.ini` is a {@link payloadIn} target), or an
 * LDAP filter it did not open closed (`*)(uid=*`, `admin)(&(x=*)`; a whole filter quoted, `(&(a=b)(c=d))`, is balanced). Other
 * drive paths (`dir C:\Users\x`) are what tickets quote.
 */
function breakOutLiteralIn(s: string, from: number, to: number): boolean {
  let depth = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    const d = s.charCodeAt(k + 1);
    if (c === 40) depth++;
    else if (c === 41 && depth > 0) depth--;
    else if (c === 41 && (d === 40 || s.charCodeAt(k - 1) === 42)) return true;
    // a UNC path opening the span, a Windows parent step; a drive path only to a system file (`c:\\windows\\win.ini`)
    if (c === 92 && (d === 92 ? k === from : k > from && s.charCodeAt(k - 1) === 46 && s.charCodeAt(k - 2) === 46)) return true;
    if (c === 92 && (s.startsWith('\\etc\\hosts', k) || s.startsWith('\\config\\sam', k) || s.startsWith('\\boot.ini', k))) return true;
    if (c === 58 && d === 47 && s.charCodeAt(k + 2) === 47) {
      let b = k;
      while (b > from && letterAt(s, b - 1)) b--;
      const scheme = s.slice(b, k);
      for (const f of FILE_SCHEMES) if (f === scheme) return true;
    }
  }
  return false;
}

/** Spaces in the 60 characters before `i` (words of the sentence before a code span). */
function spacesBefore(s: string, i: number): number {
  let n = 0;
  for (let k = i - 1; k >= 0 && k >= i - 60; k--) if (s.charCodeAt(k) === 32) n++;
  return n;
}

/** A version number of one or two digits after a word ends at `k` (`PowerShell 7`, `Node 20`). */
function versionLabel(s: string, k: number): boolean {
  let j = k;
  while (j > k - 2 && j >= 0 && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j--;
  return j < k && s.charCodeAt(j) === 32 && letterAt(s, j - 1);
}

function letterAt(s: string, k: number): boolean {
  const c = s.charCodeAt(k);
  return c >= 97 && c <= 122;
}

/**
 * True when an executable named at `at` (`cmd.exe`, `powershell.exe`, `len` characters) is mentioned,
 * not invoked: a space and a plain word follow it (`cmd.exe how to set a variable`), not a switch
 * (`/c`, `-nop`), a separator or the end of the value.
 */
export function executableMention(s: string, at: number, len: number): boolean {
  const k = at + len;
  if (s.charCodeAt(k) !== 32) return false;
  let j = k + 1;
  while (j < s.length && s.charCodeAt(j) >= 97 && s.charCodeAt(j) <= 122) j++;
  if (j - (k + 1) < 2) return false;
  return j >= s.length || s.charCodeAt(j) === 32;
}

/**
 * Words that continue an expression after a closed string (`x "or 1=1 --"` in a `"`-quoted context is
 * `"x " or 1=1 --`): quoted code that starts with one is a break-out, not a statement quoted.
 */
export const CONTINUATION_WORDS: ReadonlySet<string> = new Set(['or', 'and', 'xor', 'union', 'having', 'like', 'rlike', 'regexp', 'between', 'is', 'in', 'not', 'div', 'mod', 'collate', 'sounds']);

/**
 * A string that the quote `q` opens in `s[from, to)` holds code: inside code quoted in prose, that quote closes the application's
 * own string of the same quote, so what a pair encloses runs there (`"a ' or 1=1 -- '"` is `'...a ' or 1=1 -- '...'`). Code: it
 * starts with a space, an operator (`| + ) ; & = < > ,`) or a {@link CONTINUATION_WORDS} word, or holds a comment (`--`, `/*`, a
 * `#` ending a word). A literal (`name = 'bob'`, `-name "*.log"`, `'{print $2}'`) is not. Reads `to - from` characters.
 */
export function quotedStringHoldsCode(s: string, from: number, to: number, q: number): boolean {
  let open = -1;
  for (let j = from; j < to; j++) {
    if (s.charCodeAt(j) !== q) continue;
    if (open < 0) open = j;
    else if (codeAfterClosedString(s, open + 1, j)) return true;
    else open = -1;
  }
  return false;
}

/** `s[a, b)`, read as code right after a string closed: an expression continued or a comment (see {@link quotedStringHoldsCode}). */
function codeAfterClosedString(s: string, a: number, b: number): boolean {
  if (a >= b) return false;
  const c = s.charCodeAt(a);
  if (c === 32 || c === 124 || c === 43 || c === 41 || c === 59 || c === 38 || c === 61 || c === 60 || c === 62 || c === 44) return true;
  let we = a;
  while (we < b && we - a < 8 && s.charCodeAt(we) >= 97 && s.charCodeAt(we) <= 122) we++;
  if (we > a && (we === b || !(s.charCodeAt(we) >= 97 && s.charCodeAt(we) <= 122)) && CONTINUATION_WORDS.has(s.slice(a, we))) return true;
  for (let k = a; k < b; k++) {
    const d = s.charCodeAt(k);
    const e = s.charCodeAt(k + 1);
    if ((d === 45 && e === 45) || (d === 47 && e === 42) || (d === 35 && (k + 1 === b || e === 32))) return true;
  }
  return false;
}
