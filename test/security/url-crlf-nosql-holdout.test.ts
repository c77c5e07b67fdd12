import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import type { Signal } from '../../src/core/signal.js';
import { otelAttributes, request } from '../fixtures/security/waf/requests.mjs';
import { ev, FIXTURES } from './helpers.js';

// recall9's own held-out values (test/fixtures/security/url-crlf-nosql, CC0): written before the SSRF, header and
// NoSQL changes were run on them. Known misses, below: one of the first run, three of decisions taken after it on
// other sets' benign values and review (`localhost` by name, loopback pages, spaced operator keys).
interface Row {
  cls: string;
  label: 'attack' | 'benign';
  carrier: string;
  value: string;
}
const rows: Row[] = readFileSync(join(FIXTURES, 'url-crlf-nosql/values.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Row);

/**
 * Known misses: a `name=` nested in a form value's own value (`comment=url=http://...`) is not a parameter;
 * `localhost` by name outside a URL-carrying parameter; a page at a loopback address and port outside one (recall9fix,
 * rev9 R1b: dev servers print `http://0.0.0.0:8000`); an operator as a spaced, unquoted key.
 */
const KNOWN_MISSES = new Set(['url=http://127.0.0.1:5984/_all_dbs&name=x', 'http://sub.localhost:8001/', 'http://0.0.0.0:2375/containers/json', '{ $ne: null }']);

function attributes(r: Row): Record<string, unknown> {
  if (r.carrier === 'query') return { 'url.query': `q=${r.value}` };
  if (r.carrier === 'form' || r.carrier === 'json') return otelAttributes(request(r.carrier, r.value));
  const q = request('query', 'x');
  q.headers[r.carrier] = r.value;
  return otelAttributes(q);
}

describe('own held-out values: SSRF, header injection, NoSQL', () => {
  const d = new InjectionDetector();
  const fires = (r: Row) => {
    const out: Signal[] = [];
    d.observe(ev(attributes(r)), out);
    return out.length > 0;
  };
  it('has every class, attacks and benign values', () => {
    for (const cls of ['ssrf', 'crlf', 'nosql']) for (const label of ['attack', 'benign']) expect(rows.some((r) => r.cls === cls && r.label === label)).toBe(true);
  });
  it.each(rows.filter((r) => r.label === 'attack' && !KNOWN_MISSES.has(r.value)).map((r) => [r.cls, r.carrier, r.value, r] as const))('%s attack (%s): %s', (_c, _k, _v, r) => {
    expect(fires(r)).toBe(true);
  });
  it.each(rows.filter((r) => r.label === 'benign').map((r) => [r.cls, r.carrier, r.value, r] as const))('%s benign (%s): %s', (_c, _k, _v, r) => {
    expect(fires(r)).toBe(false);
  });
  it('the known misses are still missed (remove one from KNOWN_MISSES when caught)', () => {
    for (const r of rows.filter((x) => KNOWN_MISSES.has(x.value))) expect(fires(r)).toBe(false);
  });
});
