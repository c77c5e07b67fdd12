import { describe, expect, it } from 'vitest';
import { TemplateMiner, type TemplateMinerOptions } from '../../src/templates/index.js';
import { TokenPresence } from '../../src/templates/token-presence.js';
import { mulberry32 } from '../helpers/prng.js';

/** Base templates, then a flood of unique messages mixed with lines of the base templates and near variants. */
function stream(seed: number, lines: number): string[] {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const letters = () => Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');
  const common = ['alpha', 'beta', 'error', 'user', 'ok', 'retry', 'failed', 'Started', 'Stopped'];
  const base = (k: number, v: number) => `svc${k % 40} ${pick(['started', 'stopped'])} worker ${v} on ${common[k % common.length]} ${'step '.repeat(k % 5)}done`;
  const out: string[] = [];
  for (let k = 0; k < 400; k++) out.push(base(k, k));
  while (out.length < lines) {
    const r = rnd();
    if (r < 0.55) {
      const n = 2 + Math.floor(rnd() * 9);
      out.push(Array.from({ length: n }, () => (rnd() < 0.3 ? pick(common) : rnd() < 0.5 ? letters() : `${letters()}${Math.floor(rnd() * 1e6)}`)).join(' '));
    } else if (r < 0.85) out.push(base(Math.floor(rnd() * 400), Math.floor(rnd() * 1e6)));
    else out.push(base(Math.floor(rnd() * 400), 7).replace('worker', pick(['worker', 'thread', letters()])));
  }
  return out;
}

describe('TokenPresence', () => {
  it('counts what templates hold and rules out only messages no template can match', () => {
    const p = new TokenPresence(1000);
    const held = new Uint8Array(4);
    const a = new Float64Array([11, 22, 33, 44]);
    p.add(a);
    expect(p.rulesOut(new Float64Array([11, 22, 33, 44]), 4, 3, 1, held)).toBe(false);
    expect([...held, p.anyFree, p.restFree]).toEqual([1, 1, 1, 1, false, false]);
    expect(p.fewHeld).toBe(false);
    expect(p.rulesOut(new Float64Array([11, 22, 99, 98]), 4, 3, 1, held)).toBe(true);
    expect([...held, p.anyFree, p.restFree, p.fewHeld]).toEqual([1, 1, 0, 0, true, true, true]);
    // too few held for the leaf search, but the only free position is a routing one: a reroute may match
    expect(p.rulesOut(new Float64Array([99, 22, 33, 44]), 4, 4, 1, held)).toBe(false);
    expect([...held, p.anyFree, p.restFree, p.fewHeld]).toEqual([0, 1, 1, 1, true, false, true]);
    expect(p.rulesOut(new Float64Array([99, 22, 33, 44]), 4, 3, 1, held)).toBe(false);
    expect(p.fewHeld).toBe(false);
    expect(p.rulesOut(new Float64Array([11, 22, 99, 98]), 4, 2, 1, held)).toBe(false); // two held reach minSim 2
    expect(p.rulesOut(new Float64Array([11, 22, 99, 98]), 4, 0, 1, held)).toBe(false); // similarity 0 matches anything
    p.retoken(4, 2, 33, 0);
    expect(p.rulesOut(new Float64Array([11, 22, 0, 98]), 4, 4, 1, held)).toBe(true);
    expect(p.rulesOut(new Float64Array([11, 22, 0, 44]), 4, 4, 1, held)).toBe(false);
    p.remove(new Float64Array([11, 22, 0, 44]));
    expect(p.rulesOut(new Float64Array([11, 22, 0, 44]), 4, 1, 0, held)).toBe(true);
  });

  // The filter is consulted during a flood of unmatched messages; a miner whose flood measure is held
  // at -Infinity never consults it: every result and the final state must be the same.
  const cases: [string, TemplateMinerOptions][] = [
    ['default (below the cap)', {}],
    ['at a 300 cap with admission', { maxClusters: 300 }],
    ['at a 300 cap, admitAfter 1', { maxClusters: 300, admitAfter: 1 }],
    ['similarity 0.4, depth 4', { similarity: 0.4, depth: 4, maxClusters: 600 }],
    ['stableAfter 3, no word split', { stableAfter: 3, splitOnWord: false, maxClusters: 2000 }],
  ];
  for (const [name, options] of cases) {
    it(`gives the miner's results unchanged: ${name}`, () => {
      const lines = stream(5, 12_000);
      const fast = new TemplateMiner(options);
      const plain = new TemplateMiner(options);
      (plain as unknown as { flood: number }).flood = Number.NEGATIVE_INFINITY;
      for (const l of lines) {
        const a = fast.add(l);
        const b = plain.add(l);
        expect([a.id, a.template, a.isNew, a.changed, a.count]).toEqual([b.id, b.template, b.isNew, b.changed, b.count]);
      }
      expect(fast.toJSON()).toEqual(plain.toJSON());
      expect((fast as unknown as { presence: unknown }).presence).not.toBeNull();
    });
  }
});
