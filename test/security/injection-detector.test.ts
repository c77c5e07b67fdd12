import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Signal } from '../../src/core/signal.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { Security } from '../../src/security/index.js';
import { ev, mulberry32 } from './helpers.js';

function run(d: InjectionDetector, attrs: Record<string, unknown>, message = ''): Signal[] {
  const out: Signal[] = [];
  d.observe(ev(attrs, message, 1000), out);
  return out;
}

describe('InjectionDetector', () => {
  it('raises injection_attempt with category, field, fragment, score and layers', () => {
    const d = Security.injection();
    const [s] = run(d, { 'url.query': 'id=1%27%20UNION%20SELECT%20password%20FROM%20users--', 'client.address': '203.0.113.9' });
    expect(s.name).toBe('injection_attempt');
    expect(s.kind).toBe('security');
    expect(s.key).toBe('203.0.113.9');
    expect(s.time).toBe(1000);
    expect(s.evidence.categories).toEqual(['sqli']);
    expect(s.evidence.field).toBe('url.query');
    expect(String(s.evidence.fragment)).toContain('union select');
    expect(s.evidence.layers).toBe(1);
    expect(s.evidence.score).toBe(7);
    expect(s.evidence.rules).toEqual(['sqli-union-select', 'sqli-comment-terminated']);
    expect(s.severity).toBe('high');
    expect(s.message).toContain('SQL injection in url.query');
  });

  it('uses critical severity at twice the threshold', () => {
    const [s] = run(Security.injection(), { 'url.query': "user=x' or 1=1--" });
    expect(s.evidence.score as number).toBeGreaterThanOrEqual(10);
    expect(s.severity).toBe('critical');
  });

  it('uses high severity below twice the threshold', () => {
    const [s] = run(Security.injection(), { 'url.query': 'file=../x' });
    expect(s.evidence.score).toBe(5);
    expect(s.severity).toBe('high');
  });

  it('pushes nothing and allocates no signal for benign or absent fields', () => {
    const d = Security.injection();
    expect(run(d, {})).toEqual([]);
    expect(run(d, { 'url.path': '/blog/tags/raid', 'url.query': 'flav=rss20', 'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64)' })).toEqual([]);
    expect(run(d, { other: '<script>alert(1)</script>' })).toEqual([]);
  });

  it('reads nested attributes, header wildcards and array values', () => {
    const d = Security.injection();
    expect(run(d, { url: { query: 'q=<script>x</script>' } })).toHaveLength(1);
    expect(run(d, { 'http.request.header.x-api-version': ['1', '${jndi:ldap://x/a}'] })[0].evidence.categories).toEqual(['jndi']);
    expect(run(d, { http: { request: { header: { referer: 'x=;cat /etc/passwd' } } } })).toHaveLength(1);
  });

  it('inspects extra fields and can drop the defaults', () => {
    expect(run(Security.injection({ fields: ['form.comment'] }), { 'form.comment': "' or 1=1--" })).toHaveLength(1);
    const only = Security.injection({ fields: ['form.comment'], defaultFields: false });
    expect(run(only, { 'url.query': "' or 1=1--" })).toEqual([]);
  });

  it('parses access-log lines in message mode and keys by the client', () => {
    const d = Security.injection({ message: 'access-log' });
    const line = '198.51.100.7 - - [29/Sep/2021:17:30:12 +0200] "GET /%252E%252E%252F%252E%252E%252Fetc%252Fpasswd HTTP/1.1" 404 162 "-" "curl/7.68.0"';
    const [s] = run(d, {}, line);
    expect(s.key).toBe('198.51.100.7');
    expect(s.evidence.field).toBe('url.path');
    expect(s.evidence.layers).toBe(2);
    expect(s.evidence.categories).toContain('traversal');
    expect(s.evidence.rules).toContain('evasion-multiple-encoding');
    expect(run(Security.injection(), {}, line)).toEqual([]);
    expect(run(d, {}, "Executing query: SELECT amount FROM sessions WHERE user_id = '4390'")).toEqual([]);
  });

  it('inspects the whole message in whole mode', () => {
    expect(run(Security.injection({ message: 'whole' }), {}, '<svg onload=alert(1)>')).toHaveLength(1);
  });

  it('honours minScore, exclude and paranoia', () => {
    const v = { 'url.query': 'q=../x' };
    expect(run(Security.injection({ minScore: 6 }), v)).toEqual([]);
    expect(run(Security.injection({ exclude: ['traversal'] }), v)).toEqual([]);
    expect(run(Security.injection({ exclude: ['traversal-leading-parent'] }), v)).toEqual([]);
    const hits = Security.injection().score('<br>');
    expect(hits.score).toBe(0);
    expect(Security.injection({ paranoia: 2 }).score('<br>').rules).toContain('xss-html-tag');
  });

  it('rejects invalid options with a ConfigError naming the option', () => {
    const bad: [object, string][] = [
      [{ minScore: 0 }, 'injection.minScore'],
      [{ paranoia: 5 }, 'injection.paranoia'],
      [{ message: 'yes' }, 'injection.message'],
      [{ fields: 'url.path' }, 'injection.fields'],
      [{ fields: [''] }, 'injection.fields[0]'],
      [{ exclude: [3] }, 'injection.exclude[0]'],
      [{ maxFieldChars: 2 }, 'injection.maxFieldChars'],
      [{ nope: 1 }, 'injection.nope'],
      [{ defaultFields: false }, 'injection.fields'],
    ];
    for (const [opts, path] of bad) {
      try {
        new InjectionDetector(opts as never);
        expect.unreachable(`no error for ${JSON.stringify(opts)}`);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).path).toBe(path);
      }
    }
  });

  it('survives hostile input: huge, binary, deeply nested, non-strings', () => {
    const d = Security.injection();
    const rnd = mulberry32(7);
    const values: unknown[] = [
      '%'.repeat(100_000),
      '${'.repeat(20_000) + '}'.repeat(20_000),
      '<'.repeat(50_000),
      "'".repeat(50_000),
      '('.repeat(50_000),
      '&#'.repeat(30_000),
      '%25'.repeat(30_000),
      '../'.repeat(30_000),
      null,
      42,
      {
        toString: () => {
          throw new Error('no');
        },
      },
      new Uint8Array(10),
      [1, 2, 3],
    ];
    for (let i = 0; i < 200; i++) {
      let s = '';
      const len = Math.floor(rnd() * 300);
      for (let k = 0; k < len; k++) s += String.fromCharCode(Math.floor(rnd() * 0x3000));
      values.push(s);
    }
    for (const v of values) {
      expect(() => run(d, { 'url.query': v, 'url.path': v, 'http.request.header.x': v })).not.toThrow();
    }
    // a long value is inspected up to maxFieldChars only
    const late = `${'a'.repeat(5000)}<script>alert(1)</script>`;
    expect(run(d, { 'url.query': late })).toEqual([]);
    expect(run(Security.injection({ maxFieldChars: 8192 }), { 'url.query': late })).toHaveLength(1);
  });
});
