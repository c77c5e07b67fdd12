import { SCORE, type Analyser, type HitList } from './rule-hit.js';
import { escapeRegExp } from '../core/keyword-matcher.js';
import { PlainLiterals, type PlainValue } from './plain-text.js';
import { inlineCodeSpan } from './quoted-code.js';
import { callThenWords } from './js-call-prose.js';
import { proseScriptBody } from './script-body.js';

const DEFAULTS = {
  /** Attributes read per tag at most. */
  maxAttributes: 32,
} as const;

/** Tags that run or embed active content on their own. */
const EMBEDDING_TAGS = new Set([
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'isindex',
  'vmlframe',
  'import',
  'layer',
  'ilayer',
  'bgsound',
  'xss',
  'portal',
  'xmp',
  'plaintext',
  'noembed',
  'noscript',
]);

/** Tags that carry scripts, styles or navigation (SVG/MathML/XML islands, meta, link, style, forms). */
const ACTIVE_TAGS = new Set([
  'svg',
  'math',
  'meta',
  'link',
  'style',
  'form',
  'animate',
  'set',
  'handler',
  'listener',
  'foreignobject',
  'xml',
  'eval',
  'stylesheet',
  'xsl:stylesheet',
  'xsl:template',
  'event-source',
  'marquee',
  'template',
  'use',
]);

/** Ordinary tags: quiet unless they carry a handler or a script URL (reported at paranoia 2+). */
const PLAIN_TAGS = new Set([
  'video',
  'audio',
  'details',
  'image',
  'keygen',
  'textarea',
  'title',
  'button',
  'select',
  'body',
  'html',
  'img',
  'input',
  'a',
  'div',
  'table',
  'td',
  'p',
  'br',
  'span',
  'source',
  'comment',
  'h1',
  'b',
  'i',
  'u',
  'font',
  'label',
  'head',
]);

/** Attributes of IE data binding, which render bound data as HTML. */
const DATA_BINDING = new Set(['datasrc', 'datafld', 'dataformatas']);

/** Attributes whose value is loaded or run as a URL or code. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'data',
  'lowsrc',
  'dynsrc',
  'background',
  'xlink:href',
  'code',
  'codebase',
  'poster',
  'srcdoc',
  'content',
  'values',
  'from',
  'to',
  'by',
  'style',
  'folder',
  'datasrc',
  'allowscriptaccess',
  'xmlns',
  'attributename',
  'innerhtml',
  'src',
  'ng-include',
  'url',
]);

/** Functions and properties an XSS payload calls or reads. */
const JS_SINKS = [
  'alert',
  'prompt',
  'confirm',
  'eval',
  'fromcharcode',
  'settimeout',
  'setinterval',
  'constructor',
  'atob',
  'document.write',
  'document.cookie',
  'document.domain',
  'document.location',
  'window.location',
  'location.href',
  '.innerhtml',
  'window.open',
  'execscript',
  'expression',
  'top[',
  'self[',
  'globalthis',
] as const;

/** Whether any sink occurs at all (one linear scan before the per-sink search). */
const JS_SINK_ANY = new RegExp(JS_SINKS.map(escapeRegExp).join('|'));

/** Sinks reported without a call after them (properties, `top[`), as far as they can occur in plain text. */
const PLAIN_CALL_FREE_SINKS = new PlainLiterals(JS_SINKS.filter((s) => s.indexOf('.') >= 0 || s.endsWith('[')));

const SCHEMES = ['javascript', 'vbscript', 'livescript', 'mocha'] as const;

/**
 * XSS analyser: reads the value as HTML. Tags are tokenised (name, then attributes as a browser
 * would split them, accepting `/` as a separator): `<script`, embedding tags (`<iframe`, `<object`,
 * `<embed`, ...), event-handler attributes (`onerror=`) on any tag, script URLs
 * (`javascript:`, `vbscript:`, `data:text/html`) in URL attributes or as the whole value, CSS
 * expressions, attribute breakouts (`" onmouseover="...`) and JavaScript sinks called right after a
 * string or statement break (`";alert(1)//`). Plain HTML such as `<a href="/x">` stays quiet.
 */
export class XssAnalyser implements Analyser {
  readonly category = 'xss' as const;

  analyse(text: string, paranoia: number, hits: HitList): void {
    let lt = text.indexOf('<');
    while (lt >= 0) {
      const next = this.tag(text, lt, paranoia, hits);
      lt = text.indexOf('<', next);
    }
    this.schemes(text, hits);
    this.sinks(text, hits);
    this.attributeBreakout(text, hits);
  }

  /**
   * Tags need `<`, script schemes `:`, attribute breakouts a quote, and a sink counts only when
   * called (`(`, a backtick) unless it is a property (`document.cookie`): plain text can only
   * hold the latter.
   */
  mayMatchPlain(plain: PlainValue): boolean {
    return PLAIN_CALL_FREE_SINKS.test(plain.text, plain.chars);
  }

  /** Read the tag at `lt`; returns where to continue. */
  private tag(s: string, lt: number, paranoia: number, hits: HitList): number {
    const n = s.length;
    let i = lt + 1;
    const closing = s.charCodeAt(i) === 47;
    if (closing) i++;
    const nameStart = i;
    while (i < n && isTagNameChar(s.charCodeAt(i))) i++;
    if (i === nameStart || !isLetter(s.charCodeAt(nameStart))) return lt + 1;
    const name = s.slice(nameStart, i);
    // a bare tag named in an inline code span of a sentence (`what does `<script>` mean here?`): no attribute, no content
    if (lt > 0 && s.charCodeAt(lt - 1) === 96 && s.charCodeAt(i) === 62 && s.charCodeAt(i + 1) === 96 && inlineCodeSpan(s, lt - 1) === i + 1) return i + 2;
    if (name === 'script') {
      // a bare tag followed by a sentence (`does our csp block inline <script> tags?`): named, runs nothing (script-body.ts)
      if (!closing && s.charCodeAt(i) === 62 && proseScriptBody(s, i + 1)) return i + 1;
      hits.add('xss-script-tag', 'xss', SCORE.critical, lt, i);
      if (closing) return i;
    } else if (!closing && EMBEDDING_TAGS.has(name)) {
      hits.add('xss-embedding-tag', 'xss', SCORE.critical, lt, i);
    } else if (!closing && ACTIVE_TAGS.has(name)) {
      hits.add('xss-active-tag', 'xss', SCORE.warning, lt, i);
      if (name === 'style' && styleScript(s, i)) hits.add('xss-style-script', 'xss', SCORE.critical, lt, Math.min(n, i + 60));
    } else if (!closing && paranoia >= 2 && PLAIN_TAGS.has(name)) {
      hits.add('xss-html-tag', 'xss', SCORE.notice, lt, i);
    }
    if (closing) return i;
    if (lt > 0 && tagBreakout(s, lt)) hits.add('xss-tag-breakout', 'xss', SCORE.warning, Math.max(0, lt - 2), i);
    // attributes
    for (let a = 0; a < DEFAULTS.maxAttributes && i < n; a++) {
      let c = s.charCodeAt(i);
      while (i < n && (c === 32 || c === 10 || c === 47 || c === 34 || c === 39 || c === 96)) c = s.charCodeAt(++i);
      if (i >= n || c === 62 /* > */) return i;
      if (c === 60) return i; // a new tag starts
      const attrStart = i;
      while (i < n) {
        c = s.charCodeAt(i);
        if (c === 32 || c === 10 || c === 47 || c === 62 || c === 61 || c === 60) break;
        i++;
      }
      const attr = s.slice(attrStart, i);
      while (i < n && s.charCodeAt(i) === 32) i++;
      let valueStart = -1;
      let valueEnd = -1;
      if (s.charCodeAt(i) === 61 /* = */) {
        i++;
        while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 10)) i++;
        const q = s.charCodeAt(i);
        if (q === 34 || q === 39 || q === 96) {
          const close = s.indexOf(String.fromCharCode(q), i + 1);
          valueStart = i + 1;
          valueEnd = close < 0 ? n : close;
          i = close < 0 ? n : close + 1;
        } else {
          valueStart = i;
          while (i < n && s.charCodeAt(i) !== 32 && s.charCodeAt(i) !== 10 && s.charCodeAt(i) !== 62) i++;
          valueEnd = i;
        }
      }
      if (DATA_BINDING.has(attr)) {
        hits.add('xss-data-binding', 'xss', SCORE.critical, lt, i);
      } else if ((name === 'meta' && attr === 'http-equiv') || (name === 'link' && attr === 'href') || (name === 'xml' && attr === 'src')) {
        hits.add('xss-external-resource', 'xss', SCORE.critical, lt, i);
      }
      if (isEventHandler(attr) && (valueStart >= 0 || paranoia >= 2)) {
        hits.add('xss-event-handler', 'xss', SCORE.critical, lt, valueEnd > 0 ? valueEnd : i);
      } else if (valueStart >= 0 && URL_ATTRIBUTES.has(attr)) {
        if (scriptUrlAt(s, valueStart, valueEnd) || (attr === 'style' && cssScript(s, valueStart, valueEnd))) {
          hits.add('xss-script-url', 'xss', SCORE.critical, lt, valueEnd);
        }
      }
    }
    return i;
  }

  /** `javascript:` (letters may be split by spaces or newlines), `vbscript:`, `data:text/html`. */
  private schemes(s: string, hits: HitList): void {
    const n = s.length;
    let colon = s.indexOf(':');
    while (colon > 0) {
      const start = schemeBefore(s, colon);
      if (start >= 0) {
        let j = colon + 1;
        while (j < n && s.charCodeAt(j) === 32) j++;
        if (j < n) hits.add('xss-script-url', 'xss', SCORE.critical, start, Math.min(n, j + 40));
        else hits.add('xss-script-scheme', 'xss', SCORE.error, start, colon + 1);
      }
      colon = s.indexOf(':', colon + 1);
    }
    const data = s.indexOf('data:');
    if (data >= 0) {
      const rest = withoutSpaces(s, data + 5, data + 40);
      if (rest.startsWith('text/html') || rest.startsWith('image/svg') || rest.startsWith('application/x-javascript') || rest.startsWith('text/javascript') || rest.startsWith('application/xhtml')) {
        hits.add('xss-data-uri', 'xss', SCORE.critical, data, Math.min(n, data + 40));
      }
    }
  }

  /** JavaScript sinks in a script context: `";alert(1)//`, `'-prompt(1)-'`, `{{constructor...}}`. */
  private sinks(s: string, hits: HitList): void {
    if (!JS_SINK_ANY.test(s)) return;
    const calls = s.indexOf('(') >= 0 || s.indexOf('`') >= 0;
    for (const sink of JS_SINKS) {
      if (!calls && sink.indexOf('.') < 0 && !sink.endsWith('[')) continue;
      let at = s.indexOf(sink);
      while (at >= 0) {
        const end = at + sink.length;
        const first = sink.charCodeAt(0);
        const boundary = first === 46 || at === 0 || !isWordChar(s.charCodeAt(at - 1));
        if (boundary) {
          const call = nextNonSpace(s, end);
          // a call, a tagged template, a property, or the function passed as a value: `(alert)(1)`, `[1].find(alert)`
          const isCall = call === 40 /* ( */ || call === 96 /* ` */ || sink.indexOf('.') >= 0 || sink.endsWith('[') || (call === 41 && prevNonSpace(s, at) === 40);
          // `alert() not working in chrome`: a call the next words leave unparseable, named in a sentence
          if (isCall && !(call === 40 && callThenWords(s, s.indexOf('(', end)))) {
            // a sink opening a code span in a sentence (`this `eval(x)` worries me`): closing the app's template literal there leaves a
            // literal followed by a name, which cannot parse; only an operator (`` `-alert(1)-` ``) joins the call to it
            const ctx = contextBefore(s, at) && !(at > 0 && s.charCodeAt(at - 1) === 96 && inlineCodeSpan(s, at - 1) >= end);
            if (ctx) hits.add('xss-js-sink', 'xss', SCORE.critical, Math.max(0, at - 2), Math.min(s.length, end + 12));
            else hits.add('xss-js-call', 'xss', SCORE.warning, at, Math.min(s.length, end + 12));
          }
        }
        at = s.indexOf(sink, end);
      }
    }
  }

  /** `" onmouseover="alert(1)`: closing an attribute value and adding a handler, without a tag. */
  private attributeBreakout(s: string, hits: HitList): void {
    const firstQuote = firstIndexOfQuote(s);
    if (firstQuote < 0) return;
    let at = s.indexOf('on', firstQuote);
    while (at > 0) {
      const before = s.charCodeAt(at - 1);
      if (before === 32 || before === 34 || before === 39 || before === 47 || before === 10 || before === 96) {
        let j = at + 2;
        while (j < s.length && isLetter(s.charCodeAt(j))) j++;
        if (j - at >= 6) {
          let k = j;
          while (k < s.length && s.charCodeAt(k) === 32) k++;
          if (s.charCodeAt(k) === 61 && isEventHandler(s.slice(at, j))) {
            hits.add('xss-event-handler', 'xss', SCORE.critical, Math.max(0, at - 2), Math.min(s.length, k + 30));
            return;
          }
        }
      }
      at = s.indexOf('on', at + 2);
    }
  }
}

const HANDLER_EXTRA = new Set(['onbegin', 'onend', 'onrepeat', 'onafterprint', 'onbeforeprint']);

/** `on` + at least 3 letters (onload, onerror, onmouseover, onpointerenter, ...). */
function isEventHandler(attr: string): boolean {
  if (attr.length < 5 || attr.charCodeAt(0) !== 111 || attr.charCodeAt(1) !== 110) return false;
  for (let i = 2; i < attr.length; i++) if (!isLetter(attr.charCodeAt(i))) return false;
  return attr !== 'online' && attr !== 'only' && attr !== 'onion' && attr !== 'ongoing' ? true : HANDLER_EXTRA.has(attr);
}

/** Start index of a script scheme word ending right before `colon` (letters may be space-split), or -1. */
function schemeBefore(s: string, colon: number): number {
  for (const scheme of SCHEMES) {
    let i = colon - 1;
    let k = scheme.length - 1;
    while (i >= 0 && k >= 0) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10) {
        i--;
        continue;
      }
      if (c !== scheme.charCodeAt(k)) break;
      i--;
      k--;
    }
    if (k < 0 && (i < 0 || !isLetter(s.charCodeAt(i)))) return i + 1;
  }
  return -1;
}

function scriptUrlAt(s: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 10)) i++;
  const colon = s.indexOf(':', i);
  if (colon < 0 || colon >= to) return false;
  if (schemeBefore(s, colon) === i) return true;
  return s.startsWith('data:', i) && (s.indexOf('html', i) > 0 || s.indexOf('svg', i) > 0 || s.indexOf('script', i) > 0);
}

/** A `<style>` body that imports, binds or evaluates: `@import`, `-moz-binding`, `expression(`, `behavior:`. */
function styleScript(s: string, from: number): boolean {
  let end = s.indexOf('</style', from);
  if (end < 0) end = s.length;
  return cssScript(s, from, end) || s.slice(from, end).indexOf('@import') >= 0;
}

/** `"><tag`, `'><tag`, `--><tag`, `</title><tag`: a tag right after closing an attribute, comment or element. */
function tagBreakout(s: string, lt: number): boolean {
  let i = lt - 1;
  while (i >= 0 && s.charCodeAt(i) === 32) i--;
  if (i < 1 || s.charCodeAt(i) !== 62 /* > */) return false;
  const p = s.charCodeAt(i - 1);
  if (p === 34 || p === 39 || p === 96 || p === 45 || p === 93) return true;
  // `</title>`: a closing tag of at most 12 characters ends right here
  for (let j = i - 1; j >= 0 && j > i - 12; j--) {
    if (s.charCodeAt(j) === 60) return s.charCodeAt(j + 1) === 47;
  }
  return false;
}

function cssScript(s: string, from: number, to: number): boolean {
  const v = s.slice(from, to);
  return v.indexOf('expression(') >= 0 || v.indexOf('javascript:') >= 0 || v.indexOf('behavior:') >= 0 || v.indexOf('-moz-binding') >= 0 || v.indexOf('url(') >= 0;
}

/** True when the text before `at` ends a string or statement: a quote, `;`, operator, `(`, `{`, `>`, or nothing. */
function contextBefore(s: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && s.charCodeAt(i) === 32) i--;
  if (i < 0) return true;
  const c = s.charCodeAt(i);
  return (
    c === 39 ||
    c === 34 ||
    c === 96 ||
    c === 59 ||
    c === 43 ||
    c === 45 ||
    c === 42 ||
    c === 47 ||
    c === 124 ||
    c === 38 ||
    c === 40 ||
    c === 44 ||
    c === 61 ||
    c === 62 ||
    c === 123 ||
    c === 125 ||
    c === 91 ||
    c === 58 ||
    c === 10 ||
    c === 33 ||
    c === 126 ||
    c === 94
  );
}

/** `s[from, to)` with spaces removed (`data: text/html` reads `data:text/html`). */
function withoutSpaces(s: string, from: number, to: number): string {
  let out = '';
  const end = Math.min(to, s.length);
  for (let i = from; i < end; i++) if (s.charCodeAt(i) !== 32) out += s[i];
  return out;
}

function prevNonSpace(s: string, i: number): number {
  i--;
  while (i >= 0 && s.charCodeAt(i) === 32) i--;
  return i >= 0 ? s.charCodeAt(i) : 0;
}

function nextNonSpace(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  return i < s.length ? s.charCodeAt(i) : 0;
}

function firstIndexOfQuote(s: string): number {
  const a = s.indexOf('"');
  const b = s.indexOf("'");
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

function isTagNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 58 || c === 45 || c === 95;
}
