import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { TemplateMiner } from '../../src/templates/index.js';

/**
 * The miner's templates by id are a KeyTable, whose nodes are reserved up front for `maxClusters + 1`: a cap far
 * beyond what a machine holds must be a ConfigError naming the miner's field at construction, not a RangeError
 * naming the KeyTable's `maxKeys` (as it was with a cap of 1e9).
 */
describe('templateMiner.maxClusters: bounded', () => {
  it.each([1e9, 2 ** 31, 1e12])('%d is a ConfigError naming templateMiner.maxClusters', (maxClusters) => {
    let err: unknown;
    try {
      new TemplateMiner({ maxClusters });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('templateMiner.maxClusters');
  });

  it('10,000,000 is accepted (the reservation is address space, committed as used)', () => {
    const m = new TemplateMiner({ maxClusters: 10_000_000 });
    expect(m.add('job 1 done').isNew).toBe(true);
    expect(m.maxClusters).toBe(10_000_000);
  });
});
