import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { BenignValues } from '../../src/security/benign-values.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { corpus, ev } from './helpers.js';

describe('BenignValues (values the full injection analysis cleared, recently)', () => {
  it('remembers values, keeps at most its capacity and moves a value seen again to the newer generation', () => {
    const b = new BenignValues(4, 16);
    b.add('a');
    b.add('b');
    b.add('c'); // newer {c}, older {a, b}
    expect(b.has('a')).toBe(true); // moved: newer {c, a}
    b.add('d'); // newer {d}, older {c, a}
    expect(b.has('b')).toBe(false);
    expect([b.has('a'), b.has('c'), b.has('d')]).toEqual([true, true, true]);
    for (let i = 0; i < 100; i++) b.add(`v${i}`);
    expect(b.size).toBeLessThanOrEqual(4);
  });

  it('keeps no value longer than maxLength', () => {
    const b = new BenignValues(8, 4);
    b.add('12345');
    expect(b.has('12345')).toBe(false);
    expect(b.size).toBe(0);
  });
});

describe('the injection detector with remembered benign values', () => {
  it('finds the same rules on a repeat of every corpus value as the full analysis does', () => {
    const d = new InjectionDetector({ minScore: 1 });
    const values = corpus()
      .map((r) => r.text)
      .filter((v) => v.length > 0);
    const rules = (v: string) => {
      const out: Signal[] = [];
      d.observe(ev({ 'user_agent.original': v }), out);
      return out.length === 0 ? '' : (out[0].evidence.rules as string[]).join();
    };
    const wrong: string[] = [];
    for (let round = 0; round < 2; round++) {
      for (const v of values) if (rules(v) !== d.score(v).rules.join()) wrong.push(`${round} ${JSON.stringify(v)}`);
    }
    expect(values.length).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
  });

  it('still reports an attack in one field of a record whose other values are remembered', () => {
    const d = new InjectionDetector();
    const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
    for (let i = 0; i < 3; i++) d.observe(ev({ 'user_agent.original': ua, 'url.query': 'q=shoes' }), []);
    const out: Signal[] = [];
    d.observe(ev({ 'user_agent.original': ua, 'url.query': "q=1' OR '1'='1" }), out);
    expect(out.length).toBe(1);
    expect(out[0].evidence.field).toBe('url.query');
  });
});
