import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// Review of forms6 (rev4): a query string or form body that opens with a sentence was read as one post,
// so the parameters after its raw `&name=` were never read; the application reads them one by one.
// Each of these scored 0 as `url.query` (and `http.request.body`) before. Values written for these tests.
const signals = (attributes: Record<string, string>) => {
  const out: unknown[] = [];
  new InjectionDetector().observe({ time: 0, severityNumber: 0, severityText: '', message: '', attributes, eventName: '' }, out as never);
  return out.length;
};

describe('a raw `&name=` after a sentence still starts a parameter', () => {
  it.each([
    'how do i make this faster?&id=1 or 1=1',
    'how do i make this faster?&id=1 order by 5',
    'how do i make this faster?&id=-1 union select 1,2',
    'how do i make this faster?&cmd=;id',
    'our dba says never run select pg_sleep(2);&id=1 or 1=1',
  ])('attack: %s', (q) => {
    expect(signals({ 'url.query': q })).toBeGreaterThan(0);
    expect(signals({ 'http.request.body': q })).toBeGreaterThan(0);
  });
  it.each(['how do i make this faster?; id=1 order by 5', 'how do i make this faster?; id=-1 union select 1,2'])('attack in a cookie header: %s', (c) => {
    expect(signals({ 'http.request.header.cookie': c })).toBeGreaterThan(0);
  });
  it.each(['q=how%20do%20i%20list%20files%20with%20%60ls%20-la%60%3F&page=2', 'q=why%20does%20%22x%3D1%26y%3D2%22%20fail%3F&page=1'])('clean: %s', (q) => {
    expect(signals({ 'url.query': q })).toBe(0);
  });
});
