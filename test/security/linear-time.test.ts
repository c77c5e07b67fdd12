import { describe, expect, it } from 'vitest';
import { CommandInjectionAnalyser } from '../../src/security/command-injection.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { JndiAnalyser } from '../../src/security/jndi.js';
import { Normalizer } from '../../src/security/normalize.js';
import { HitList, type Analyser } from '../../src/security/rule-hit.js';
import { SqliAnalyser } from '../../src/security/sqli.js';
import { TraversalAnalyser } from '../../src/security/traversal.js';
import { XssAnalyser } from '../../src/security/xss.js';
import { TemplateInjectionAnalyser } from '../../src/security/template-injection.js';
import { XxeAnalyser } from '../../src/security/xxe.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { LdapAnalyser } from '../../src/security/ldap.js';
import { CodeInjectionAnalyser } from '../../src/security/code-injection.js';
import { HeaderInjectionAnalyser } from '../../src/security/header-injection.js';
import { SsrfAnalyser } from '../../src/security/ssrf.js';
import type { Signal } from '../../src/core/signal.js';
import { ev } from './helpers.js';
import { countWork } from './work-counter.js';

/** Hostile values of about `n` characters: runs of the syntax each analyser keys on. */
const HOSTILE: Record<string, (n: number) => string> = {
  semicolons: (n) => ';'.repeat(n),
  pipes: (n) => '|'.repeat(n),
  ampersands: (n) => '&'.repeat(n),
  backticks: (n) => '`'.repeat(n),
  newlines: (n) => '\n'.repeat(n),
  'separator and space': (n) => '; '.repeat(n / 2),
  'mixed separators': (n) => ';|&`\n'.repeat(n / 5),
  substitutions: (n) => '$('.repeat(n / 2),
  'empty parens': (n) => '()'.repeat(n / 2),
  'separator then word': (n) => ';id'.repeat(n / 3),
  'exec calls': (n) => 'system('.repeat(n / 7),
  'single quotes': (n) => "'".repeat(n),
  'double quotes': (n) => '"'.repeat(n),
  'quote or': (n) => "' or ".repeat(n / 5),
  'open parens': (n) => '('.repeat(n),
  'char calls': (n) => 'char('.repeat(n / 5),
  'select words': (n) => 'select '.repeat(n / 7),
  comments: (n) => '/*'.repeat(n / 2),
  '%25 chains': (n) => '%25'.repeat(n / 3),
  'percent signs': (n) => '%'.repeat(n),
  entities: (n) => '&#'.repeat(n / 2),
  escapes: (n) => '\\u'.repeat(n / 2),
  'dot-dot-slash': (n) => '../'.repeat(n / 3),
  'encoded traversal': (n) => '%2e%2e%2f'.repeat(n / 9),
  'backslash traversal': (n) => '..\\'.repeat(n / 3),
  'lookups open': (n) => '${'.repeat(n / 2),
  'lookups nested': (n) => `${'${a:'.repeat(n / 8)}${'}'.repeat(n / 8)}`,
  'jndi words': (n) => '${jndi:'.repeat(n / 7),
  'angle brackets': (n) => '<'.repeat(n),
  'open tags': (n) => '<a '.repeat(n / 3),
  'script words': (n) => '<script'.repeat(n / 7),
  handlers: (n) => ' onerror='.repeat(n / 9),
  'many parameters': (n) => 'a=1&'.repeat(n / 4),
  'template braces': (n) => '{{'.repeat(n / 2),
  'xml entities': (n) => '<!entity '.repeat(n / 9),
  'ldap filters': (n) => '*)('.repeat(n / 3),
  'php tags': (n) => '<?php '.repeat(n / 6),
  'serialised headers': (n) => 'o:1:"'.repeat(n / 5),
  'dollar operators': (n) => '[$ne'.repeat(n / 4),
  'line breaks and headers': (n) => '\nset-cookie'.repeat(n / 11),
  'function names': (n) => 'assert base64_decode ('.repeat(n / 22),
  'php openers': (n) => '<?'.repeat(n / 2),
  'ssi openers': (n) => '<!--#'.repeat(n / 5),
  'constructor words': (n) => 'constructor['.repeat(n / 12),
  'java stream magic': (n) => 'xro0ab'.repeat(n / 6),
  dollars: (n) => '$'.repeat(n),
  'colons after o': (n) => 'o:1:'.repeat(n / 4),
  'serialised names': (n) => `o:1:"${'a'.repeat(120)}`.repeat(n / 125),
  'line breaks and locations': (n) => '\nlocation: '.repeat(n / 11),
  'stacked statements': (n) => ';drop table x '.repeat(n / 14),
  'quoted statements': (n) => 'try "select 1;" '.repeat(n / 17),
  'link parameters': (n) => 'see http://x/?q=select+1&'.repeat(n / 25),
  'phrase lists': (n) => 'a b = 1; '.repeat(n / 9),
  'paths in sentences': (n) => 'see ../x for it '.repeat(n / 16),
  'empty substitutions': (n) => ';who$()'.repeat(n / 7),
  'here-strings': (n) => ';rev<<<'.repeat(n / 7),
  'quote pairs in quoted code': (n) => `we ran "a 'b' 'c' 'd'" `.repeat(n / 23),
  'a phrase then parameters': (n) => `how do i fix this?${'&a=1; b=2'.repeat(n / 9)}`,
  'fences at parameter starts': (n) => '&a=```\nx'.repeat(n / 8),
  'fences at json string starts': (n) => ':"```\nx'.repeat(n / 7),
  'calls then words': (n) => 'alert() not '.repeat(n / 12),
  'conjunction tails': (n) => 'a & more '.repeat(n / 9),
  'errors before near': (n) => "error near 'x".repeat(n / 13),
  'nested keywords': (n) => 'uniunionon '.repeat(n / 11),
  'brace commands': (n) => ';{cat,/'.repeat(n / 7),
  'separators in a post': (n) => `how do i run this${'; x & y | z'.repeat(n / 12)}`,
  'spans with separators': (n) => 'run `a; b | c` now '.repeat(n / 19),
  'fences of probes': (n) => 'thanks a lot, that was it\n```\nid\n```\n'.repeat(n / 40),
  'filters in spans': (n) => 'see `a)(b` here '.repeat(n / 16),
  'schemes in spans': (n) => 'try `file://x` now '.repeat(n / 19),
  'words after ampersands': (n) => 'a & less soy '.repeat(n / 13),
  'lists of commands': (n) => 'java; git; node; perl '.repeat(n / 22),
  'parameters of lists': (n) => '&a=x; git; y; z'.repeat(n / 15),
  'list nouns with long items': (n) => `a; b; ${'python xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; '.repeat(n / 52)}`,
  'markers after ampersands': (n) => 'a & echo pwned '.repeat(n / 15),
  'url parameters': (n) => `u=${'&u=http://127.0.0.1#@10.0.0.1?@'.repeat(n / 33)}`,
  'open brackets in urls': (n) => `u=http://[${'::'.repeat(n / 2)}`,
  'userinfo signs': (n) => `http://a${'?@'.repeat(n / 2)}`,
  'parameters of return names': (n) => `${'redirect_return_next_continue=&'.repeat(n / 31)}`,
  'unc hosts': (n) => `\\${'a.'.repeat(n / 2)}`,
  'mail header after a word': (n) => `x\nbcc: ${'a.'.repeat(n / 2)}`,
  'lone carriage returns': (n) => 'x\rx-a: 1'.repeat(n / 9),
  'urls after question marks': (n) => `${'?a=//10.0.0.1'.repeat(n / 13)} x`,
  'unc hosts of private labels': (n) => `\\\\a${'.corp'.repeat(n / 5)}\\s x`,
  'wide line breaks': (n) => 'a\u560a'.repeat(n / 2),
};

const analysers: [string, () => Analyser][] = [
  ['sqli', () => new SqliAnalyser()],
  ['xss', () => new XssAnalyser()],
  ['traversal', () => new TraversalAnalyser()],
  ['cmdi', () => new CommandInjectionAnalyser()],
  ['jndi', () => new JndiAnalyser()],
  ['ssti', () => new TemplateInjectionAnalyser()],
  ['xxe', () => new XxeAnalyser()],
  ['ldap', () => new LdapAnalyser()],
  ['code', () => new CodeInjectionAnalyser()],
  ['crlf', () => new HeaderInjectionAnalyser()],
  ['ssrf', () => new SsrfAnalyser()],
];

const SMALL = 8192;
const LARGE = 2 * SMALL;
/** Work may grow by at most this factor when the input doubles (linear: ~2; quadratic: ~4). */
const MAX_GROWTH = 2.5;
/** Characters of string work per input character at most: the "small constant". */
const MAX_WORK_PER_CHAR = 64;

describe('every analyser is linear in its input (string work counted, no clock)', () => {
  for (const [name, make] of analysers) {
    it.each(Object.keys(HOSTILE))(`${name} on %s`, (kind) => {
      const a = make();
      const hits = new HitList();
      const work = (n: number): number => {
        const text = HOSTILE[kind](n).toLowerCase();
        return countWork(() => {
          hits.reset();
          for (let p = 1; p <= 4; p++) a.analyse(text, p, hits);
        });
      };
      const small = work(SMALL);
      const large = work(LARGE);
      expect(large / Math.max(small, 1), `${name} ${kind}: ${small} -> ${large}`).toBeLessThanOrEqual(MAX_GROWTH);
      expect(large / LARGE / 4).toBeLessThanOrEqual(MAX_WORK_PER_CHAR);
    });
  }

  it.each(Object.keys(HOSTILE))('the normaliser on %s', (kind) => {
    const norm = new Normalizer({ maxLength: 1 << 20, maxRounds: 16 });
    const work = (n: number): number => {
      const text = HOSTILE[kind](n);
      return countWork(() => norm.normalize(text));
    };
    const small = work(SMALL);
    const large = work(LARGE);
    expect(large / Math.max(small, 1), `${kind}: ${small} -> ${large}`).toBeLessThanOrEqual(MAX_GROWTH);
    expect(large / LARGE).toBeLessThanOrEqual(16 * MAX_WORK_PER_CHAR);
  });

  it.each(Object.keys(HOSTILE))('the whole detector on %s (no field cap)', (kind) => {
    const d = new InjectionDetector({ maxFieldChars: 1 << 20, maxRecordChars: 1 << 22, paranoia: 4 });
    const work = (n: number): number => {
      const text = HOSTILE[kind](n);
      return countWork(() => d.score(text));
    };
    const small = work(SMALL);
    const large = work(LARGE);
    expect(large / Math.max(small, 1), `${kind}: ${small} -> ${large}`).toBeLessThanOrEqual(MAX_GROWTH);
  });
});

describe('parameters and bodies are linear too', () => {
  it.each(Object.keys(HOSTILE))('the detector on %s as a query, a form body and a JSON body (no field cap)', (kind) => {
    const d = new InjectionDetector({ maxFieldChars: 1 << 20, maxRecordChars: 1 << 23, paranoia: 4 });
    const work = (n: number): number => {
      const text = HOSTILE[kind](n);
      const json = JSON.stringify({ a: text, b: [text.slice(0, n / 2)] });
      const out: Signal[] = [];
      return countWork(() => d.observe(ev({ 'url.query': `q=${text}&p=${text}`, 'http.request.body': json, 'req.body': { a: text } }), out));
    };
    const small = work(SMALL);
    const large = work(LARGE);
    expect(large / Math.max(small, 1), `${kind}: ${small} -> ${large}`).toBeLessThanOrEqual(MAX_GROWTH);
  });
});

describe('the per-record budget', () => {
  it('bounds the work on a record of 64 headers x 8 values x 4 KiB of separators, and counts the rest as skipped', () => {
    const d = new InjectionDetector();
    const header: Record<string, string[]> = {};
    for (let h = 0; h < 64; h++) header[`x-h${h}`] = Array.from({ length: 8 }, () => `;id${';'.repeat(4096)}`);
    const out: Signal[] = [];
    const work = countWork(() => d.observe(ev({ 'http.request.header': header }), out));
    expect(out).toHaveLength(1);
    const e = out[0].evidence as Record<string, unknown>;
    expect(e.inspectedChars).toBeLessThanOrEqual(d.maxRecordChars);
    expect(e.skippedChars).toBeGreaterThan(0);
    expect((e.inspectedChars as number) + (e.skippedChars as number)).toBe(64 * 8 * 4099);
    // the budget, not the record's size, bounds the work
    expect(work / d.maxRecordChars).toBeLessThanOrEqual(MAX_WORK_PER_CHAR * 8);
    expect(d.stats.skippedChars).toBe(e.skippedChars);
  });

  it('counts as skipped the part of a JSON body beyond what is read of it', () => {
    const d = new InjectionDetector();
    const json = JSON.stringify({ pad: 'a'.repeat(20_000), q: "' or 1=1--" });
    const out: Signal[] = [];
    d.observe(ev({ 'http.request.body': json }), out);
    expect(d.stats.inspectedChars).toBeLessThan(json.length);
    expect(d.stats.inspectedChars + d.stats.skippedChars).toBeGreaterThanOrEqual(json.length - 64);
  });

  it('charges the parameter-by-parameter pass to the budget: a record of lists of tiny parameters costs no more than its budget of whole values', () => {
    // `a=%27;` x 682: each 3-character value is analysed on its own (the whole list matched nothing)
    const list = 'a=%27;'.repeat(682);
    const ref = new InjectionDetector();
    const wholePerChar = countWork(() => ref.score(list)) / list.length;
    const work = (headers: number): { work: number; d: InjectionDetector } => {
      const d = new InjectionDetector();
      const header: Record<string, string> = {};
      for (let h = 0; h < headers; h++) header[`x-h${h}`] = list;
      const out: Signal[] = [];
      return { work: countWork(() => d.observe(ev({ 'http.request.header': header }), out)), d };
    };
    const w16 = work(16);
    const w64 = work(64);
    // uncharged, the 682 analyses per header cost 2.2x the whole-value work per budget character
    expect(w16.work / w16.d.maxRecordChars, `${w16.work} vs ${wholePerChar.toFixed(1)}/char`).toBeLessThanOrEqual(wholePerChar);
    expect(w64.work).toBe(w16.work);
    for (const { d } of [w16, w64]) {
      expect(d.stats.recordsOverBudget).toBe(1);
      expect(d.stats.inspectedChars).toBe(d.maxRecordChars);
      expect(d.stats.skippedChars).toBeGreaterThan(0);
    }
    expect(w64.d.stats.skippedChars - w16.d.stats.skippedChars).toBe(48 * list.length);
  });

  it('counts as skipped the rest of a parameter list the budget cannot pay for', () => {
    const d = new InjectionDetector({ maxRecordChars: 256 });
    const list = 'a=%27;'.repeat(33); // 198 characters
    d.observe(ev({ 'url.query': list }), []);
    // the whole list (198), then one parameter (3 + 32); the next would overdraw: the 192 characters left are skipped
    expect(d.stats.skippedChars).toBe(192);
    expect(d.stats.recordsOverBudget).toBe(1);
    // a list the budget covers is read to its end, nothing skipped
    const roomy = new InjectionDetector();
    roomy.observe(ev({ 'url.query': list }), []);
    expect(roomy.stats.skippedChars).toBe(0);
    expect(roomy.stats.inspectedChars).toBe(198 + 33 * (3 + 32));
  });

  it('does not remember as benign a value whose parameter pass the budget cut short', () => {
    const d = new InjectionDetector({ maxRecordChars: 256 });
    const query = "page=1&sort=desc&lang=en&q=admin'--&x=1";
    const first: Signal[] = [];
    // a long path leaves too little budget for the parameters of the query: not analysed, counted as skipped
    d.observe(ev({ 'url.path': `/a/${'b'.repeat(200)}`, 'url.query': query }), first);
    expect(first).toHaveLength(0);
    expect(d.stats.recordsOverBudget).toBe(1);
    // the same query in a record the budget covers is read parameter by parameter
    const next: Signal[] = [];
    d.observe(ev({ 'url.query': query }), next);
    expect(next).toHaveLength(1);
  });

  it('reports nothing skipped on an ordinary record', () => {
    const d = new InjectionDetector();
    const out: Signal[] = [];
    d.observe(ev({ 'url.path': '/search', 'url.query': "q=1' union select password from users--" }), out);
    expect(out).toHaveLength(1);
    expect((out[0].evidence as Record<string, unknown>).skippedChars).toBe(0);
  });

  it('rejects a budget below one field', () => {
    expect(() => new InjectionDetector({ maxRecordChars: 10 })).toThrow(/maxRecordChars/);
  });
});

describe("bruteForce's client reading is linear in a failure line's user-typed text (string work counted, no clock)", () => {
  // below the 2048 characters a message is read to, so doubling the user name doubles what is read
  const TYPED: Record<string, (n: number) => string> = {
    'backslashes before quotes': (n) => '\\\\\\"'.repeat(n / 4),
    'client fields in quotes': (n) => '"remote=1.2.3.4" '.repeat(n / 17),
    'json client keys': (n) => '"remote":"x",'.repeat(n / 13),
    'user@domain colons': (n) => 'a@bc:'.repeat(n / 5),
    'name colons': (n) => 'ab:'.repeat(n / 3),
    'ports without digits': (n) => ' port x'.repeat(n / 7),
    'from addresses': (n) => ' from 1.2.3.4'.repeat(n / 13),
  };
  const d = new BruteForceDetector();
  it.each(Object.keys(TYPED))('%s', (kind) => {
    const work = (n: number): number => {
      const line = `Jan  1 10:00:00 h sshd[1]: Failed password for invalid user ${TYPED[kind](n)} from 198.51.100.7 port 22 ssh2`;
      const json = `{"event":"login_failed","username":"${TYPED[kind](n)}","remote":"198.51.100.7"}`;
      return countWork(() => {
        d.failureKey(ev({}, line));
        d.failureKey(ev({}, json));
      });
    };
    const small = work(400);
    const large = work(800);
    expect(large / Math.max(small, 1), `${kind}: ${small} -> ${large}`).toBeLessThanOrEqual(MAX_GROWTH);
    expect(large / 1600).toBeLessThanOrEqual(MAX_WORK_PER_CHAR);
  });
});
