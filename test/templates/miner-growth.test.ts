import { describe, expect, it } from 'vitest';
import { TemplateMiner, type TemplateMinerOptions } from '../../src/templates/template-miner.js';
import { lcg as rng, letters } from '../helpers/prng.js';

/** The growth work counters of a miner (private: read here as a probe). */
interface GrowthProbe {
  store: { copies: number; skipped: number; capacity: number };
  exact: { migrated: number; migrating: boolean };
}

function work(miner: TemplateMiner): number {
  const p = miner as unknown as GrowthProbe;
  return p.store.copies + p.exact.migrated;
}

/**
 * Every outcome of a stream folded into one hash: a crowded leaf (one first token and length, so
 * the exact look-up answers), templates generalised (filed again), repeats (the line cache), growth
 * of the exact table through several doublings, the cap, admission and evictions.
 */
function digest(options: TemplateMinerOptions, steps: number, pool: number, seed: number): string {
  const random = rng(seed);
  const miner = new TemplateMiner(options);
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 10, 0x01000193);
  };
  let previous = 0;
  for (let step = 0; step < steps; step++) {
    const r = random();
    const i = r < 0.15 ? previous : r < 0.3 ? Math.floor(random() * 64) : Math.floor(random() * pool);
    previous = i;
    const v = random();
    const a = letters(i);
    const b = letters(i * 7 + 3);
    const c = letters(i * 13 + 5);
    const tail = v < 0.5 ? i % 10 : step;
    const m =
      v < 0.08 ? `alpha ${a} beta ${b} ${c} k-${letters(Math.floor(random() * 1e6))} end ${tail}` : v < 0.12 ? `gamma ${a} x ${tail}` : `alpha ${a} beta ${b} ${c} q${letters(i * 31 + 7)} end ${tail}`;
    const t = miner.add(m);
    mix(`${t.id}|${t.template}|${t.isNew}|${t.changed}|${t.count}|${t.parameters.join(',')}`);
  }
  mix(JSON.stringify(miner.toJSON()));
  return (h >>> 0).toString(16);
}

describe('TemplateMiner growth', () => {
  it('moves or sets up a bounded number of entries in any one add() while 30,000 templates arrive (no O(templates) step)', () => {
    const miner = new TemplateMiner({ maxClusters: 30_000, admitAfter: 1 });
    const random = rng(9);
    let max = 0;
    let adds = 0;
    let before = work(miner);
    const probe = miner as unknown as GrowthProbe;
    let sawMigration = false;
    for (let i = 0; i < 36_000; i++) {
      // a new template, then now and then a recent one again (recency entries pile up: the ring compacts)
      for (const k of [i, i - 1 - Math.floor(random() * 50)]) {
        if (k < 0) continue;
        miner.add(`alpha q${letters(k)} r${letters(k * 7 + 3)} s${letters(k * 13 + 5)} t${letters(k * 31 + 7)}`);
        const now = work(miner);
        max = Math.max(max, now - before);
        before = now;
        adds++;
        sawMigration ||= probe.exact.migrating;
      }
    }
    expect(miner.size).toBe(30_000);
    expect(miner.evicted).toBe(6_000);
    expect(sawMigration).toBe(true);
    // the table doubled up to 65,536 entries (its entries moved a few at a time) and the slots followed
    expect(probe.exact.migrated).toBeGreaterThan(30_000);
    expect(probe.store.capacity).toBeGreaterThanOrEqual(65_536);
    // per add: one page of 256 slots, 8 + 8 table entries moved (each maybe with its slot), 3 ring entries per append
    expect(max).toBeLessThanOrEqual(320);
    // and about a constant on average
    expect(work(miner) / adds).toBeLessThan(16);
  }, 60_000);

  it('groups a stream exactly as the miner before incremental growth did (outcome hashes pinned from 8167ab9)', () => {
    expect(digest({ maxClusters: 6000 }, 30_000, 20_000, 1)).toBe('3108f41f');
    expect(digest({ maxClusters: 3000, admitAfter: 1 }, 20_000, 8000, 2)).toBe('b81389c3');
    expect(digest({}, 20_000, 3000, 3)).toBe('aa7823f8');
  }, 60_000);
});
