import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { formValues } from '../fixtures/security/forms/values.mjs';
import { otelAttributes, request } from '../fixtures/security/waf/requests.mjs';
import { ev } from './helpers.js';

/** The tuned part of the benign form-value set (the held-out templates are scored only by `npm run bench:security`). */
const tuned = formValues().filter((v) => v.split === 'tuned');

function flagged(d: InjectionDetector, value: string): string[] {
  const rules = new Set<string>();
  for (const carrier of ['query', 'form', 'json']) {
    const out: Signal[] = [];
    d.observe(ev(otelAttributes(request(carrier, value))), out);
    for (const r of (out[0]?.evidence.rules as string[] | undefined) ?? []) rules.add(r);
  }
  return [...rules];
}

describe('benign form values (own set, tuned templates)', () => {
  it('holds at least 1,500 values, split by whole template', () => {
    const all = formValues();
    expect(all.length).toBeGreaterThanOrEqual(1500);
    const splitOf = new Map<string, string>();
    for (const v of all) {
      expect(splitOf.get(v.template) ?? v.split).toBe(v.split);
      splitOf.set(v.template, v.split);
    }
    expect(all.filter((v) => v.split === 'held-out').length).toBeGreaterThan(500);
  });

  it('flags none of them as a query argument, a form body or a JSON body, apart from shell command lines typed as a search', () => {
    const d = new InjectionDetector();
    const hits = tuned.filter((v) => v.kind !== 'typed-code' && flagged(d, v.value).length > 0).map((v) => v.value);
    // by design (docs/security.md): a value that is a shell command line is reported wherever it is typed
    expect(hits).toEqual(['cat /bin meaning', 'rm -rf meme']);
    expect(hits.length / tuned.filter((v) => v.kind !== 'typed-code').length).toBeLessThanOrEqual(0.002);
  });
});

describe('false-positive classes removed, attacks kept', () => {
  const d = new InjectionDetector();
  const score = (v: string) => d.score(v);

  it('reads `&name=` in a parameter list as the next parameter, not a SQL operator', () => {
    expect(score('q=having fun&page=1').score).toBe(0);
    expect(score('q=>= 7.0 || ^10&page=1').score).toBe(0);
    expect(score("q=1' or 1=1&page=1").score).toBeGreaterThanOrEqual(5);
    expect(score('id=1&b=2 or 1=1').rules).toContain('sqli-tautology');
    // an `&` between operands (not before `name=`) is still an operator
    expect(score('1 or 5&3=1').rules).toContain('sqli-tautology');
  });

  it('asks a command that is a word for a shell argument after a line break or a spaced pipe', () => {
    expect(score("Thanks,\n--\nAnn O'Neil\nHead of Ops\n+44 20 1234").score).toBe(0);
    expect(score('Nurse | cat person // views my own').score).toBe(0);
    expect(score('x\ncat /etc/passwd').score).toBeGreaterThanOrEqual(5);
    expect(score('x | cat /etc/passwd').score).toBeGreaterThanOrEqual(5);
    expect(score('x|cat flag').score).toBeGreaterThanOrEqual(5);
    expect(score('x; cat /etc/hosts').score).toBeGreaterThanOrEqual(5);
    expect(score(';\nsleep\r\n10').score).toBeGreaterThanOrEqual(5);
    expect(score('a\nid').score).toBeGreaterThanOrEqual(5);
  });

  it('reads `>=` as a comparison, not a redirect', () => {
    expect(score('node >= 16').score).toBe(0);
    expect(score('cat > /tmp/a').score).toBeGreaterThanOrEqual(5);
    expect(score('cat>/tmp/a').score).toBeGreaterThanOrEqual(5);
  });

  it('finds shellshock where bash imports a function: at the start of a value or a name= value', () => {
    expect(score('() { :;}; echo vulnerable').rules).toContain('cmdi-shellshock');
    expect(score('x=() { :; }; /bin/id').rules).toContain('cmdi-shellshock');
    expect(score('int main() { return 0; }').score).toBe(0);
    expect(score('$("a.bar").click(function() {').rules).not.toContain('cmdi-shellshock');
  });

  it('reads a header line only with a value of that header (labels in a message stay quiet)', () => {
    for (const v of [
      'Cookie: double chocolate\nQuantity: 12',
      'Hi\nCookie: oatmeal & raisin',
      'Hi\nVia: Amsterdam (3h layover)',
      'Notes\nContent-Type of the upload was wrong',
      'See\nHTTP/2 is supported in all browsers',
      'Hi\nHost: Marta',
      'Hi\nLocation: near the station',
    ])
      expect(score(v).score, v).toBe(0);
    for (const v of [
      'x\r\nSet-Cookie: session=attacker',
      'x\nCookie: sid=1',
      'x\nVia: 1.1 evil.example',
      '\nContent-Length: 0\n\nHTTP/1.1 200 OK',
      '/\nContent-Type: text/html\n\n<b>',
      'a\nHTTP/1.1 302 Found',
      'x\nLocation: https://evil.example/',
      'en\nX-Forwarded-For: 127.0.0.1',
    ])
      expect(
        score(v).rules.some((r) => r.startsWith('crlf')),
        v,
      ).toBe(true);
  });
});
