import { describe, expect, it } from 'vitest';
import { StatRule } from '../../src/stats/stat-rule.js';
import { bucketStream, mulberry32, run } from './helpers.js';

describe('errorRateZScore: minimum relative change', () => {
  it('a share that rises from 30% to 40% on big buckets (z > 3) is not news; a doubling is', () => {
    const rand = mulberry32(9);
    const base: [number, number][] = Array.from({ length: 30 }, () => [2000, 600]);
    expect(run(StatRule.errorRateZScore(), bucketStream([...base, [2000, 800], [2000, 600]], rand))).toEqual([]);
    const out = run(StatRule.errorRateZScore(), bucketStream([...base, [2000, 1300], [2000, 600]], rand));
    expect(out.map((s) => s.name)).toEqual(['error_rate_anomaly']);
    expect(run(StatRule.errorRateZScore({ minRatio: 1 }), bucketStream([...base, [2000, 800], [2000, 600]], rand))).toHaveLength(1);
  });
});
