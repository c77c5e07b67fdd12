import { whereInjection } from './nosql-where.js';
import type { PlainValue } from './plain-text.js';
import { SCORE, type Analyser, type HitList } from './rule-hit.js';

/**
 * Server-side code and object payloads that no other analyser names (category `code`): PHP code
 * (`<?php`, `<?=`, `${@...}`, superglobals such as `$_GET[`, functions injections call:
 * `file_put_contents(`, `base64_decode(`, `assert(`, ...), server-side includes (`<!--#exec`),
 * serialised objects (PHP `O:8:"Name":1:{`, Java `rO0AB` / `aced0005` at a value's start, gadget
 * class names such as `java.lang.Runtime`, `org.apache.commons.collections`), prototype pollution
 * (`__proto__`, `constructor[prototype]`), NoSQL query operators (`user[$ne]=`, `{"$where":`) and
 * JavaScript for a `$where` filter (`'; return true; var x='`, `this.password.match(/^a/)`: nosql-where.ts).
 * Linear: substring scans and bounded look-arounds.
 */
export class CodeInjectionAnalyser implements Analyser {
  readonly category = 'code' as const;

  /** On plain text only `__proto__`, `constructor.prototype` (dots between), a gadget class name and the Java stream magic can match (the rest needs `<`, `$`, `:`, `(`, `[` or a quote). */
  mayMatchPlain(plain: PlainValue): boolean {
    const t = plain.text;
    return (
      t.indexOf('__proto__') >= 0 ||
      t.indexOf('constructor.') >= 0 ||
      t.indexOf('ro0ab') >= 0 ||
      t.indexOf('aced0005') >= 0 ||
      t.indexOf('java') >= 0 ||
      t.indexOf('ysoserial') >= 0 ||
      t.indexOf('.apache') >= 0 ||
      t.indexOf('com.sun.') >= 0
    );
  }

  analyse(text: string, _paranoia: number, hits: HitList): void {
    const n = text.length;
    // `'; return true; var x='`, `this.password.match(/.*/)//`: JavaScript for a `$where` filter
    const [ws, we] = whereInjection(text);
    if (ws >= 0) hits.add('code-nosql-where', 'code', SCORE.critical, ws, we);
    const lt = text.indexOf('<');
    if (lt >= 0) {
      // each marker past any occurrence that does not qualify (`<?xml ...?><?php`): bounded work per occurrence, no count cap (decoys would hide a payload)
      for (let php = text.indexOf('<?', lt); php >= 0; php = text.indexOf('<?', php + 2)) {
        if (text.startsWith('php', php + 2) || (text.charCodeAt(php + 2) === 61 && php + 3 < n)) {
          hits.add('code-php-tag', 'code', SCORE.critical, php, Math.min(n, php + 60));
          break;
        }
      }
      ssi: for (let ssi = text.indexOf('<!--#', lt); ssi >= 0; ssi = text.indexOf('<!--#', ssi + 5)) {
        for (const d of SSI_DIRECTIVES) {
          if (text.startsWith(d, ssi + 5)) {
            hits.add('code-ssi', 'code', SCORE.critical, ssi, Math.min(n, ssi + 60));
            break ssi;
          }
        }
      }
    }
    const dollar = text.indexOf('$');
    if (dollar >= 0) this.dollar(text, dollar, hits);
    const paren = text.indexOf('(');
    if (paren >= 0) {
      php: for (const f of PHP_FUNCTIONS) {
        for (let at = text.indexOf(f); at >= 0; at = text.indexOf(f, at + f.length)) {
          if (!wordStart(text, at)) continue;
          let k = at + f.length;
          while (k < n && text.charCodeAt(k) === 32) k++;
          const c = text.charCodeAt(k + 1);
          // `base64_decode('...')`, `assert($x)`, `file_put_contents("x.php", ...)`
          if (text.charCodeAt(k) === 40 && (c === 39 || c === 34 || c === 36 || c === 95 || (c >= 97 && c <= 122))) {
            hits.add('code-php-function', 'code', SCORE.critical, at, Math.min(n, k + 40));
            break php;
          }
        }
      }
    }
    if (text.indexOf(':') >= 0) this.phpObject(text, hits);
    java: for (const marker of JAVA_SERIALIZED) {
      for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) {
        const before = at > 0 ? text.charCodeAt(at - 1) : 0;
        // the start of a value: of the text, a parameter, a quoted string, an element or a path segment
        // a stream: at least 16 more characters
        if (n - at >= marker.length + 16 && (at === 0 || before === 61 || before === 34 || before === 32 || before === 62 || before === 47 || before === 58)) {
          hits.add('code-java-serialized', 'code', SCORE.critical, at, Math.min(n, at + 40));
          break java;
        }
      }
    }
    const jv = text.indexOf('java');
    const gadget = jv >= 0 || text.indexOf('org.apache') >= 0 || text.indexOf('com.sun.') >= 0 || text.indexOf('ysoserial') >= 0;
    for (let k = 0; gadget && k < GADGETS.length; k++) {
      const at = text.indexOf(GADGETS[k]);
      if (at >= 0) {
        hits.add('code-java-gadget', 'code', SCORE.critical, at, Math.min(n, at + 60));
        break;
      }
    }
    const proto = text.indexOf('__proto__');
    if (proto >= 0) {
      hits.add('code-prototype-pollution', 'code', SCORE.critical, proto, Math.min(n, proto + 40));
    } else {
      for (let ctor = text.indexOf('constructor'); ctor >= 0; ctor = text.indexOf('constructor', ctor + 11)) {
        let k = ctor + 11;
        // constructor[prototype], constructor.prototype, "constructor":{"prototype"
        while (
          k < n &&
          k < ctor + 16 &&
          (text.charCodeAt(k) === 91 || text.charCodeAt(k) === 46 || text.charCodeAt(k) === 34 || text.charCodeAt(k) === 58 || text.charCodeAt(k) === 123 || text.charCodeAt(k) === 32)
        )
          k++;
        if (k > ctor + 11 && text.startsWith('prototype', k)) {
          hits.add('code-prototype-pollution', 'code', SCORE.critical, ctor, Math.min(n, k + 20));
          break;
        }
      }
    }
  }

  /** `${@print(...)}` (PHP), superglobals, NoSQL operators. */
  private dollar(text: string, from: number, hits: HitList): void {
    const n = text.length;
    for (let at = from; at >= 0; at = text.indexOf('$', at + 1)) {
      const prev = at > 0 ? text.charCodeAt(at - 1) : 0;
      const next = text.charCodeAt(at + 1);
      if (next === 123 && text.charCodeAt(at + 2) === 64) {
        hits.add('code-php-complex', 'code', SCORE.critical, at, Math.min(n, at + 40));
        return;
      }
      if (next === 95) {
        for (const g of SUPERGLOBALS) {
          if (text.startsWith(g, at + 2)) {
            const after = text.charCodeAt(at + 2 + g.length);
            if (after === 91 || after === 41 || after === 59 || after === 44 || after === 32 || Number.isNaN(after)) {
              hits.add('code-php-superglobal', 'code', SCORE.error, at, Math.min(n, at + 40));
              return;
            }
          }
        }
      }
      // `[$ne]`, `"$where":`, `{$gt:`: a query operator where a value belongs
      if (prev === 91 || prev === 34 || prev === 123 || prev === 39) {
        for (const op of NOSQL_OPERATORS) {
          if (!text.startsWith(op, at + 1)) continue;
          const e = at + 1 + op.length;
          const close = text.charCodeAt(e);
          const ok = prev === 91 ? close === 93 : prev === 123 ? close === 58 || close === 32 : close === prev && (text.charCodeAt(e + 1) === 58 || text.charCodeAt(e + 1) === 32);
          if (ok) {
            hits.add('code-nosql-operator', 'code', SCORE.critical, at - 1, Math.min(n, e + 20));
            return;
          }
        }
      }
    }
  }

  /** PHP `o:8:"name":1:{` (and `c:` custom objects), as inside `a:2:{i:0;o:...`. */
  private phpObject(text: string, hits: HitList): void {
    const n = text.length;
    for (let at = text.indexOf(':'); at >= 0; at = text.indexOf(':', at + 1)) {
      const t = text.charCodeAt(at - 1);
      if ((t !== 111 && t !== 99) || (at > 1 && isWordChar(text.charCodeAt(at - 2)))) continue;
      let j = at + 1;
      while (j < n && j < at + 6 && isDigit(text.charCodeAt(j))) j++;
      if (j === at + 1 || text.charCodeAt(j) !== 58 || text.charCodeAt(j + 1) !== 34) continue;
      // the class name's closing `":` within 128 characters (a bounded look, whatever follows)
      let close = -1;
      for (let q = j + 2; q + 1 < n && q <= j + 130; q++) {
        if (text.charCodeAt(q) === 34 && text.charCodeAt(q + 1) === 58) {
          close = q;
          break;
        }
      }
      if (close < 0) continue;
      let m = close + 2;
      while (m < n && m < close + 8 && isDigit(text.charCodeAt(m))) m++;
      if (m > close + 2 && text.charCodeAt(m) === 58 && text.charCodeAt(m + 1) === 123) {
        hits.add('code-php-object', 'code', SCORE.critical, at - 1, Math.min(n, m + 30));
        return;
      }
    }
  }
}

/** A Java serialisation stream's magic, base64 (`rO0AB`) or hex, lower-cased: only where a value starts (after `=`, `"`, `:`, `>`, `/`, a space). */
const JAVA_SERIALIZED = ['ro0ab', 'aced0005'] as const;
const SSI_DIRECTIVES = ['exec', 'include', 'echo', 'config', 'printenv', 'set', 'fsize', 'flastmod'] as const;
const SUPERGLOBALS = ['get', 'post', 'request', 'cookie', 'server', 'files', 'env', 'session'] as const;
const NOSQL_OPERATORS = ['ne', 'gt', 'gte', 'lt', 'lte', 'nin', 'in', 'regex', 'where', 'exists', 'or', 'and', 'not', 'nor', 'expr', 'elemmatch', 'function', 'accumulator'] as const;

/** PHP functions injections call to write, decode or run code (`system(` and kin are in the command-injection analyser). */
const PHP_FUNCTIONS = [
  'file_put_contents',
  'file_get_contents',
  'fwrite',
  'fputs',
  'readfile',
  'highlight_file',
  'show_source',
  'assert',
  'create_function',
  'call_user_func',
  'call_user_func_array',
  'preg_replace',
  'base64_decode',
  'gzinflate',
  'gzuncompress',
  'str_rot13',
  'unserialize',
  'move_uploaded_file',
  'phpversion',
  'php_uname',
  'posix_getpwuid',
] as const;
/** Class names of deserialisation gadgets and reflective execution. */
const GADGETS = [
  'java.lang.runtime',
  'java.lang.processbuilder',
  'java.lang.reflect',
  'javax.script.scriptengine',
  'java.beans.xmldecoder',
  'javax.naming.initialcontext',
  'org.apache.commons.collections',
  'org.apache.xalan',
  'com.sun.org.apache',
  'com.sun.rowset.jdbcrowsetimpl',
  'ysoserial',
] as const;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || isDigit(c) || c === 95;
}
/** `s[at]` starts a word (not `my_assert(` or `x.fwrite(` inside a longer name). */
function wordStart(s: string, at: number): boolean {
  return at === 0 || !isWordChar(s.charCodeAt(at - 1));
}
