import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import type { Signal } from '../../src/core/signal.js';
import { otelAttributes, request } from '../fixtures/security/waf/requests.mjs';
import { ev } from './helpers.js';
import { countWork } from './work-counter.js';

/**
 * Benign values that branch recall9 (at 2e86dae) reports as SSRF or header injection, and an input
 * its SSRF analyser scans in quadratic time. Main (f142164) reports none of them and is linear on
 * the shape. Reviewer rev9.
 */
const d = new InjectionDetector();
const score = (v: string) => d.score(v);

describe('benign values are not SSRF (recall9 6137bea)', () => {
  it.each([
    // a docs page on a developer's machine pasted into a comment or search box
    'http://localhost:3000/docs/getting-started',
    // what dev servers print (uvicorn, Flask, Jupyter: 127.0.0.1, [::1], 0.0.0.0), pasted the same way
    'http://127.0.0.1:8000/docs',
    'http://[::1]:8080/swagger-ui/',
    'http://0.0.0.0:8000/docs',
    'comment=http://127.0.0.1:8000/docs',
    // profile and link fields: a URL a person gives, not one the server fetches
    'homepage=http://localhost:4000',
    'link=http://localhost:3000/',
    // the location of a document on the company share, in a "where is the file" field
    '\\\\fileserver.corp.example\\share\\doc.pdf',
  ])('%s', (v) => {
    expect(score(v).score).toBeLessThan(5);
  });
});

describe('the word metadata is not a metadata endpoint (recall9 6137bea)', () => {
  // a search for, or a tag of, the word: `metadata` and `instance-data` are hosts only inside a URL
  it.each(['metadata', 'Metadata', 'metadata/', 'metadata/title', 'search=metadata', 'tags=metadata', 'instance-data'])('%s', (v) => {
    expect(score(v).score).toBeLessThan(5);
  });

  it('q=metadata&page=1 as a query string, a form body and a JSON body raises no signal', () => {
    const det = new InjectionDetector();
    for (const carrier of ['query', 'form', 'json']) {
      const out: Signal[] = [];
      det.observe(ev(otelAttributes(request(carrier, 'metadata'))), out);
      expect(out, carrier).toEqual([]);
    }
  });
});

describe('multi-line text is not header injection (recall9 6137bea)', () => {
  it.each([
    // the file's own doc comment calls `Chart:\nX-axis: time` what people write
    'Chart:\nX-axis: time',
    'Notes:\nX-axis: time\nY-axis: value',
    // a message, a forwarded mail pasted into a contact form
    'Hi,\nCc: boss@example.com please',
    'Hello,\r\nFrom: alice@example.org\r\nSent: Monday',
  ])('%j', (v) => {
    expect(score(v).score).toBeLessThan(5);
  });
});

describe('CJK text is not split into lines by its wide characters (recall9 6137bea, normalize.ts wideBreak)', () => {
  // 上 is U+4E0A (low byte LF): "what does ls -la show on Linux"
  it('Linux上ls -la显示什么', () => {
    expect(score('Linux上ls -la显示什么').score).toBeLessThan(5);
  });
});

describe('the SSRF analyser is linear on many `?name=` URLs with internal hosts (recall9 6137bea)', () => {
  // each `?a=` is a parameter start; each URL's wholeValue scans to the end of the text (a `?` does not stop it)
  it('?a=//10.0.0.1 repeated, a word at the end', () => {
    const det = new InjectionDetector({ maxFieldChars: 1 << 20, maxRecordChars: 1 << 22 });
    const work = (n: number) => {
      const text = `${'?a=//10.0.0.1'.repeat(n / 13)} x`;
      return countWork(() => det.score(text));
    };
    const small = work(8192);
    const large = work(16384);
    expect(large / small, `${small} -> ${large}`).toBeLessThanOrEqual(2.5);
  });
});
