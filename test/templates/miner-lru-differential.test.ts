import { describe, expect, it } from 'vitest';
import { TemplateMiner } from '../../src/templates/template-miner.js';
import { lcg as rng, letters } from '../helpers/prng.js';

// every message below has four tokens no other message has (letters of distinct numbers), so none generalise
function message(i: number): string {
  return `q${letters(i)} r${letters(i * 7 + 3)} s${letters(i * 13 + 5)} t${letters(i * 31 + 7)}`;
}

/**
 * 200,000 messages against a Map kept in least-recently-used order: the same template joined, the
 * same ones forgotten, the same recency order in toJSON(). Repeats (the line cache), one template
 * hit again and again, two alternating, and table growth (3,000 held of 20,000) are all in the stream.
 */
describe('TemplateMiner recency against a plain LRU model', () => {
  for (const [cap, pool, seed] of [
    [300, 1000, 1],
    [3000, 20000, 2],
  ] as const) {
    it(`maxClusters ${cap}, ${pool} distinct templates`, () => {
      const random = rng(seed);
      const miner = new TemplateMiner({ maxClusters: cap, admitAfter: 1 });
      const model = new Map<number, string>();
      let previous = 0;
      for (let step = 0; step < 200_000; step++) {
        const r = random();
        const i = r < 0.2 ? previous : r < 0.35 ? step & 1 : r < 0.6 ? Math.floor(random() * 40) : Math.floor(random() * pool);
        previous = i;
        const m = miner.add(message(i));
        const known = model.get(i);
        if (known !== undefined) {
          if (m.id !== known || m.isNew) expect({ step, id: m.id, isNew: m.isNew }).toEqual({ step, id: known, isNew: false });
          model.delete(i);
        } else if (!m.isNew) expect({ step, isNew: m.isNew }).toEqual({ step, isNew: true });
        model.set(i, m.id);
        if (model.size > cap) model.delete(model.keys().next().value as number);
        if (step % 4999 === 0) expect(miner.toJSON().clusters.map((c) => c.id)).toEqual([...model.values()]);
      }
      expect(miner.toJSON().clusters.map((c) => c.id)).toEqual([...model.values()]);
      expect(miner.size).toBe(cap);
    }, 60_000);
  }
});
