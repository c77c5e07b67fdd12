import { describe, expect, it } from 'vitest';
import { RunningStats } from '../../src/stats/running-stats.js';
import { TimeBuckets } from '../../src/stats/time-buckets.js';
import { mulberry32 } from './helpers.js';

describe('RunningStats', () => {
  it('alpha 0 is Welford: exact mean and population variance', () => {
    const rand = mulberry32(1);
    const xs = Array.from({ length: 1000 }, () => 1e9 + rand());
    const s = new RunningStats(0);
    for (const x of xs) s.push(x);
    // reference computed on shifted values (exact enough), compared at the scale of the data
    const mean = xs.reduce((a, b) => a + (b - 1e9), 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - 1e9 - mean) ** 2, 0) / xs.length;
    expect(s.mean - 1e9).toBeCloseTo(mean, 5);
    expect(s.variance / variance).toBeCloseTo(1, 6);
  });

  it('is Welford for the first 1/alpha samples, then forgets old samples', () => {
    const a = new RunningStats(0.1);
    const w = new RunningStats(0);
    for (let i = 0; i < 10; i++) {
      a.push(i);
      w.push(i);
    }
    expect(a.mean).toBeCloseTo(w.mean, 12);
    expect(a.variance).toBeCloseTo(w.variance, 12);
    for (let i = 0; i < 200; i++) a.push(100);
    expect(a.mean).toBeCloseTo(100, 3);
    expect(a.std).toBeLessThan(0.01);
  });

  it('round-trips through JSON and rejects a bad state', () => {
    const a = new RunningStats(0.05);
    [1, 2, 3, 5].forEach((x) => a.push(x));
    const b = new RunningStats(0.05);
    b.restore(JSON.parse(JSON.stringify(a)), 'x');
    a.push(8);
    b.push(8);
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(() => b.restore({ n: -1, mean: 0, variance: 0 }, 'x.stats')).toThrow(/x\.stats/);
  });
});

describe('TimeBuckets', () => {
  const B = 10_000;
  it('closes buckets as later records arrive and reports gaps', () => {
    const c = new TimeBuckets(B, 3_600_000);
    expect(c.advance(5_000)).toBe(0);
    expect(c.start).toBe(0);
    expect(c.advance(9_999)).toBe(0);
    expect(c.advance(10_000)).toBe(1);
    expect(c.advance(55_000)).toBe(4);
    expect(c.start).toBe(50_000);
  });

  it('counts late records in the current bucket', () => {
    const c = new TimeBuckets(B, 3_600_000);
    c.advance(100_000);
    expect(c.advance(3_000)).toBe(0);
    expect(c.late).toBe(1);
    expect(c.start).toBe(100_000);
  });

  it('does not jump the clock for one far-future record, but follows a confirmed jump', () => {
    const c = new TimeBuckets(B, 60_000);
    c.advance(0);
    expect(c.advance(10 * 86_400_000)).toBe(0);
    expect(c.skewed).toBe(1);
    expect(c.advance(5_000)).toBe(0);
    expect(c.start).toBe(0);
    c.advance(20 * 86_400_000);
    expect(c.advance(20 * 86_400_000 + 1_000)).toBe((20 * 86_400_000) / B);
    expect(c.start).toBe(20 * 86_400_000);
  });

  it('never moves to a bucket beyond year ~5138 (1e14 ms), confirmed or first, so its state restores', () => {
    for (const far of [2e14, 1e16, 1e300, -1e300]) {
      const c = new TimeBuckets(B, 60_000);
      c.advance(far); // a first record there: no bucket yet
      expect(c.start, `${far}`).toBeNaN();
      c.advance(5_000);
      expect(c.start).toBe(0);
      for (const t of [far, far + 1, far + 1_000, far + 20_000]) expect(c.advance(t), `${far}`).toBe(0); // confirmed by the next far record, were it a time
      expect(c.tick(far)).toBe(0);
      expect(c.start).toBe(0);
      expect(c.skewed).toBeGreaterThan(0);
      const again = new TimeBuckets(B, 60_000);
      again.restore(JSON.parse(JSON.stringify(c.toJSON())), 'clock');
      expect(again.toJSON()).toEqual(c.toJSON());
    }
  });

  it('tick closes buckets by clock time', () => {
    const c = new TimeBuckets(B, 60_000);
    expect(c.tick(50_000)).toBe(0);
    c.advance(1_000);
    expect(c.tick(9_000)).toBe(0);
    expect(c.tick(35_000)).toBe(3);
  });
});
