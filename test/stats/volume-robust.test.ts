import { describe, expect, it } from 'vitest';
import { StatRule } from '../../src/stats/stat-rule.js';
import { bucketStream, mulberry32, run } from './helpers.js';

const steady = (n: number, rand: () => number, mean = 100): [number, number][] => Array.from({ length: n }, () => [mean - 10 + Math.floor(rand() * 21), 0]);

describe('volume: knows when it knows nothing', () => {
  it('a surge at tiny counts never fires (minimum absolute count): 5 records vs a baseline of 0.2', () => {
    const rand = mulberry32(1);
    const buckets: [number, number][] = Array.from({ length: 60 }, (_, i) => [i % 5 === 0 ? 1 : 0, 0]);
    buckets.push([5, 0], [5, 0], [5, 0]);
    expect(run(StatRule.volume(), bucketStream(buckets, rand))).toEqual([]);
  });
  it('a surge needs a minimum relative change: +40% on a steady stream is not a surge, even at high z', () => {
    const rand = mulberry32(2);
    const flat: [number, number][] = Array.from({ length: 40 }, () => [1000, 0]);
    expect(run(StatRule.volume(), bucketStream([...flat, [1400, 0], [1400, 0], [1400, 0], [1000, 0]], rand))).toEqual([]);
    expect(run(StatRule.volume(), bucketStream([...flat, [3500, 0], [3500, 0], [1000, 0]], rand)).map((s) => s.name)).toEqual(['volume_zscore_anomaly']);
  });
  it('persistence: one odd bucket (a cron flush) is not a surge; two of three are', () => {
    const rand = mulberry32(3);
    const base = steady(30, rand);
    expect(run(StatRule.volume(), bucketStream([...base, [600, 0], [100, 0], [100, 0], [100, 0]], rand))).toEqual([]);
    const out = run(StatRule.volume(), bucketStream([...base, [600, 0], [100, 0], [600, 0], [100, 0]], rand));
    expect(out.map((s) => [s.name, s.evidence.persistence])).toEqual([['volume_zscore_anomaly', '2/3']]);
    const one = run(StatRule.volume({ persistence: 1 }), bucketStream([...base, [600, 0], [100, 0]], rand));
    expect(one).toHaveLength(1);
  });
  it('a sparse or sampled stream (most buckets empty) gets no baseline: no surge, drop or silence', () => {
    const rand = mulberry32(4);
    const buckets: [number, number][] = Array.from({ length: 300 }, () => [rand() < 0.3 ? 30 + Math.floor(rand() * 60) : 0, 0]);
    for (let i = 0; i < 5; i++) buckets.push([400, 0]);
    expect(run(StatRule.volume(), bucketStream(buckets, rand))).toEqual([]);
  });
  it('silence only for streams that were steady: a bursty batch log that stops is not a silence', () => {
    const rand = mulberry32(5);
    const bursty: [number, number][] = Array.from({ length: 100 }, (_, i) => [i % 4 === 0 ? 200 : 10, 0]); // std > mean... never empty
    const batch = run(StatRule.volume(), bucketStream([...bursty, [0, 0], [0, 0], [0, 0], [0, 0], [50, 0]], rand));
    expect(batch.filter((s) => s.name === 'log_silence')).toEqual([]);
    const steadyStop = run(StatRule.volume(), bucketStream([...steady(100, rand), [0, 0], [0, 0], [0, 0], [0, 0], [50, 0]], rand));
    expect(steadyStop.map((s) => s.name)).toContain('log_silence');
  });
  it('restore rejects a bad empty share and keeps the detector unchanged', () => {
    const rand = mulberry32(6);
    const d = StatRule.volume();
    run(d, bucketStream(steady(20, rand), rand));
    const good = JSON.parse(JSON.stringify(d.toJSON()));
    const bad = structuredClone(good);
    bad.keys[0][1].emptyShare = 7;
    expect(() => d.restore(bad)).toThrow(/emptyShare/);
    expect(JSON.parse(JSON.stringify(d.toJSON()))).toEqual(good);
  });
});

describe('bucketed detectors: groupBy keys bounded in size', () => {
  it('a 64 KiB groupBy value becomes a short key (boundedKey)', () => {
    const d = StatRule.volume({ groupBy: 'svc' });
    const big = 's'.repeat(65_536);
    const out: import('../../src/core/signal.js').Signal[] = [];
    d.observe({ time: 0, severityNumber: 9, severityText: '', message: 'x', attributes: { svc: big }, eventName: '' }, out);
    const key = d.toJSON().keys[0][0];
    expect(key.length).toBeLessThan(240);
  });
});
