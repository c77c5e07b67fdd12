import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { PlainMisses } from '../../src/security/plain-misses.js';
import { ev } from './helpers.js';

describe('PlainMisses: repeated plain values not scanned again', () => {
  it('remembers what was added, two values per set, nothing empty or too long', () => {
    const m = new PlainMisses();
    // added after a look-up that missed, as the detector does
    expect(m.has('/static/app.js')).toBe(false);
    m.add('/static/app.js');
    expect(m.has('/static/app.js')).toBe(true);
    expect(m.has('/static/app.jS')).toBe(false);
    expect(m.has('')).toBe(false);
    m.add('');
    expect(m.has('')).toBe(false);
    const long = `/${'a'.repeat(300)}`;
    expect(m.has(long)).toBe(false);
    m.add(long);
    expect(m.has(long)).toBe(false);
  });

  it('forgets the oldest of a set, never answers for a value it was not given', () => {
    const m = new PlainMisses();
    const values = Array.from({ length: 5000 }, (_, i) => `/p/${i}`);
    for (const v of values.slice(0, 200)) {
      if (!m.has(v)) m.add(v);
    }
    // the latest are kept
    expect(m.has(values[199])).toBe(true);
    for (const v of values) {
      if (!m.has(v)) m.add(v);
    }
    // never more than 1024, and never a value it was not given (a stream of new values also shuts the gate for a while)
    expect(values.filter((v) => m.has(v)).length).toBeLessThanOrEqual(1024);
    for (let i = 0; i < 5000; i++) expect(m.has(`/q/${i}`)).toBe(false);
  });

  it('a detector that saw a plain value before gives the same signals as a fresh one, for values that match and values that do not', () => {
    const values = ['/static/app.js', '/etc/passwd', '/api/orders/42', '/../../etc/passwd', '/cgi-bin/id', '/index.php', '/static/app.js', '/etc/passwd', '/wp-admin/.env'];
    const warm = new InjectionDetector({ minScore: 1 });
    const run = (d: InjectionDetector, v: string) => {
      const out: Signal[] = [];
      d.observe(ev({ 'url.path': v }), out);
      return out.map((s) => [s.message, s.evidence.rules]);
    };
    for (let round = 0; round < 3; round++) {
      for (const v of values) expect(run(warm, v), v).toEqual(run(new InjectionDetector({ minScore: 1 }), v));
    }
  });
});
