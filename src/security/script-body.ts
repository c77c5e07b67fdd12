/**
 * A bare `<script>` tag whose body is a sentence (`does our csp block inline <script> tags?`, `phishing
 * with <script> in attachment name (do not open)`): the tag is named, not injected. A browser parses
 * the whole body before it runs any of it, and a body that cannot parse runs nothing:
 * - two words of letters side by side, separated by spaces only, before its first quote, `(`, `=`,
 *   `/`, backtick or line break, neither a JavaScript (or VBScript) keyword that takes an operand nor
 *   an operator spelled as a word (`in attachment name (`): two names in a row are a syntax error; a
 *   line break would let automatic semicolon insertion split them, so it ends the look;
 * - or a `?` (not `?.` nor `??`) before any quote, `/`, backtick or `(`, with no `:` after it in the
 *   body (`tags?`, `tags? ref. ticket #9653`): a conditional left open.
 * A marker (`<script>kcf`, `<script>1`), a call, an assignment or a tagged template is none of these.
 * An HTML-like comment (`<!--` anywhere, `-->` opening the body: ECMAScript Annex B) or a hashbang
 * (`#!` opening the body) hides the rest of its line from the parser, so words after it are no
 * sentence and the next line runs: it ends the look.
 * The body ends at `</script` or at the end of the value, read at most {@link MAX_BODY} characters.
 * Forward scans, no regular expressions.
 */

/** Characters of a script body read, at most. */
const MAX_BODY = 512;

/** Words that make two names in a row valid JavaScript (`var x`, `new Image`, `typeof x`, `x in y`). */
const JS_WORDS = new Set([
  'var',
  'let',
  'const',
  'new',
  'typeof',
  'void',
  'delete',
  'return',
  'throw',
  'yield',
  'await',
  'async',
  'function',
  'class',
  'extends',
  'in',
  'of',
  'instanceof',
  'case',
  'do',
  'else',
  'export',
  'import',
  'static',
  'get',
  'set',
  // VBScript calls without parentheses (`msgbox 1`, `call alert`)
  'call',
  'dim',
  'sub',
  'msgbox',
  // `using x = f()`: a resource declaration
  'using',
  // `x: break x;`: a labelled statement's jump
  'break',
  'continue',
]);

/** True when the body of the `<script>` tag whose `>` ends at `from - 1` is a sentence (lower-cased `s`). */
export function proseScriptBody(s: string, from: number): boolean {
  const end = bodyEnd(s, from);
  let k = from;
  while (k < end && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9)) k++;
  if (s.startsWith('-->', k) || s.startsWith('#!', k)) return false;
  return wordPairBefore(s, from, end) || openConditional(s, from, end);
}

/** Where the body starting at `from` ends: at `</script` or after {@link MAX_BODY} characters (a bounded search). */
function bodyEnd(s: string, from: number): number {
  const end = Math.min(s.length, from + MAX_BODY);
  for (let i = from; i < end; i++) if (s.charCodeAt(i) === 60 && s.startsWith('</script', i)) return i;
  return end;
}

/** `s[i]` opens an HTML-like comment, `<!--`. */
function commentOpens(s: string, i: number): boolean {
  return s.charCodeAt(i) === 60 && s.startsWith('<!--', i);
}

/** A `?` in `s[from, end)` before any quote, `/`, backtick, `(` or `<!--`, not `?.` nor `??`, and no `:` after it. */
function openConditional(s: string, from: number, end: number): boolean {
  let q = -1;
  for (let i = from; i < end && q < 0; i++) {
    const c = s.charCodeAt(i);
    if (c === 39 || c === 34 || c === 47 || c === 96 || c === 40 || commentOpens(s, i)) return false;
    if (c === 63) {
      const next = s.charCodeAt(i + 1);
      if (next === 46 || next === 63) return false;
      q = i;
    }
  }
  if (q < 0) return false;
  for (let i = q + 1; i < end; i++) if (s.charCodeAt(i) === 58) return false;
  return true;
}

/** Two plain words side by side in `s[from, end)` before its first code character (see {@link proseScriptBody}). */
function wordPairBefore(s: string, from: number, end: number): boolean {
  let prev = ''; // the previous word, when only spaces followed it
  let i = from;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 40 || c === 61 || c === 96 || c === 39 || c === 34 || c === 47 || c === 10 || commentOpens(s, i)) return false;
    if (c === 32) {
      i++;
      continue;
    }
    if (!isLetter(c)) {
      prev = '';
      i++;
      continue;
    }
    const start = i;
    while (i < end && isLetter(s.charCodeAt(i))) i++;
    const next = s.charCodeAt(i);
    const word = s.slice(start, i);
    // the second name may run on (`name&page=1`, `b1`): a name and a space before it are already a syntax error
    if (prev !== '' && !JS_WORDS.has(prev) && !JS_WORDS.has(word) && !isLetter(next)) return true;
    // the first one must end at a space (`a1 b`, `a.b c` start no pair at `a`)
    prev = i < end && next === 32 ? word : '';
  }
  return false;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}
