/**
 * Code inside a post: the shapes of ordinary text (a question on a developer forum, a support ticket,
 * a reproduction recipe) that carries a statement or a command line as its subject, not as a break-out.
 * An injection breaks out of the data context the value lands in (a quote, a separator, a comment);
 * a value that opens with a sentence, or whose lines hold a sentence, is read as text wherever it lands,
 * and the code in it is quoted; so is an inline code span in a sentence. Only the analysers of break-out classes (SQL, shell, paths, LDAP, XML
 * documents) ask; markup, template expressions and lookups run when reflected or logged and are
 * reported wherever they stand. Forward scans of the lower-cased value, no regular expressions.
 */

import { parameterNameEnd, parameterStartsAt } from './parameter-name.js';
import { payloadAfterSeparator, payloadIn } from './payload-command.js';
import { CONTINUATION_WORDS, inlineCodeSpan, quotedStringHoldsCode } from './quoted-code.js';

/** Values longer than this are never read as a post (characters): the scan stays bounded. */
const MAX_POST_CHARS = 4096;

/** Words of English sentences; a lead-in that holds one reads as a sentence, not as a run of keywords. */
const PROSE_WORDS = new Set([
  'an',
  'the',
  'to',
  'of',
  'in',
  'on',
  'at',
  'for',
  'with',
  'is',
  'are',
  'was',
  'does',
  'do',
  'did',
  'how',
  'why',
  'what',
  'where',
  'when',
  'which',
  'who',
  'can',
  'could',
  'should',
  'would',
  'i',
  'we',
  'you',
  'my',
  'our',
  'your',
  'it',
  'its',
  'this',
  'that',
  'these',
  'someone',
  'never',
  'says',
  'explain',
  'lives',
  'getting',
  'running',
  'moved',
  'edit',
  "can't",
  "don't",
  "doesn't",
  'please',
  'help',
  'there',
  'here',
  'anyone',
  'me',
  'have',
  'has',
  'been',
  'but',
  'way',
]);

/** {@link PROSE_WORDS} that are SQL keywords too: they do not make a line of a statement a sentence (`from users where id in`). */
const SQL_WORDS = new Set(['to', 'of', 'in', 'on', 'at', 'for', 'with', 'is', 'do', 'when', 'if', 'then']);

/**
 * Words that open code, not a sentence (SQL verbs, shell commands an injection starts with): a value
 * whose first word is one of them is a statement or a command line, whatever follows.
 */
const CODE_OPENERS = new Set([
  'select',
  'union',
  'insert',
  'update',
  'delete',
  'drop',
  'exec',
  'execute',
  'declare',
  'create',
  'alter',
  'truncate',
  'waitfor',
  'and',
  'or',
  'having',
  'order',
  'group',
  'cat',
  'echo',
  'ping',
  'sleep',
  'wget',
  'curl',
  'nc',
  'bash',
  'sh',
  'cmd',
  'powershell',
  'id',
  'whoami',
  'uname',
  'ls',
  'rm',
  'type',
  'dir',
  'net',
  'set',
  'system',
  'eval',
  'from',
  'limit',
  'true',
  'false',
  'null',
  'not',
  'case',
  'when',
  'if',
  'begin',
  'end',
  'then',
  'else',
]);

/**
 * True when `s[from, to)` (lower-cased, decoded) is a post quoting code: at most {@link MAX_POST_CHARS}
 * characters and either
 * - it opens with a sentence ({@link sentenceLeadIn}): `how do i make this faster? awk -F, ...`,
 *   `our dba says never run select pg_sleep(2); during business hours`, `file is at /opt/../x.yml`;
 * - or it has two or more lines, one of them a sentence ({@link proseLine}: `thanks, that solved it`,
 *   `q: what is the difference between these?`, `2. refresh the page`), and no line starts with a
 *   break-out character (`;`, `|`, `&`, a quote, `)`, after indentation, `>` or a step number).
 * `x; cat /etc/passwd`, `1' or '1'='1`, `'; drop table users--`, a payload after a newline with no
 * sentence line, a line starting `; id` under a sentence, a value holding a `$(` substitution or climbing three directories, a
 * payload command after a separator ({@link payloadAfterSeparator}: `how do i run ls; id`): none of these is a post.
 */
export function quotedInPost(s: string, from = 0, to = s.length): boolean {
  if (to - from > MAX_POST_CHARS || to - from < 12 || substitutionIn(s, from, to) || deepTraversalIn(s, from, to)) return false;
  let nl = s.indexOf('\n', from);
  if (nl >= to) nl = -1;
  // a sentence before a separator does not stop what follows it from running (`is it safe to run ls && cat /etc/passwd`)
  if (sentenceLeadIn(s, from, nl < 0 ? to : nl)) return !payloadAfterSeparator(s, from, to);
  if (nl < 0) return false;
  let prose = false;
  let start = from;
  while (start <= to) {
    let end = s.indexOf('\n', start);
    if (end < 0 || end > to) end = to;
    if (breakOutLineStart(s, start, end)) return false;
    if (!prose && proseLine(s, start, end)) prose = true;
    start = end + 1;
  }
  return prose && !payloadAfterSeparator(s, from, to);
}

/**
 * True when `s[from, to)` holds a command substitution `$(`: it runs inside a double-quoted string
 * too, so it breaks out wherever the value lands (`please help $(id)`), sentence or not.
 */
function substitutionIn(s: string, from: number, to: number): boolean {
  for (let k = from; k + 1 < to; k++) if (s.charCodeAt(k) === 36 && s.charCodeAt(k + 1) === 40) return true;
  return false;
}

/**
 * True when `s[from, to)` climbs three or more directories in a row (`../../../`, `..\\..\\..\\`): a
 * path built from the value climbs out whatever words precede it (`my file is at ../../../../etc/passwd`
 * under a base directory is one extra segment).
 */
function deepTraversalIn(s: string, from: number, to: number): boolean {
  let run = 0;
  for (let k = from; k + 2 < to; ) {
    const c = s.charCodeAt(k + 2);
    if (s.charCodeAt(k) === 46 && s.charCodeAt(k + 1) === 46 && (c === 47 || c === 92)) {
      if (++run >= 3) return true;
      k += 3;
    } else {
      run = 0;
      k++;
    }
  }
  return false;
}

/** Parameters of a list read for posts, at most. */
const MAX_POST_PARAMETERS = 16;

/**
 * The text the break-out analysers read: `''` when the whole value is a post ({@link quotedInPost}; in
 * a value with no line break, its `\\n` escapes read as line breaks),
 * the value with each post among its parameters blanked to spaces when it is a parameter list
 * (`q=<post>&page=1`, `name=bob&comment=<post>`; a parameter ends at `&` followed by a name and `=`,
 * so a decoded `&&` inside the post does not end it), each post among the string values of a JSON
 * body, with inline code spans and quoted spans in a sentence blanked
 * (at most {@link MAX_CODE_SPANS} of each; {@link quotedSpanInSentence}), else the value itself. Offsets are kept.
 */
export function withoutPosts(s: string): string {
  if (quotedInPost(s)) return '';
  // a value read from a JSON string keeps its escapes: `\\n` is its line break
  if (s.length <= MAX_POST_CHARS && s.indexOf('\n') < 0 && s.indexOf('\\n') >= 0 && quotedInPost(s.replaceAll('\\n', '\n'))) return '';
  let out = withoutSpans(s, withoutSpans(s, withoutSpans(s, undefined, '`', inlineCodeSpan), '"', quotedSpanInSentence), "'", quotedSpanInSentence);
  if (s.charCodeAt(0) === 123 || s.charCodeAt(0) === 91) return withoutJsonPosts(s, out);
  let v = parameterNameEnd(s, 0);
  if (v < 0) return out ?? s;
  for (let n = 0; n < MAX_POST_PARAMETERS && v < s.length; n++) {
    let end = s.indexOf('&', v);
    let next = -1;
    while (end >= 0) {
      next = parameterNameEnd(s, end + 1);
      if (next >= 0) break;
      end = s.indexOf('&', end + 1);
    }
    if (end < 0) end = s.length;
    if (quotedInPost(s, v, end)) out = (out ?? s).slice(0, v) + ' '.repeat(end - v) + (out ?? s).slice(end);
    if (next < 0) break;
    v = next;
  }
  return out ?? s;
}

/**
 * A JSON body (`{"name":"bob","comment":"<post>"}`) with each string value that is a post blanked
 * (its `\\n` escapes read as line breaks; at most {@link MAX_POST_PARAMETERS} values), starting from
 * `out` when code spans were blanked already.
 */
function withoutJsonPosts(s: string, out: string | undefined): string {
  let i = s.indexOf('"');
  for (let n = 0; i >= 0 && n < 2 * MAX_POST_PARAMETERS; n++) {
    // the string's end: the next `"` not escaped
    let e = i + 1;
    while (e < s.length && s.charCodeAt(e) !== 34) e += s.charCodeAt(e) === 92 ? 2 : 1;
    if (e >= s.length) break;
    let k = i - 1;
    while (k >= 0 && s.charCodeAt(k) === 32) k--;
    // a value (after `:`, `[` or `,`), not a key; long enough to be a post
    if (k >= 0 && (s.charCodeAt(k) === 58 || s.charCodeAt(k) === 91 || s.charCodeAt(k) === 44) && e - i > 12 && quotedInPost(s.slice(i + 1, e).replaceAll('\\n', '\n'))) {
      out = (out ?? s).slice(0, i + 1) + ' '.repeat(e - i - 1) + (out ?? s).slice(e);
    }
    i = s.indexOf('"', e + 1);
  }
  return out ?? s;
}

/** Inline code spans in a sentence read, at most. */
const MAX_CODE_SPANS = 8;

/**
 * `out` (or `s` when undefined) with each span that `find` closes at an `open` of `s` blanked to spaces (at most
 * {@link MAX_CODE_SPANS} tried; none that {@link deepTraversalIn} or runs a payload, {@link payloadIn}), or `out` when there is none: inline code spans in a sentence ({@link inlineCodeSpan}: `is
 * `ls -la /var/../logs` safe?`, `tried `ssh -i ~/.ssh/key host` as suggested`) and quoted spans ({@link quotedSpanInSentence}).
 */
function withoutSpans(s: string, out: string | undefined, open: string, find: (s: string, i: number) => number): string | undefined {
  let i = s.indexOf(open);
  for (let n = 0; i >= 0 && n < MAX_CODE_SPANS; n++) {
    const close = find(out ?? s, i);
    // a span climbing three directories is reported, as in a post (`i get this: `../../../../etc/passwd``)
    if (close > i && !deepTraversalIn(s, i + 1, close) && !payloadIn(s, i + 1, close)) {
      out = (out ?? s).slice(0, i) + ' '.repeat(close + 1 - i) + (out ?? s).slice(close + 1);
      i = s.indexOf(open, close + 1);
    } else {
      i = s.indexOf(open, i + 1);
    }
  }
  return out;
}

/** Characters read back from a quote for the words that introduce it, at most. */
const MAX_LEAD_IN_CHARS = 120;

/** Characters of a quoted span in a sentence, at most. */
const MAX_QUOTED_SPAN = 200;

/**
 * The closing quote of a quoted span in a sentence that the `"` (or `'`) at `i` opens, or -1: prose
 * names a statement or a command line by quoting it (`try "select 1;" instead`, `when i run "chmod 600
 * ~/.key" (on ubuntu)`, `output of 'ls -la' is empty`), the plain-text form of an inline code span.
 * - Before it: a space, and back to the start of the value, of its line or of its parameter (`q=`),
 *   within {@link MAX_LEAD_IN_CHARS}, only plain words and punctuation (a `:` or `,`, no code
 *   character), one or more words, the first not a {@link CODE_OPENERS} word unless a later one is a
 *   {@link PROSE_WORDS} word (`when i run "x"`; `echo "x"` is a command); for a `'` two or more
 *   words with a {@link PROSE_WORDS} word (a single quote is the usual break-out).
 * - The span: on one line, at most {@link MAX_QUOTED_SPAN} characters, starting with a letter, `.`,
 *   `/`, `~`, `<` or `\` and not with a {@link CONTINUATION_WORDS} word (`x "or 1=1 --"` is a
 *   break-out), ending in no space, with no `$(` nor backtick (they run inside double quotes too), no
 *   `|`, `&` nor inner `;` (in a string of the same quote they separate commands: `when i run "x; cat
 *   /etc/passwd" now`), and an even count of the other quote, no pair of it holding code
 *   ({@link quotedStringHoldsCode}: `"a ' or 1=1 -- '"` breaks out of `'...'`), not ending in a comment
 *   (`--`, `#` after a space, digit or `)`: `"order by 5#"`), its first token not a
 *   word closed by a quote or `)` (`try "admin'--"`, `name "x' or '1'='1" ok` close a `'` string: break-outs).
 * - After it: closing punctuation, then the end of the value (or of its parameter: `&page=1`), or a
 *   space and a word, a `(`, a dash or closing punctuation.
 */
export function quotedSpanInSentence(s: string, i: number): number {
  const quote = s.charCodeAt(i);
  if (i < 2 || s.charCodeAt(i - 1) !== 32) return -1;
  // the lead-in, read backwards: plain words and punctuation only
  const stop = Math.max(0, i - MAX_LEAD_IN_CHARS);
  let k = i - 1;
  while (k > stop) {
    const c = s.charCodeAt(k - 1);
    if (c === 10 || c === 61) break;
    if (
      !(
        isLetter(c) ||
        (c >= 48 && c <= 57) ||
        c === 32 ||
        c === 44 ||
        c === 58 ||
        c === 46 ||
        c === 63 ||
        c === 33 ||
        c === 45 ||
        c === 40 ||
        c === 41 ||
        (c === 39 && k >= 2 && isLetter(s.charCodeAt(k - 2)) && isLetter(s.charCodeAt(k)))
      )
    )
      return -1;
    k--;
  }
  if (k === stop && stop > 0) return -1;
  // a parameter's value: `=` only after a parameter name that starts the list or follows `&`
  if (k > 0 && s.charCodeAt(k - 1) === 61) {
    let b = k - 1;
    while (b > 0 && b > k - 34 && s.charCodeAt(b - 1) !== 38 && s.charCodeAt(b - 1) !== 10) b--;
    if (parameterNameEnd(s, b) !== k) return -1;
  }
  let words = 0;
  let prose = false;
  let first = true;
  // the first word opens code (`echo "x"`, `select "a"`) unless a later word makes the lead-in a sentence (`when i run "x"`)
  let opener = false;
  for (let w = k; w < i; ) {
    while (w < i && s.charCodeAt(w) === 32) w++;
    if (w >= i) break;
    const e = plainWordEnd(s, w, i);
    if (e < 0) {
      while (w < i && s.charCodeAt(w) !== 32) w++;
      first = false;
      continue;
    }
    let we = e;
    if (!isLetter(s.charCodeAt(we - 1))) we--;
    const word = s.slice(w, we);
    if (first) opener = CODE_OPENERS.has(word);
    else if (!prose && PROSE_WORDS.has(word)) prose = true;
    if (first && !opener && PROSE_WORDS.has(word)) prose = true;
    first = false;
    if (we - w >= 2 || word === 'i') words++;
    w = e;
  }
  if (words < 1 || (opener && !prose) || (quote === 39 && (words < 2 || !prose))) return -1;
  // the span
  const a = s.charCodeAt(i + 1);
  if (!(isLetter(a) || a === 46 || a === 47 || a === 126 || a === 60 || a === 92)) return -1;
  let we = i + 1;
  while (we < i + 9 && isLetter(s.charCodeAt(we))) we++;
  if (we > i + 1 && CONTINUATION_WORDS.has(s.slice(i + 1, we)) && !isLetter(s.charCodeAt(we))) return -1;
  // its first token a word closed by a quote or `)`: data breaking out (`"x' or '1'='1"`, `"admin'--"`)
  let ft = i + 1;
  while (ft < i + 41 && ((s.charCodeAt(ft) >= 97 && s.charCodeAt(ft) <= 122) || (s.charCodeAt(ft) >= 48 && s.charCodeAt(ft) <= 57) || s.charCodeAt(ft) === 95 || s.charCodeAt(ft) === 46)) ft++;
  const fc = s.charCodeAt(ft);
  if (ft > i + 1 && (fc === 39 || fc === 34 || fc === 41) && fc !== quote) return -1;
  const limit = Math.min(s.length, i + 1 + MAX_QUOTED_SPAN);
  const other = quote === 34 ? 39 : 34;
  let close = -1;
  let others = 0;
  for (let j = i + 1; j < limit; j++) {
    const c = s.charCodeAt(j);
    if (c === 10 || c === 96 || (c === 36 && s.charCodeAt(j + 1) === 40)) return -1;
    // a command separator runs what follows it when the value sits in a string of this quote (`when i run "x; cat /etc/passwd" now`); a final `;` is punctuation
    if (c === 124 || c === 38 || (c === 59 && s.charCodeAt(j + 1) !== quote)) return -1;
    if (c === other) others++;
    if (c === quote) {
      close = j;
      break;
    }
  }
  // an odd count of the other quote closes a string of that quote: `try "admin'--"` breaks out of `'...'`
  if (close < 0 || s.charCodeAt(close - 1) === 32 || others % 2 === 1 || quotedStringHoldsCode(s, i + 1, close, other)) return -1;
  // ending in a comment (`"order by 5#"`, `'limit 1--'`): in a string of the same quote it swallows the closing quote, a break-out
  const e1 = s.charCodeAt(close - 1);
  const e2 = s.charCodeAt(close - 2);
  if ((e1 === 45 && e2 === 45) || (e1 === 35 && (e2 === 32 || (e2 >= 48 && e2 <= 57) || e2 === 41))) return -1;
  // after it
  let j = close + 1;
  const p = s.charCodeAt(j);
  if (p === 46 || p === 44 || p === 58 || p === 59 || p === 41 || p === 63 || p === 33) j++;
  if (j >= s.length || parameterStartsAt(s, j)) return close;
  if (s.charCodeAt(j) !== 32) return -1;
  const b = s.charCodeAt(j + 1);
  if (isLetter(b) || b === 40) return close;
  if (b === 45 && s.charCodeAt(j + 2) === 32) return close;
  if ((b === 63 || b === 33 || b === 46) && (j + 2 >= s.length || s.charCodeAt(j + 2) === 32)) return close;
  return -1;
}

/** A plain word at `i` (letters, an inner apostrophe, then at most one of `?`, `.`, `,`, `!`, `:`): its end, or -1. */
function plainWordEnd(s: string, i: number, end: number): number {
  const from = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) i++;
    else if (c === 39 && i > from && i + 1 < end && isLetter(s.charCodeAt(i + 1))) i++;
    else break;
  }
  if (i === from) return -1;
  const p = s.charCodeAt(i);
  if (i < end && (p === 63 || p === 46 || p === 44 || p === 33 || p === 58)) i++;
  return i >= end || s.charCodeAt(i) === 32 ? i : -1;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

/**
 * True when the line `[from, end)` opens with a sentence and the code after it is not a break-out: a run
 * of plain words (two or more, a {@link PROSE_WORDS} word among them), the first not a
 * {@link CODE_OPENERS} word, up to the first such word or the first other token; then a token that does not start with `;`, `|`, `&`, a quote,
 * `)`, `#` or `--`, and is not a word closed by a quote or `)` (`bob'`, `1"`): `the user is bob' or 1=1`
 * and `i like it; id` are break-outs after prose.
 */
function sentenceLeadIn(s: string, from: number, end: number): boolean {
  let i = from;
  let words = 0;
  let prose = false;
  let first = true;
  while (i < end) {
    const e = plainWordEnd(s, i, end);
    if (e < 0) break;
    let w = e;
    const p = s.charCodeAt(w - 1);
    if (!isLetter(p)) w--;
    const word = s.slice(i, w);
    if (CODE_OPENERS.has(word)) {
      // the first word opens code; a later one starts the code the sentence quotes
      if (first) return false;
      break;
    }
    first = false;
    words++;
    if (!prose && PROSE_WORDS.has(word)) prose = true;
    i = e;
    while (i < end && s.charCodeAt(i) === 32) i++;
    if (words >= 12) break;
  }
  if (!prose || words < 2 || i >= end) return false;
  const c = s.charCodeAt(i);
  if (c === 59 || c === 124 || c === 38 || c === 39 || c === 34 || c === 41 || c === 35 || c === 96) return false;
  if (c === 45 && s.charCodeAt(i + 1) === 45) return false;
  // the code token: a word closed by a quote, `)` or `;` is data breaking out (`bob'`, `1"`, `1)`)
  let k = i;
  while (k < end) {
    const d = s.charCodeAt(k);
    if ((d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 46 || d === 95 || d === 45 || d === 64) k++;
    else break;
  }
  if (k > i && k < end) {
    const d = s.charCodeAt(k);
    if (d === 39 || d === 34 || d === 41 || d === 59 || d === 124 || d === 38 || d === 96) return false;
  }
  return true;
}

/**
 * True when the line `[start, end)` is a sentence: three or more plain words, at least two thirds of
 * its tokens, one of them a {@link PROSE_WORDS} word that is not a {@link SQL_WORDS} word, no token holding code punctuation (`;`, `|`, `&`, `` ` ``, `$`, `<`, `>`, `{`, `}`,
 * `=`), the first word not a {@link CODE_OPENERS} word. A leading `>`, `^`, `-` or step number counts
 * as a token.
 */
function proseLine(s: string, start: number, end: number): boolean {
  let plain = 0;
  let tokens = 0;
  let first = true;
  let prose = false;
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    tokens++;
    const e = plainWordEnd(s, i, end);
    if (e >= 0) {
      let w = e;
      if (!isLetter(s.charCodeAt(w - 1))) w--;
      const word = s.slice(i, w);
      if (first && CODE_OPENERS.has(word)) return false;
      if (!prose && PROSE_WORDS.has(word) && !SQL_WORDS.has(word)) prose = true;
      plain++;
      i = e;
    } else {
      while (i < end && s.charCodeAt(i) !== 32) {
        const d = s.charCodeAt(i);
        if (d === 59 || d === 124 || d === 38 || d === 96 || d === 36 || d === 60 || d === 62 || d === 123 || d === 125 || d === 61) {
          // a leading `>` quote marker is not code
          if (!(d === 62 && tokens === 1 && (i + 1 >= end || s.charCodeAt(i + 1) === 32))) return false;
        }
        i++;
      }
    }
    first = false;
  }
  return prose && plain >= 3 && 3 * plain >= 2 * tokens;
}

/**
 * True when the line `[start, end)` starts, after spaces, a `>` quote marker or a step number
 * (`1.`, `2)`), with a break-out character: `;`, `|`, `&`, a quote or `)`.
 */
function breakOutLineStart(s: string, start: number, end: number): boolean {
  let i = start;
  while (i < end && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 62)) i++;
  let k = i;
  while (k < end && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
  if (k > i && k < end && (s.charCodeAt(k) === 46 || s.charCodeAt(k) === 41)) {
    i = k + 1;
    while (i < end && s.charCodeAt(i) === 32) i++;
  }
  if (i >= end) return false;
  const c = s.charCodeAt(i);
  return c === 59 || c === 124 || c === 38 || c === 39 || c === 34 || c === 41;
}

/** The categories whose analysers skip a {@link quotedInPost} value: the classes that must break out of a data context. */
export const BREAK_OUT_CATEGORIES: ReadonlySet<string> = new Set(['sqli', 'cmdi', 'traversal', 'ldap', 'xxe']);
