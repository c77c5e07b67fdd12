import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { parseAccessLine, parseAccessLogTime } from '../../src/input/request-line.js';
import { ScannerDetector } from '../../src/security/scanner.js';
import { corpus, ev, fixtureLines, type CorpusRow } from './helpers.js';

// Rates on a committed sample of the corpora (see test/fixtures/security/README.md). The full
// measurement is `npm run bench:security`; these bounds keep a margin below it.
const MIN_RECALL: Record<string, number> = { sqli: 0.85, xss: 0.85, jndi: 1, traversal: 0.75, cmdi: 0.65 };

function fieldForm(r: CorpusRow): Record<string, unknown> {
  if (r.cls === 'benign_uri') {
    const q = r.text.indexOf('?');
    return q >= 0 ? { 'url.path': r.text.slice(0, q), 'url.query': r.text.slice(q + 1) } : { 'url.path': r.text };
  }
  if (r.cls === 'benign_referrer') return { 'http.request.header.referer': r.text };
  return { 'url.query': `q=${r.text}` };
}

describe('injection detector on the corpus sample', () => {
  const rows = corpus();
  const d = new InjectionDetector();
  const fired = (attrs: Record<string, unknown>, message = ''): boolean => {
    const out: Signal[] = [];
    d.observe(ev(attrs, message), out);
    return out.length > 0;
  };

  it.each(Object.keys(MIN_RECALL))('recall on %s', (cls) => {
    const attacks = rows.filter((r) => r.cls === cls);
    expect(attacks.length).toBeGreaterThan(10);
    const hits = attacks.filter((r) => fired(fieldForm(r))).length;
    expect(hits / attacks.length).toBeGreaterThanOrEqual(MIN_RECALL[cls]);
  });

  it('no false positive on hard negatives, real URIs and referrers', () => {
    for (const cls of ['benign_hard', 'benign_uri', 'benign_referrer']) {
      const flagged = rows.filter((r) => r.cls === cls && fired(fieldForm(r))).map((r) => r.text);
      expect(flagged, cls).toEqual([]);
    }
  });

  it('no false positive on application logs (field-scoped, and in access-log mode)', () => {
    const access = new InjectionDetector({ message: 'access-log' });
    for (const r of rows.filter((x) => x.cls === 'benign_applog_synthetic')) {
      expect(fired({}, r.text)).toBe(false);
      const out: Signal[] = [];
      access.observe(ev({}, r.text), out);
      expect(out).toEqual([]);
    }
  });
});

describe('real Apache access log sample', () => {
  const lines = fixtureLines('apache-access-sample.txt');
  const timeOf = (line: string) => parseAccessLogTime(parseAccessLine(line)?.timeText ?? '');

  it('parses every line and raises no injection signal', () => {
    const d = new InjectionDetector({ message: 'access-log' });
    const out: Signal[] = [];
    for (const l of lines) {
      expect(parseAccessLine(l)).toBeDefined();
      d.observe(ev({}, l, timeOf(l)), out);
    }
    expect(out).toEqual([]);
  });

  it('burst detectors: the FCKeditor scanner and the MJ12bot broken-link crawl only', () => {
    const bf = new BruteForceDetector();
    const sc = new ScannerDetector();
    const out: Signal[] = [];
    for (const l of lines) {
      const e = ev({}, l, timeOf(l));
      bf.observe(e, out);
      sc.observe(e, out);
    }
    expect(out.map((s) => `${s.name} ${s.key}`).sort()).toEqual(['scanner 144.76.95.39', 'scanner 91.236.75.25']);
  });
});
