import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { bucketStream, ev, mulberry32, run, T0 } from './helpers.js';
import { StatRule } from '../../src/stats/stat-rule.js';

/** One record per 100 ms with a duration attribute drawn around `mean(bucket)`. */
function* durations(buckets: number, mean: (b: number) => number, rand: () => number) {
  for (let b = 0; b < buckets; b++) {
    for (let j = 0; j < 100; j++) yield ev(T0 + b * 10_000 + j * 100, 9, 'GET /x', { 'http.duration_ms': mean(b) * (0.5 + rand()) });
  }
}

describe('ewma', () => {
  it('catches a modest sustained shift in mean duration, with evidence', () => {
    const rand = mulberry32(1);
    const d = StatRule.ewma({ metric: { field: 'http.duration_ms' } });
    const s = run(
      d,
      durations(80, (b) => (b < 50 ? 100 : 115), rand),
    );
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ name: 'ewma_anomaly', kind: 'stat', severity: 'medium' });
    expect(s[0].evidence.metric).toBe('mean(http.duration_ms)');
    expect(s[0].evidence.ewma as number).toBeGreaterThan(s[0].evidence.upperLimit as number);
    expect(s[0].time).toBeGreaterThanOrEqual(T0 + 51 * 10_000);
  });

  it('stays quiet on a stable series (seeded)', () => {
    const rand = mulberry32(2);
    expect(
      run(
        StatRule.ewma({ metric: { field: 'http.duration_ms' } }),
        durations(500, () => 100, rand),
      ).length,
    ).toBeLessThanOrEqual(3);
  });

  it('counts matching records per bucket; numeric strings are read, junk ignored', () => {
    const rand = mulberry32(3);
    const buckets: [number, number][] = Array.from({ length: 40 }, (_, i) => [100, i >= 30 ? 12 : Math.floor(rand() * 3)]);
    const s = run(StatRule.ewma({ level: 'ERROR', direction: 'up' }), bucketStream(buckets, rand));
    expect(s).toHaveLength(1);
    expect(s[0].evidence.metric).toBe('count');
    const d = StatRule.ewma({ metric: { field: 'v', aggregate: 'max' } });
    const out: Signal[] = [];
    for (const v of ['12', 'abc', null, {}, Infinity, 3]) d.observe(ev(T0, 9, 'x', { v }), out);
    expect(d.toJSON().keys[0][1] as { n: number; acc: number }).toMatchObject({ n: 2, acc: 12 });
  });

  it('restored from toJSON gives the same signals', () => {
    const rand = mulberry32(4);
    const events = [...durations(120, (b) => (b > 60 && b < 80 ? 140 : 100), rand)];
    const whole = run(StatRule.ewma({ metric: { field: 'http.duration_ms' } }), events);
    expect(whole.length).toBeGreaterThan(0);
    const a = StatRule.ewma({ metric: { field: 'http.duration_ms' } });
    const x = run(a, events.slice(0, 6_050));
    const b = StatRule.ewma({ metric: { field: 'http.duration_ms' } });
    b.restore(JSON.parse(JSON.stringify(a.toJSON())));
    expect([...x, ...run(b, events.slice(6_050))]).toEqual(whole);
  });

  it('rejects bad options', () => {
    expect(() => StatRule.ewma({ alpha: 0 })).toThrow(/ewma\.alpha/);
    expect(() => StatRule.ewma({ metric: 'sum' as never })).toThrow(/ewma\.metric/);
    expect(() => StatRule.ewma({ metric: { field: '' } })).toThrow(/ewma\.metric\.field/);
  });
});
