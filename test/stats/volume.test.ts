import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { bucketStream, ev, mulberry32, run, T0 } from './helpers.js';
import { StatRule } from '../../src/stats/stat-rule.js';

const steady = (n: number, rand: () => number, mean = 100): [number, number][] => Array.from({ length: n }, () => [mean - 10 + Math.floor(rand() * 21), 0]);

describe('volume', () => {
  it('fires volume_zscore_anomaly on a surge', () => {
    const rand = mulberry32(1);
    const s = run(StatRule.volume(), bucketStream([...steady(30, rand), [400, 0], [400, 0], [100, 0]], rand));
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ name: 'volume_zscore_anomaly', kind: 'stat', severity: 'medium' });
    expect(s[0].evidence.count).toBe(400);
    expect(s[0].evidence.z).toBeGreaterThan(3);
  });

  it('fires volume_drop when volume falls but does not stop', () => {
    const rand = mulberry32(2);
    const s = run(StatRule.volume(), bucketStream([...steady(30, rand), [10, 0], [10, 0], [100, 0]], rand));
    expect(s.map((x) => x.name)).toEqual(['volume_drop']);
    expect(s[0].evidence.z).toBeLessThan(-3);
  });

  it('notices silence through tick(now): log_silence once per silent period', () => {
    const rand = mulberry32(3);
    const d = StatRule.volume({ silenceBuckets: 3 });
    const out = run(d, bucketStream(steady(30, rand), rand));
    const end = T0 + 30 * 10_000;
    d.tick(end + 10_000, out); // closes bucket 29 and the empty bucket 30
    expect(out).toEqual([]);
    d.tick(end + 30_000, out); // two more empty buckets: 3 in a row
    expect(out.map((s) => [s.name, s.severity])).toEqual([['log_silence', 'high']]);
    expect(out[0].evidence).toMatchObject({ emptyBuckets: 3, silentForMs: 30_000, count: 0 });
    d.tick(end + 120_000, out);
    expect(out).toHaveLength(1);
    d.observe(ev(end + 130_000), out); // logging resumes: re-armed
    d.tick(end + 200_000, out);
    expect(out.map((s) => s.name)).toEqual(['log_silence', 'log_silence']);
  });

  it('notices silence when a later record arrives after a gap (gap replay capped)', () => {
    const rand = mulberry32(4);
    const d = StatRule.volume({ maxGap: 5 });
    const out = run(d, bucketStream(steady(30, rand), rand));
    d.observe(ev(T0 + 3_600_000), out);
    expect(out.map((s) => s.name)).toEqual(['log_silence']);
    expect(out[0].evidence.emptyBuckets).toBe(3);
  });

  it('a quiet stream (baseline below minBaseline) never reports drops or silence', () => {
    const rand = mulberry32(5);
    const buckets: [number, number][] = Array.from({ length: 100 }, () => [rand() < 0.5 ? 1 : 0, 0]);
    const out = run(StatRule.volume({ direction: 'down' }), bucketStream(buckets, rand));
    expect(out).toEqual([]);
  });

  it('stationary Poisson-like traffic raises few false alarms (seeded)', () => {
    const rand = mulberry32(6);
    const out = run(StatRule.volume(), bucketStream(steady(2000, rand), rand));
    expect(out.length).toBeLessThanOrEqual(5);
  });

  it('per-key silence with groupBy', () => {
    const d = StatRule.volume({ groupBy: 'service' });
    const out: Signal[] = [];
    for (let b = 0; b < 40; b++) {
      for (let j = 0; j < 50; j++) {
        const t = T0 + b * 10_000 + j * 200;
        d.observe(ev(t, 9, 'x', { service: 'api' }), out);
        if (b < 30) d.observe(ev(t, 9, 'x', { service: 'worker' }), out);
      }
    }
    expect(out.map((s) => [s.name, s.key])).toEqual([['log_silence', 'worker']]);
  });

  it('restored from toJSON gives the same signals', () => {
    const rand = mulberry32(7);
    const buckets = steady(200, rand);
    buckets[80] = [500, 0];
    buckets[81] = [500, 0];
    buckets[150] = [5, 0];
    buckets[151] = [5, 0];
    const events = [...bucketStream(buckets, rand)];
    const whole = run(StatRule.volume(), events);
    expect(whole.map((s) => s.name)).toEqual(['volume_zscore_anomaly', 'volume_drop']);
    const a = StatRule.volume();
    const cut = 9_000;
    const x = run(a, events.slice(0, cut));
    const b = StatRule.volume();
    b.restore(JSON.parse(JSON.stringify(a.toJSON())));
    expect([...x, ...run(b, events.slice(cut))]).toEqual(whole);
  });

  it('rejects bad options', () => {
    expect(() => StatRule.volume({ silenceBuckets: 0 })).toThrow(/volume\.silenceBuckets/);
    expect(() => StatRule.volume({ maxKeys: 0 })).toThrow(/volume\.maxKeys/);
  });
});
