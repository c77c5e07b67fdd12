import type { PlainValue } from './plain-text.js';
import { SCORE, type Analyser, type HitList } from './rule-hit.js';

/**
 * Words that reach the host language from inside a template (object graphs, runtimes, process
 * execution): an attack wherever they occur in user input.
 */
const ESCAPES = [
  '__class__',
  '__mro__',
  '__subclasses__',
  '__globals__',
  '__builtins__',
  '__import__',
  '__init__',
  '__base__',
  '__getattribute__',
  'getruntime',
  'processbuilder',
  'freemarker.template',
  'java.lang.runtime',
  'java.lang.class',
  'java.lang.system',
  'new()(',
  '?new()',
  'constructor.constructor',
  'request.application',
  'self._templatereference',
  'lipsum.__',
  'cycler.__',
  'joiner.__',
  'namespace.__',
  'config.__',
  'url_for.__',
  'get_flashed_messages.__',
  '_self.env',
  'registerundefinedfiltercallback',
  'getfilter(',
  '$smarty.',
  'self::getstreamvariable',
  'class.forname',
  'classloader',
  't(java.',
  '.getclass()',
  'objectconstructor',
  'ognl',
  '#_memberaccess',
  '@java.lang',
  'execute"?new',
  'child_process',
  'process.mainmodule',
  'global.process',
  'require(',
  'popen(',
  'os.system',
  'subprocess',
  '.exec(',
  'system(',
  'passthru(',
  'shell_exec(',
  'eval(',
  'assert(',
  'file_get_contents(',
  '.mro(',
  '.subclasses(',
  'config.',
  '|filter(',
  '|map(',
  "'system'",
  'dump(',
  '_context',
] as const;

/** {@link ESCAPES} by first character: a body position is compared with the few that can start there. */
const ESCAPES_BY_FIRST = new Map<number, string[]>();
for (const e of ESCAPES) {
  const list = ESCAPES_BY_FIRST.get(e.charCodeAt(0));
  if (list === undefined) ESCAPES_BY_FIRST.set(e.charCodeAt(0), [e]);
  else list.push(e);
}

/** Of {@link ESCAPES}, those that are only template escapes (the others also need a template delimiter). */
const PURE_ESCAPES = new Set<string>([
  '__class__',
  '__mro__',
  '__subclasses__',
  '__globals__',
  '__builtins__',
  '__import__',
  '__getattribute__',
  'getruntime',
  'processbuilder',
  'freemarker.template',
  'java.lang.runtime',
  'constructor.constructor',
  'registerundefinedfiltercallback',
  'self._templatereference',
  '#_memberaccess',
  'objectconstructor',
]);

/** Whether an opener or a pure escape can occur at all. */
const TEMPLATE_HINT = /[{<]|@\(|#set\(|__|constructor|runtime|processbuilder|freemarker|memberaccess|registerundefined|self\._/;

/** Whether a pure escape can occur at all (one scan before the list is searched). */
const PURE_ESCAPE_HINT = /__|constructor|runtime|processbuilder|freemarker|memberaccess|registerundefined|self\._/;

/** Characters of an expression body read at most. */
const MAX_BODY = 96;

/**
 * Server-side template injection analyser (category `ssti`). Looks for a template expression in
 * user input: an opening delimiter (`{{`, `${`, `#{`, `*{`, `@{`, Razor's `@(`, `<%`, `{%`, `<#`, `#set(`, `{php}`) whose
 * body (up to 96 characters, to the closing delimiter) computes something (`7*7`, `7*'7'`, `'a'+'b'`),
 * opens a Handlebars block helper with block parameters (`{{#with "s" as |string|}}`),
 * filters (`|attr(`, `?new()`) or reaches the host language (`__class__`, `getRuntime`,
 * `freemarker.template`, `T(java.lang...)`, `.exec(`). Object-graph escapes (`__globals__`,
 * `constructor.constructor`) count without delimiters too, next to other syntax (not as a bare
 * name in a path). `${VAR}` and `{{user.name}}`
 * placeholders do not compute and stay quiet. Linear: each opener is read once, bodies are capped.
 */
export class TemplateInjectionAnalyser implements Analyser {
  readonly category = 'ssti' as const;

  /** Plain text (letters, digits, `/ . - _`) holds no opener, and pure escapes count only next to other syntax. */
  readonly matchesPlain = false;

  mayMatchPlain(_plain: PlainValue): boolean {
    return false;
  }

  analyse(text: string, _paranoia: number, hits: HitList): void {
    // every opener holds `{` or `<` (or is `#set(`), every escape a hint word: one scan rules most values out
    if (!TEMPLATE_HINT.test(text)) return;
    const n = text.length;
    let done = false;
    for (let i = 0; i < n && !done; i++) {
      const c = text.charCodeAt(i);
      if (c !== 123 && c !== 36 && c !== 35 && c !== 42 && c !== 64 && c !== 60) continue;
      const len = openerAt(text, i);
      if (len === 0) continue;
      if (polyglotAt(text, i)) {
        // `${{<%[%'"}}%\.`: openers of several engines at once, the probe that tells them apart
        hits.add('ssti-expression', 'ssti', SCORE.critical, i, Math.min(n, i + POLYGLOT_SPAN));
        break;
      }
      const bodyStart = i + len;
      const bodyEnd = Math.min(n, bodyStart + MAX_BODY);
      const kind = judgeBody(text, bodyStart, bodyEnd, text.charCodeAt(i + 1) === 40);
      if (kind > 0) {
        hits.add(kind === 2 ? 'ssti-host-escape' : 'ssti-expression', 'ssti', SCORE.critical, i, Math.min(n, bodyEnd + 2));
        done = true;
      }
      // a placeholder: continue after its body (each character is read in one body at most)
      i = kind < 0 ? bodyStart - kind - 2 : bodyStart - 1;
    }
    if (done) return;
    if (!PURE_ESCAPE_HINT.test(text) || isPlain(text)) return;
    for (const e of PURE_ESCAPES) {
      const at = text.indexOf(e);
      if (at >= 0) {
        hits.add('ssti-host-escape', 'ssti', SCORE.critical, at, Math.min(n, at + 60));
        return;
      }
    }
  }
}

/** Characters after an opener in which {@link polyglotAt} looks for the openers of other engines. */
const POLYGLOT_SPAN = 12;

/**
 * True when three or more kinds of template opener (`${`, `{{`, `<%`, `[%`, `{%`, `#{`) start within
 * {@link POLYGLOT_SPAN} characters of `i`: the polyglot probe (`${{<%[%'"}}%\.`). Ordinary text and
 * placeholders hold one kind.
 */
function polyglotAt(s: string, i: number): boolean {
  const end = Math.min(s.length - 1, i + POLYGLOT_SPAN);
  let kinds = 0;
  for (let k = i; k < end; k++) {
    const c = s.charCodeAt(k);
    const d = s.charCodeAt(k + 1);
    let kind = 0;
    if (c === 36 && d === 123) kind = 1;
    else if (c === 123 && d === 123) kind = 2;
    else if (c === 60 && d === 37) kind = 4;
    else if (c === 91 && d === 37) kind = 8;
    else if (c === 123 && d === 37) kind = 16;
    else if (c === 35 && d === 123) kind = 32;
    kinds |= kind;
  }
  let count = 0;
  for (let b = kinds; b > 0; b >>= 1) count += b & 1;
  return count >= 3;
}

/** Length of the template opener at `i`, or 0 (the second character decides most cases at once). */
function openerAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  switch (c) {
    case 123: // {{ {% {$ {php}
      return d === 123 || d === 37 || d === 36 ? 2 : d === 112 && s.startsWith('{php}', i) ? 5 : 0;
    case 36: // ${
    case 42: // *{
      return d === 123 ? 2 : 0;
    case 64: // @{ and Razor's @(
      return d === 123 || d === 40 ? 2 : 0;
    case 35: // #{ #set(
      return d === 123 ? 2 : d === 115 && s.startsWith('#set(', i) ? 5 : 0;
    case 60: // <% <#
      return d === 37 || d === 35 ? 2 : 0;
    default:
      return 0;
  }
}

/** ` as |` before the first `}` of the body `s[start, end)`: a block helper's block parameters. */
function blockParams(s: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 125) return false;
    if (c === 124 && s.charCodeAt(k - 1) === 32 && s.charCodeAt(k - 2) === 115 && s.charCodeAt(k - 3) === 97 && s.charCodeAt(k - 4) === 32) return true;
  }
  return false;
}

/**
 * Whether the body `s[start, end)` of a template expression computes (1) or escapes to the host
 * language (2); for a placeholder, `-(length read) - 1`. Reads up to the first closing delimiter.
 */
function judgeBody(s: string, start: number, end: number, paren = false): number {
  // a Handlebars block helper with block parameters (`{{#with "s" as |string|}}`): the engine's own gadget syntax
  if (s.charCodeAt(start) === 35 && s.charCodeAt(start - 1) === 123 && blockParams(s, start, end)) return 1;
  let sawOperand = false;
  let sawOperator = false;
  let arithmetic = false;
  let stop = end;
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 125 /* } */ || (c === 37 && s.charCodeAt(k + 1) === 62) /* %> */ || c === 62 /* > */ || (paren && c === 41) /* ) of @( */) {
      stop = k;
      break;
    }
    if ((c >= 48 && c <= 57) || c === 39 || c === 34) {
      if (sawOperand && sawOperator) arithmetic = true;
      sawOperand = true;
      sawOperator = false;
    } else if (c === 42 || c === 43 || c === 45 || c === 47 || c === 126) {
      if (sawOperand) sawOperator = true;
    } else if (c !== 32) {
      sawOperand = false;
      sawOperator = false;
      if (c === 124 /* | */ && (s.startsWith('|attr', k) || s.startsWith('|join', k) || s.startsWith('|map(', k) || s.startsWith('|e(', k))) return 2;
    }
  }
  for (let k = start; k < stop; k++) {
    const list = ESCAPES_BY_FIRST.get(s.charCodeAt(k));
    if (list === undefined) continue;
    for (const e of list) if (s.startsWith(e, k)) return 2;
  }
  return arithmetic ? 1 : -(stop - start) - 1;
}

/** Only ASCII letters, digits, `/`, `.`, `-` and `_` (a bare name in a path is not a template escape). */
function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 47 || c === 46 || c === 45 || c === 95)) return false;
  }
  return true;
}
