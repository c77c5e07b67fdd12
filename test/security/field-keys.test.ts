import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { Security } from '../../src/security/index.js';
import type { InjectionDetectorOptions } from '../../src/security/injection-detector.js';
import { mulberry32 } from '../helpers/prng.js';

/**
 * The injection detector reads its fields only from a record that has a key they can be under (a
 * field's name, its first segment, or a key under a wildcard prefix); other records skip the field
 * reads. Adding an empty string under a field's name (`url.original`, or a field `zz.force` added to
 * the config) sends every record down the full read and changes nothing it inspects: both must give
 * the same signals and counters, whatever the record holds.
 */
const PAYLOADS = ["' OR 1=1--", '<script>alert(1)</script>', '../../../../etc/passwd', '${jndi:ldap://evil.example/a}', '; cat /etc/shadow', '{{7*7}}'];
const BENIGN = ['hello', '/api/orders/12', 'Mozilla/5.0 (X11; Linux x86_64)', 'q=shoes&page=2', 'it is 5 o clock', '10.0.0.7'];

function attributes(rand: () => number): Record<string, unknown> {
  const value = () => (rand() < 0.3 ? PAYLOADS : BENIGN)[Math.floor(rand() * 6)];
  const a: Record<string, unknown> = { 'client.address': `10.0.0.${Math.floor(rand() * 9)}`, 'http.response.status_code': 200 };
  const r = rand();
  if (r < 0.15) a['url.path'] = value();
  else if (r < 0.25) a['url.query'] = value();
  else if (r < 0.35) a['http.request.header.referer'] = value();
  else if (r < 0.42) a.req = { url: value(), headers: { 'user-agent': value(), cookie: value() } };
  else if (r < 0.48) a.http = { request: { header: { 'x-forwarded-host': value() }, body: value() } };
  else if (r < 0.52) a.meta = { req: { originalUrl: value() } };
  else if (r < 0.56) a['form.comment'] = value();
  else if (r < 0.6) for (let i = 0; i < 70; i++) a[`http.request.header.x-h${i}`] = value(); // beyond the headers read
  if (rand() < 0.2) a['user.id'] = value();
  return a;
}

function both(options: InjectionDetectorOptions, seed: number, force: string): void {
  const rand = mulberry32(seed);
  const short = Security.injection(options);
  const full = Security.injection(options);
  const a: Signal[] = [];
  const b: Signal[] = [];
  for (let i = 0; i < 4000; i++) {
    const attrs = attributes(rand);
    const event = (at: Record<string, unknown>): LogEvent => ({ time: 1e12 + i, severityNumber: 9, severityText: '', message: 'request handled', attributes: at, eventName: '' });
    short.observe(event(attrs), a);
    full.observe(event({ ...attrs, [force]: '' }), b);
  }
  expect(a.length).toBeGreaterThan(20);
  expect(a).toEqual(b);
  expect(short.stats).toEqual(full.stats);
}

describe('injection: records without a field key skip the field reads', () => {
  it('default fields: same signals and counters as the full read', () => both({}, 1, 'url.original'));
  it('default fields plus custom ones: same signals and counters', () => both({ fields: ['form.comment', 'user.id', 'zz.force'] }, 2, 'zz.force'));
  it('custom fields only, no wildcard: same signals and counters', () => both({ defaultFields: false, fields: ['url.path', 'req.url', 'form.comment', 'zz.force'] }, 3, 'zz.force'));
  it('custom wildcard fields: same signals and counters', () => both({ defaultFields: false, fields: ['url.*', 'http.request.header.*', 'req.headers.*', 'zz.force'] }, 4, 'zz.force'));
  it('attributes that are not a plain object (a class with getters) are read in full, as before the key pre-scan', () => {
    class RequestAttributes {
      constructor(readonly raw: string) {}
      get 'url.query'(): string {
        return this.raw;
      }
    }
    const event = (attributes: Record<string, unknown>): LogEvent => ({ time: 1e12, severityNumber: 9, severityText: '', message: 'request handled', attributes, eventName: '' });
    for (const options of [{}, { defaultFields: false, fields: ['url.query'] }]) {
      const a: Signal[] = [];
      const b: Signal[] = [];
      Security.injection(options).observe(event(new RequestAttributes("id=1' OR 1=1--") as unknown as Record<string, unknown>), a);
      Security.injection(options).observe(event({ 'url.query': "id=1' OR 1=1--" }), b);
      expect(b).toHaveLength(1);
      expect(a).toEqual(b);
    }
    // a prototype set by a `__proto__` attribute (an SDK's setAttribute('__proto__', ...)) is read too
    const viaProto: Record<string, unknown> = Object.setPrototypeOf({}, { url: { query: "id=1' OR 1=1--" } });
    const c: Signal[] = [];
    Security.injection().observe(event(viaProto), c);
    expect(c).toHaveLength(1);
  });
});
