import type { Signal } from '../../src/core/signal.js';
import type { InjectionDetector } from '../../src/security/injection-detector.js';

/**
 * The carriers in which `d` flags the value `v` (OTel attributes): a query argument (`q=<v>&page=2`), a form body, a
 * JSON body and, with `raw`, the value as the whole raw query.
 */
export function carriersFlagging(d: InjectionDetector, v: string, raw = false): string[] {
  const enc = encodeURIComponent(v);
  const records: [string, Record<string, unknown>][] = [
    ['query', { 'url.path': '/find', 'url.query': `q=${enc}&page=2` }],
    ['form', { 'url.path': '/post', 'http.request.method': 'POST', 'http.request.header.content-type': ['application/x-www-form-urlencoded'], 'http.request.body': `user=ann&text=${enc}` }],
    ['json', { 'url.path': '/post', 'http.request.method': 'POST', 'http.request.header.content-type': ['application/json'], 'http.request.body': JSON.stringify({ user: 'ann', text: v }) }],
  ];
  if (raw) records.push(['raw', { 'url.path': '/find', 'url.query': v }]);
  const hit: string[] = [];
  for (const [name, attributes] of records) {
    const out: Signal[] = [];
    d.observe({ time: 1_700_000_000_000, attributes, body: '' } as never, out);
    if (out.length > 0) hit.push(name);
  }
  return hit;
}
