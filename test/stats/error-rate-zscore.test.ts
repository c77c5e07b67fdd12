import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Signal } from '../../src/core/signal.js';
import { ErrorRateZScore } from '../../src/stats/error-rate-zscore.js';
import { bucketStream, ev, mulberry32, run, T0 } from './helpers.js';
import { StatRule } from '../../src/stats/stat-rule.js';

const clean = (n: number, perBucket = 100): [number, number][] => Array.from({ length: n }, () => [perBucket, 0]);

describe('errorRateZScore', () => {
  it('a clean history does not divide by zero nor fire on one or two errors', () => {
    const d = StatRule.errorRateZScore();
    const s = run(d, bucketStream([...clean(20), [100, 1], [100, 2], [100, 0], [100, 0]], mulberry32(1)));
    expect(s).toEqual([]);
  });

  it('a clean history fires on a burst, at bucket close, with the evidence', () => {
    const d = StatRule.errorRateZScore();
    const s = run(d, bucketStream([...clean(20), [100, 30], [100, 0]], mulberry32(2)));
    expect(s).toHaveLength(1);
    const sig = s[0];
    expect(sig).toMatchObject({ name: 'error_rate_anomaly', kind: 'stat', severity: 'high', detector: 'error_rate_anomaly' });
    expect(sig.time).toBe(T0 + 21 * 10_000); // the first record of the next bucket closed it
    expect(sig.evidence).toMatchObject({ errors: 30, total: 100, rate: 0.3, baselineMean: 0, minStd: 0.01, std: 0.01, bucket: '10s', bucketStart: new Date(T0 + 20 * 10_000).toISOString() });
    expect(sig.evidence.z).toBeCloseTo(30, 5);
  });

  it('does not fire during the warm-up', () => {
    const d = StatRule.errorRateZScore({ warmupBuckets: 10 });
    expect(run(d, bucketStream([...clean(5), [100, 50], [100, 0]], mulberry32(3)))).toEqual([]);
  });

  it('does not fire on stationary 2% errors (seeded, 2000 buckets)', () => {
    const rand = mulberry32(4);
    const buckets: [number, number][] = [];
    for (let i = 0; i < 2000; i++) {
      let e = 0;
      for (let j = 0; j < 200; j++) if (rand() < 0.02) e++;
      buckets.push([200, e]);
    }
    const s = run(StatRule.errorRateZScore(), bucketStream(buckets, rand));
    // z > 3 one-sided on a binomial(200, 0.02) has a tail of about 0.3%; the latch merges runs
    expect(s.length).toBeLessThanOrEqual(8);
  });

  it('fires once for a sustained outage, re-arms after recovery', () => {
    const rand = mulberry32(5);
    const s = run(StatRule.errorRateZScore(), bucketStream([...clean(20), ...Array.from({ length: 10 }, (): [number, number] => [100, 60]), ...clean(5), [100, 60], [100, 0]], rand));
    expect(s).toHaveLength(2);
  });

  it('is one-sided by default; direction down fires on a drop in errors', () => {
    const half: [number, number][] = Array.from({ length: 20 }, () => [100, 50]);
    const stream = () => bucketStream([...half, [100, 0], [100, 50]], mulberry32(6));
    expect(run(StatRule.errorRateZScore(), stream())).toEqual([]);
    const down = run(StatRule.errorRateZScore({ direction: 'down' }), stream());
    expect(down).toHaveLength(1);
    expect(down[0].evidence.z).toBeLessThan(-3);
  });

  it('skips buckets with fewer than minCount records', () => {
    const d = StatRule.errorRateZScore({ minCount: 50 });
    expect(run(d, bucketStream([...clean(20), [20, 20], [100, 0]], mulberry32(7)))).toEqual([]);
  });

  it('tick closes the open bucket', () => {
    const d = StatRule.errorRateZScore();
    const out: Signal[] = [];
    for (const e of bucketStream([...clean(20), [100, 40]], mulberry32(8))) d.observe(e, out);
    expect(out).toEqual([]);
    d.tick(T0 + 20 * 10_000 + 9_999, out);
    expect(out).toEqual([]);
    d.tick(T0 + 21 * 10_000, out);
    expect(out).toHaveLength(1);
    expect(out[0].time).toBe(T0 + 21 * 10_000);
  });

  it('groups by an attribute with bounded keys', () => {
    const d = StatRule.errorRateZScore({ groupBy: 'service', maxKeys: 3 });
    const out: Signal[] = [];
    for (let b = 0; b < 25; b++) {
      for (let j = 0; j < 100; j++) {
        const t = T0 + b * 10_000 + j * 100;
        d.observe(ev(t, b === 22 && j < 40 ? 17 : 9, 'x', { service: 'api' }), out);
        d.observe(ev(t, 9, 'x', { service: 'db' }), out);
        d.observe(ev(t, 9, 'x', { service: `noise${(b * 100 + j) % 50}` }), out);
      }
    }
    expect(d.trackedKeys).toBeLessThanOrEqual(3);
    expect(out.map((s) => s.key)).toEqual(['api']);
    expect(out[0].evidence.service).toBe('api');
  });

  it('restored from toJSON mid-stream gives the same signals as an uninterrupted run', () => {
    const rand = mulberry32(9);
    const buckets: [number, number][] = [];
    for (let i = 0; i < 300; i++) buckets.push([100, i % 50 === 40 ? 30 : Math.floor(rand() * 3)]);
    const events = [...bucketStream(buckets, rand)];
    const whole = run(StatRule.errorRateZScore(), events);
    expect(whole.length).toBeGreaterThan(2);
    const first = StatRule.errorRateZScore();
    const cut = 12_345;
    const a = run(first, events.slice(0, cut));
    const second = StatRule.errorRateZScore();
    second.restore(JSON.parse(JSON.stringify(first.toJSON())));
    const b = run(second, events.slice(cut));
    expect([...a, ...b]).toEqual(whole);
  });

  it('rejects bad options and bad states with a ConfigError naming the path', () => {
    expect(() => StatRule.errorRateZScore({ z: -1 })).toThrow(ConfigError);
    expect(() => StatRule.errorRateZScore({ bucket: 'soon' })).toThrow(/errorRateZScore\.bucket/);
    expect(() => StatRule.errorRateZScore({ direction: 'sideways' as never })).toThrow(/errorRateZScore\.direction/);
    expect(() => StatRule.errorRateZScore({ zz: 3 } as never)).toThrow(/errorRateZScore\.zz/);
    const d = new ErrorRateZScore({ bucket: '10s' });
    expect(() => d.restore({})).toThrow(ConfigError);
    expect(() => d.restore(new ErrorRateZScore({ bucket: '1m' }).toJSON())).toThrow(/bucketMs/);
  });

  it('ignores NaN times and keeps odd input safe', () => {
    const d = StatRule.errorRateZScore();
    const out: Signal[] = [];
    d.observe(ev(NaN, 17), out);
    d.observe(ev(Infinity, 17), out);
    d.tick(Infinity, out);
    expect(d.trackedKeys).toBe(0);
    d.observe(ev(T0, 17, ''), out);
    expect(out).toEqual([]);
  });

  it('a far-future record does not close the baseline buckets', () => {
    const d = StatRule.errorRateZScore();
    const events = [...bucketStream([...clean(20), [100, 0]], mulberry32(10))];
    const out = run(d, events);
    d.observe(ev(T0 + 400 * 86_400_000, 17), out);
    const st = d.toJSON();
    expect(st.keys[0][1].clock).toMatchObject({ start: T0 + 20 * 10_000, skewed: 1 });
    expect(out).toEqual([]);
  });
});
