import { describe, expect, it } from 'vitest';
import { RecentStrings } from '../../src/input/recent-strings.js';

describe('RecentStrings: a repeated field handed on as one string', () => {
  it('returns the text asked for, the same string for a repeat, and its own copy', () => {
    const r = new RecentStrings();
    const a = 'x "Mozilla/5.0 (X11; Linux x86_64)" y';
    const b = 'z "Mozilla/5.0 (X11; Linux x86_64)" w';
    const first = r.get(a, 3, 34);
    expect(first).toBe('Mozilla/5.0 (X11; Linux x86_64)');
    expect(r.copies).toBe(1);
    // the same text from another line: the string kept (strings compare by text: counted by the copies made)
    expect(r.get(b, 3, 34)).toBe(first);
    expect(r.copies).toBe(1);
    expect(r.get(a, 0, 0)).toBe('');
    expect(r.copies).toBe(1);
  });

  it('another text in the same slot replaces it; every call returns exactly its text, whatever collides', () => {
    const r = new RecentStrings(16);
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 20_000; k++) {
      const len = rnd(24);
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(97 + rnd(3));
      const line = `<${s}>`;
      expect(r.get(line, 1, 1 + len)).toBe(s);
    }
  });

  it('a value longer than maxLength is returned as it is, not kept', () => {
    const r = new RecentStrings(8);
    const long = 'abcdefghijkl';
    expect(r.get(long, 0, 12)).toBe(long);
    expect(r.get(long, 0, 12)).toBe(long);
    expect(r.copies).toBe(0);
  });

  it('two values of one set both stay kept; 200 client addresses seen in turn are copied about once each', () => {
    const r = new RecentStrings();
    const ips = Array.from({ length: 200 }, (_, i) => `198.51.100.${i}`);
    for (let round = 0; round < 50; round++) for (const ip of ips) expect(r.get(`${ip} - -`, 0, ip.length)).toBe(ip);
    // each address copied once, plus those whose set holds a third (at most a few percent of the look-ups)
    expect(r.copies).toBeGreaterThanOrEqual(200);
    expect(r.copies).toBeLessThan(200 + 10_000 * 0.05);
  });
});
