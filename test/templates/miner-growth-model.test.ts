import { describe, expect, it } from 'vitest';
import { TemplateMiner } from '../../src/templates/index.js';
import { mulberry32 } from '../helpers/prng.js';

/** The private parts read here: the exact index (while it doubles) and the slots of held templates. */
interface Parts {
  exact: { migrating: boolean; size: number; find(msg: Float64Array, n: number, leafId: number, max: number, out: Int32Array): number };
  store: { leaf(s: number): number; owner(s: number): unknown };
  byId: { values(): Iterable<{ id: string; slot: number; hashes: Float64Array }> };
}

const WORDS = ['get', 'put', 'user', 'conn', 'open', 'closed', 'err', 'ok', 'job', 'db'];

/**
 * Adversarial growth: caps at and just past a doubling of the exact index (48 and 96: the template over the cap
 * starts a doubling and the one evicted for it is still in the old table; 49, 1,536), so templates are evicted,
 * generalised (filed again) and moved while the old table is still read. At every step of a doubling each held
 * template is found by its own tokens (in either table), in its own slot; the recency order (toJSON) is that of
 * an LRU model fed only the match results.
 */
describe('miner growth against a model', () => {
  it.each([48, 49, 96, 1536])('maxClusters %i', (maxClusters) => {
    const miner = new TemplateMiner({ maxClusters, admitAfter: 1 });
    const parts = miner as unknown as Parts;
    const rnd = mulberry32(maxClusters);
    const lru = new Map<string, true>();
    const out = new Int32Array(64);
    const pool: string[] = [];
    let migratingSteps = 0;
    for (let i = 0; i < 6000; i++) {
      let line: string;
      if (pool.length > 0 && rnd() < 0.35) line = pool[Math.floor(rnd() * pool.length)];
      else {
        const t = ['svc'];
        const n = 1 + Math.floor(rnd() * 5);
        for (let k = 1; k < n; k++) {
          const v = rnd();
          t.push(v < 0.4 ? WORDS[Math.floor(rnd() * WORDS.length)] : v < 0.7 ? `k${Math.floor(rnd() * 1e6)}` : String(Math.floor(rnd() * 30)));
        }
        line = t.join(' ');
        if (pool.length < 200) pool.push(line);
        else pool[Math.floor(rnd() * 200)] = line;
      }
      const r = miner.add(line);
      lru.delete(r.id);
      lru.set(r.id, true);
      if (lru.size > maxClusters) lru.delete(lru.keys().next().value as string);
      if (!parts.exact.migrating && i % 500 !== 0) continue;
      if (parts.exact.migrating) migratingSteps++;
      const held = [...parts.byId.values()];
      expect(parts.exact.size).toBe(held.length);
      for (const c of held) {
        const found = parts.exact.find(c.hashes, c.hashes.length, parts.store.leaf(c.slot), 1e9, out);
        expect(Array.from(out.subarray(0, found))).toContain(c.slot);
        expect(parts.store.owner(c.slot)).toBe(c);
      }
      expect(miner.toJSON().clusters.map((c) => c.id)).toEqual([...lru.keys()]);
    }
    expect(migratingSteps).toBeGreaterThan(0);
  });
});
