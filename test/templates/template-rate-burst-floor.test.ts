import { describe, expect, it } from 'vitest';
import { StatRule } from '../../src/index.js';
import { mulberry32 } from '../helpers/prng.js';

/** The private parts of templateRate this test reads: a record compares its count with `burstFrom` and only then computes `burstZ`. */
interface BurstParts {
  burstFloor(mean: number): number;
  burstZ(st: { count: number; mean: number; variance: number }): number;
}

/**
 * templateRate skips `burstZ` for a count below the state's `burstFrom` (set from the baseline mean when it
 * changes). That bound must be conservative: every count for which `burstZ` is a number (a burst by
 * counts) is at or above it, whatever the mean (fractional, near the rounding boundaries, up to 1e12).
 */
describe('templateRate: the burst floor never hides a burst', () => {
  it.each([
    [10, 3],
    [50, 3],
    [1, 1],
    [7, 2.5],
    [1000, 1000],
  ])('minCount %i, minRatio %d', (minCount, minRatio) => {
    const d = StatRule.templateRate({ minCount, minRatio }) as unknown as BurstParts;
    const rnd = mulberry32(minCount * 31 + minRatio);
    const means = [0, 0.5, 1, 2.999999999, 3, 1 / 3, 9.999999, 10, 10.000001, 1e6 + 0.5, 123456789.75, 1e12, 1e12 - 0.001];
    for (let i = 0; i < 2000; i++) means.push(rnd() * 10 ** Math.floor(rnd() * 12));
    for (const mean of means) {
      const floor = d.burstFloor(mean);
      expect(Number.isInteger(floor)).toBe(true);
      // every count from a little below the floor to the first count that is a burst by counts
      const lowest = Math.max(0, floor - 3);
      for (let count = lowest; count < floor; count++) expect(d.burstZ({ count, mean, variance: 1 })).toBe(-Infinity);
      const first = Math.max(minCount, Math.ceil(mean + minCount), Math.ceil(minRatio * mean));
      for (let count = first - 2; count <= first + 2; count++) if (d.burstZ({ count, mean, variance: 1 }) !== -Infinity) expect(count).toBeGreaterThanOrEqual(floor);
      // the floor is close below the first burst by counts (it saves the baseline read for nearly every count below it)
      expect(first - floor).toBeLessThanOrEqual(3);
    }
  });
});
