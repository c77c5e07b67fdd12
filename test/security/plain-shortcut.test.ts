import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { PlainLiterals, PlainScanner, charMask } from '../../src/security/plain-text.js';
import { parseAccessLine } from '../../src/input/request-line.js';
import { corpus, ev, FIXTURES, fixtureLines, mulberry32 } from './helpers.js';

// The injection detector skips the analysis of a plain value (only letters, digits, `/`, `.`, `-`,
// `_`) when none of the analysers' literal triggers occurs in it. These tests run the shortcut
// (`observe`) and the full analysis (`score`, which never takes it) on the same values and require
// identical results: with minScore 1 every rule hit raises a signal, so a hidden hit would show.

/** Literal triggers and near misses of every analyser, to build plain values around them. */
const PIECES = [
  'etc/passwd',
  'etc/passw',
  'etc',
  'passwd',
  '/etc/',
  '/etc',
  'shadow',
  'win.ini',
  'boot.ini',
  'system.ini',
  'windows/system32',
  'system32',
  'proc/self/',
  'proc/version',
  '.htpasswd',
  'htpasswd',
  'id_rsa',
  'authorized_keys',
  '.bash_history',
  '..',
  '.',
  '/',
  '//',
  '/./',
  '/.',
  './',
  '/.env',
  '/.git/',
  '.well-known',
  '/usr/',
  '/var/',
  '/opt/',
  '/home/',
  '/tmp/',
  '/bin/',
  '/sbin/',
  '/lib/',
  '/srv/',
  '/dev/',
  '/sys/',
  '/root/',
  '/boot/',
  '/private/',
  '/applications/',
  '/library/',
  '/system/',
  '/users/',
  '/windows/',
  '/winnt/',
  '/inetpub/',
  '/xampp/',
  '/apache',
  '/nginx/',
  '/wamp/',
  '/mysql/',
  '/php',
  'php',
  'conf',
  '.conf',
  '.ini',
  '.log',
  '.xml',
  '.exe',
  'cmd.exe',
  'cmd',
  'id',
  'ls',
  'whoami',
  'uname',
  'cat',
  'ping',
  'sleep',
  'env',
  'bash',
  'sh',
  'node',
  'curl',
  'wget',
  'python3',
  'lsb_release',
  'invoke-expression',
  '/bin/sh',
  '/bin/bash',
  '/usr/bin/id',
  '/dev/tcp/',
  '/dev/udp/',
  'document.cookie',
  'document.write',
  'document',
  'window.location',
  'window.open',
  'location.href',
  '.innerhtml',
  'innerhtml',
  'alert',
  'eval',
  'top',
  'self',
  'information_schema',
  '_schema',
  'schema',
  'sysobjects',
  'sqlite_master',
  'union',
  'select',
  'jndi',
  'ldap',
  'api',
  'orders',
  'static',
  'app.js',
  'index.html',
  '12345',
  '0x41',
  '-',
  '_',
  'a',
  'z',
];

/** A value and the plain tokens inside it (split at non-plain characters, and all of them joined). */
function withTokens(value: string): string[] {
  const tokens = value.split(/[^A-Za-z0-9/._-]+/).filter((t) => t.length > 0);
  return [value, ...tokens, tokens.join(''), tokens.join('/')];
}

function fixtureValues(): string[] {
  const values: string[] = [];
  for (const r of corpus()) {
    values.push(...withTokens(r.text));
    const q = r.text.indexOf('?');
    if (q >= 0) values.push(r.text.slice(0, q), r.text.slice(q + 1));
  }
  const lines = [...fixtureLines('apache-access-sample.txt')];
  const crowdsec = join(FIXTURES, 'crowdsec');
  for (const f of readdirSync(crowdsec)) if (f.endsWith('.txt')) lines.push(...readFileSync(join(crowdsec, f), 'utf8').split('\n').filter(Boolean));
  for (const line of lines) {
    const req = parseAccessLine(line);
    if (req === undefined) continue;
    for (const v of [req.path, req.query, req.referer, req.userAgent]) if (v.length > 0) values.push(...withTokens(v));
  }
  return values;
}

function fuzzValues(count: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const parts = 1 + Math.floor(rand() * 6);
    for (let k = 0; k < parts; k++) {
      const p = PIECES[Math.floor(rand() * PIECES.length)];
      s += rand() < 0.2 ? p.toUpperCase() : p;
      if (rand() < 0.3) s += '/';
    }
    values.push(s);
  }
  return values;
}

/** Values whose shortcut result differs from the full analysis, as readable strings. */
function mismatches(values: readonly string[], paranoia: number): string[] {
  const d = new InjectionDetector({ minScore: 1, paranoia });
  const wrong: string[] = [];
  for (const v of values) {
    if (v.length === 0) continue;
    const out: Signal[] = [];
    d.observe(ev({ 'url.path': v }), out);
    const full = d.score(v, 'url.path');
    const fast = out.length === 0 ? [] : (out[0].evidence.rules as string[]);
    if (fast.join() !== full.rules.join()) wrong.push(`p${paranoia} ${JSON.stringify(v)}: ${fast.join()} / ${full.rules.join()}`);
  }
  return wrong;
}

describe('plain-value shortcut of the injection detector', () => {
  const fixtures = fixtureValues();
  const fuzz = fuzzValues(3000, 7);
  const scanner = new PlainScanner(4096);
  const plain = (vs: string[]) => vs.filter((v) => v.length > 0 && scanner.scan(v) !== undefined);

  it('exercises plain values, with and without hits', () => {
    expect(plain(fixtures).length).toBeGreaterThan(2000);
    expect(plain(fuzz).length).toBe(fuzz.length);
    const d = new InjectionDetector({ minScore: 1 });
    expect(plain(fuzz).filter((v) => d.score(v).score > 0).length).toBeGreaterThan(300);
  });

  it.each([1, 2, 3, 4])('finds the same rules as the full analysis on the fixture corpus (paranoia %i)', (paranoia) => {
    expect(mismatches(fixtures, paranoia)).toEqual([]);
  });

  it.each([1, 2])('finds the same rules as the full analysis on plain values built from rule triggers (paranoia %i)', (paranoia) => {
    expect(mismatches(fuzz, paranoia)).toEqual([]);
  });

  it('gives the same verdicts at the default minScore on the fixture corpus', () => {
    const d = new InjectionDetector();
    const wrong = fixtures.filter((v) => {
      if (v.length === 0) return false;
      const out: Signal[] = [];
      d.observe(ev({ 'url.path': v }), out);
      return out.length > 0 !== d.score(v, 'url.path').score >= d.minScore;
    });
    expect(wrong).toEqual([]);
  });

  it('finds the same rules on a plain prototype path (constructor.prototype)', () => {
    expect(mismatches(['/api/constructor.prototype.isadmin', '/a/constructor.prototype/x', '/a/constructor...prototype'], 1)).toEqual([]);
  });

  it('still reports plain attacks', () => {
    const d = new InjectionDetector();
    for (const v of ['/etc/passwd', '/usr/bin/id', '/cgi-bin/../../../../etc/shadow', '/download/..%2f..%2fwin.ini', '/x/document.cookie']) {
      const out: Signal[] = [];
      d.observe(ev({ 'url.path': v }), out);
      expect(out.length, v).toBe(1);
    }
  });
});

describe('plain text', () => {
  it('reads a plain value as the normaliser would, and rejects anything else', () => {
    const s = new PlainScanner(8);
    expect(s.scan('/API/Orders-1')).toMatchObject({ text: '/api/ord', segment: 5 });
    expect(s.scan('/a/b')).toMatchObject({ text: '/a/b', segment: 3 });
    for (const v of ['/a b', '/a?x=1', '/%2e', 'é', '/a\u0000', "/a'", '/a;b']) expect(s.scan(v), v).toBeUndefined();
  });

  it('files literals by their features and finds them only where they occur', () => {
    const lits = new PlainLiterals(['etc/passwd', '..', 'cmd /c', 'top[']);
    const has = (t: string) => lits.test(t, charMask(t));
    expect(has('/x/etc/passwd')).toBe(true);
    expect(has('/a/../b')).toBe(true);
    expect(has('/a/./b')).toBe(false);
    expect(has('/etc/passwd.bak')).toBe(true);
    expect(has('/etc/passw')).toBe(false);
    expect(has('/cmd/c')).toBe(false); // `cmd /c` is not plain: dropped
    const roots = new PlainLiterals(['/etc/', '/usr/'], 'start');
    expect(roots.test('/usr/lib', charMask('/usr/lib'))).toBe(true);
    expect(roots.test('/x/usr/lib', charMask('/x/usr/lib'))).toBe(false);
    expect(charMask('a b')).toBe(0);
  });
});
