import { describe, expect, it } from 'vitest';
import { type IndexedTemplate, LeafIndex } from '../../src/templates/leaf-index.js';
import { CONSTANT } from '../../src/templates/masking.js';
import { WILDCARD } from '../../src/templates/tokenize.js';
import { mulberry32 } from '../helpers/prng.js';

// LeafIndex.agreed: the positions where the template best() returned agrees with the message. The
// miner joins a plain template that agrees everywhere without reading it for generalisation (as a
// template the exact look-up found), so agreed must be the leaf's length exactly when every position
// is equal (`<*>` only to `<*>`), and never left over from an earlier call.

function template(hashes: number[]): IndexedTemplate {
  const n = hashes.length;
  return { hashes: Float64Array.from(hashes), kinds: new Uint8Array(n).fill(CONSTANT), words: new Uint8Array(n), stable: false, slots: new Int32Array(n), member: 0, seq: 0, mark: 0 };
}

describe('LeafIndex.agreed', () => {
  it('is the length for a template equal token for token, the similarity for a similar one, 0 when none is returned', () => {
    const leaf = new LeafIndex<IndexedTemplate>(4);
    leaf.add(template([1, 2, WILDCARD, 4]));
    const words = new Uint8Array(4);
    let epoch = 0;
    expect(leaf.best(Float64Array.from([1, 2, WILDCARD, 4]), words, 0.6, 50, true, ++epoch)).not.toBeNull();
    expect(leaf.agreed).toBe(4);
    // a value where the template has <*>: joined, but not equal there
    expect(leaf.best(Float64Array.from([1, 2, 3, 4]), words, 0.6, 50, true, ++epoch)).not.toBeNull();
    expect(leaf.agreed).toBe(3);
    expect(leaf.best(Float64Array.from([9, 8, 7, 6]), words, 0.6, 50, true, ++epoch)).toBeNull();
    expect(leaf.agreed).toBe(0);
  });

  it('agrees with a direct comparison on random leaves, small and indexed', () => {
    const rnd = mulberry32(3);
    const token = () => (rnd() < 0.3 ? WILDCARD : 1 + Math.floor(rnd() * 4));
    let equal = 0;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rnd() * 6);
      const leaf = new LeafIndex<IndexedTemplate>(n);
      const held: IndexedTemplate[] = [];
      const size = 1 + Math.floor(rnd() * 20); // past SCAN_UP_TO the leaf keeps postings
      for (let i = 0; i < size; i++) {
        const t = template(Array.from({ length: n }, token));
        leaf.add(t);
        held.push(t);
      }
      const words = new Uint8Array(n);
      for (let q = 0; q < 50; q++) {
        const msg = Float64Array.from({ length: n }, token);
        const best = leaf.best(msg, words, 0.5, 0, false, round * 100 + q + 1);
        const same = best?.hashes.every((h, i) => h === msg[i]) === true;
        expect(leaf.agreed === n).toBe(same);
        if (best === null) expect(leaf.agreed).toBe(0);
        if (same) equal++;
        // an equal template held in the leaf is always the one returned
        if (held.some((t) => t.hashes.every((h, i) => h === msg[i]))) expect(same).toBe(true);
      }
    }
    expect(equal).toBeGreaterThan(100);
  });
});
