import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { accessLogLine, buildRequests, otelAttributes, pinoRecord, type WafCase } from '../fixtures/security/waf/requests.mjs';
import { isHeldOut } from './heldout.js';
import { ev } from './helpers.js';

/** The tuned part of the WAF-regression-style set (the held-out third is scored only by `npm run bench:security`). */
const cases = buildRequests().filter((c) => c.split === 'tuned');
const attacks = cases.filter((c) => c.label === 'attack');
const benign = cases.filter((c) => c.label === 'benign');

function fires(d: InjectionDetector, attributes: Record<string, unknown>, message = ''): Signal | undefined {
  const out: Signal[] = [];
  d.observe(ev(attributes, message), out);
  return out[0];
}
const rate = (list: WafCase[], hit: (c: WafCase) => boolean) => list.filter(hit).length / list.length;

describe('WAF-regression-style requests (tuned split)', () => {
  it('splits by the base payload with the fixed hash of heldout.ts', () => {
    const all = buildRequests();
    for (const c of all.slice(0, 200)) expect(c.split === 'held-out').toBe(isHeldOut(c.payload));
    expect(attacks.length).toBeGreaterThan(1500);
  });

  it.each(['query', 'form', 'json', 'multipart', 'xml-body', 'arg-name', 'cookie', 'user-agent', 'referer', 'header', 'path'])(
    'finds at least 95%% of the attacks carried in %s, read from OTel attributes',
    (carrier) => {
      const d = new InjectionDetector();
      const mine = attacks.filter((c) => c.carrier === carrier);
      expect(mine.length).toBeGreaterThan(100);
      expect(rate(mine, (c) => fires(d, otelAttributes(c.request)) !== undefined)).toBeGreaterThanOrEqual(0.95);
    },
  );

  it('finds at least 95% of the attacks in a pino-http record (req.url, req.headers with the cookie, req.body)', () => {
    const d = new InjectionDetector();
    expect(
      rate(attacks, (c) => {
        const p = pinoRecord(c.request);
        return fires(d, { req: p.req, res: p.res }) !== undefined;
      }),
    ).toBeGreaterThanOrEqual(0.95);
  });

  it('finds at least 95% of the attacks an access-log line carries (path, query, Referer, User-Agent)', () => {
    const d = new InjectionDetector({ message: 'access-log' });
    const carried = attacks.filter((c) => ['query', 'arg-name', 'path', 'referer', 'user-agent'].includes(c.carrier));
    expect(rate(carried, (c) => fires(d, {}, accessLogLine(c.request)) !== undefined)).toBeGreaterThanOrEqual(0.95);
  });

  it('stays quiet on benign URIs and on benign form values apart from typed SQL and shell lines', () => {
    const d = new InjectionDetector();
    const flagged = benign.filter((c) => fires(d, otelAttributes(c.request)) !== undefined).map((c) => `${c.cls}: ${c.payload}`);
    expect(flagged.filter((f) => f.startsWith('benign_uri'))).toEqual([]);
    // by design: a whole SQL statement or shell pipeline typed as a value reads as an injection
    expect(flagged.filter((f) => !f.startsWith('benign_code'))).toEqual([]);
    expect(flagged.length / benign.length).toBeLessThan(0.03);
  });
});

describe('request bodies', () => {
  const d = new InjectionDetector();
  it('reads the string values of a JSON body, not its keys', () => {
    expect(fires(d, { 'http.request.body': '{"name":"bob","comment":"\' or 1=1--"}' })?.evidence.field).toBe('http.request.body');
    expect(fires(d, { 'http.request.body': '{"<script>":"x","a":"b"}' })).toBeUndefined();
    expect(fires(d, { 'http.request.body': '{"c":"<img src=x onerror=\\"alert(1)\\">"}' })?.evidence.categories).toContain('xss');
  });
  it('reads a form-encoded body parameter by parameter, and ECS http.request.body.content', () => {
    expect(fires(d, { 'http.request.body.content': "user=bob&pass=admin'--&remember=1" })?.evidence.categories).toContain('sqli');
  });
  it('walks a parsed body object (req.body, meta.req.body) without recursion, within the limits', () => {
    expect(fires(d, { req: { url: '/', body: { a: { b: [{ c: '${jndi:ldap://x.example/a}' }] } } } })?.evidence.categories).toContain('jndi');
    expect(fires(d, { meta: { req: { body: { q: '; cat /etc/passwd' } } } })).toBeDefined();
    let deep: unknown = '<script>alert(1)</script>';
    for (let i = 0; i < 20; i++) deep = { x: deep };
    expect(fires(d, { 'req.body': deep })).toBeUndefined();
    const wide: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) wide[`k${i}`] = 'plain';
    wide.last = '<script>alert(1)</script>';
    expect(fires(d, { 'req.body': wide })).toBeUndefined();
  });
  it('reads a multipart body as one value', () => {
    const body = '--b\r\nContent-Disposition: form-data; name="c"\r\n\r\n<svg onload=alert(1)>\r\n--b--\r\n';
    expect(fires(d, { 'http.request.body': body })?.evidence.categories).toContain('xss');
  });
});

describe('parameter by parameter', () => {
  const d = new InjectionDetector();
  it('sees a payload that the next parameter ends', () => {
    expect(fires(d, { 'url.query': "q=admin'--&page=1" })).toBeDefined();
    expect(fires(d, { 'http.request.header.cookie': ['sid=1; pref=; sleep 10; theme=dark'] })).toBeDefined();
  });
  it('reads the parameters when the whole list scored below minScore (a weak hit elsewhere does not hide the payload)', () => {
    const d = new InjectionDetector();
    expect(d.score("p=a/../b&q=admin'--&page=1").score).toBeLessThan(d.minScore);
    expect(fires(d, { 'url.query': "p=a/../b&q=admin'--&page=1" })).toBeDefined();
  });
  it('stays quiet on ordinary parameter lists', () => {
    expect(fires(d, { 'url.query': 'page=2&sort=desc&q=O%27Brien&x=1+1%3D2' })).toBeUndefined();
    expect(fires(d, { 'http.request.header.cookie': ['sid=4f2a9c01; theme=dark; lang=en-US'] })).toBeUndefined();
  });
});
