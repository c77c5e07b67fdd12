import { describe, expect, it } from 'vitest';
import { TemplateMiner } from '../../src/templates/template-miner.js';
import { mulberry32 } from '../helpers/prng.js';

// A template moved to another leaf of the parse tree (rerouted) must leave its old leaf's index
// whole: it was once taken out of the old index after being added to the new one, with the slots
// the new index had just written, which corrupted the old leaf's postings (a later eviction threw,
// and the record went unanalysed). A stream of random messages at the template cap reroutes and
// evicts often.
describe('TemplateMiner: rerouted templates and their leaves', () => {
  it('mines a long stream of random messages at its template cap without throwing (threw at message 8,507 before)', () => {
    const rand = mulberry32(11);
    const words = ['alpha', 'beta', 'gamma', 'delta', 'error', 'timeout', 'user', 'order', 'cache', 'shard', 'request', 'failed', 'ok', 'slow', 'retry'];
    const token = () => {
      const r = rand();
      if (r < 0.5) return words[Math.floor(rand() * words.length)] + Math.floor(rand() * 1e6).toString(36);
      if (r < 0.8) return Math.floor(rand() * 2 ** 32).toString(16);
      return words[Math.floor(rand() * words.length)];
    };
    const miner = new TemplateMiner({ maxClusters: 2000 });
    let ids = 0;
    for (let i = 0; i < 9_000; i++) {
      const n = 4 + Math.floor(rand() * 8);
      const parts = [token()];
      for (let k = 1; k < n; k++) parts.push(token());
      const t = miner.add(parts.join(' '));
      if (t.id !== '') ids++;
    }
    expect(ids).toBe(9_000);
    expect(miner.size).toBeLessThanOrEqual(2000);
    expect(miner.evicted).toBeGreaterThan(0);
  });
});
