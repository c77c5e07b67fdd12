import { describe, expect, it } from 'vitest';
import { KeyStateTable } from '../../src/core/key-state-table.js';
import { KeyTable } from '../../src/core/key-table.js';
import { mulberry32 as rng } from '../helpers/prng.js';

// short keys (compared in the slot), long ones (compared with the kept string), same-length near misses
const keyOf = (i: number) => (i % 3 === 0 ? `k${i}` : i % 3 === 1 ? `${'x'.repeat(30)}${i}` : `10.0.0.${i}`);
const order = (t: KeyStateTable) => [...t.nodeOrder()].map((s) => [t.keyAt(s), t.protectedAt(s)]);
const refOrder = (t: KeyTable<number>) => [...t.entries()].map(([k, , p]) => [k, p]);
/** The overflow counts of every slot (private: word 2 of each slot's header). */
const overflow = (t: KeyStateTable) => {
  const words = (t as unknown as { words: Int32Array }).words;
  return Array.from({ length: t.slots }, (_, s) => words[s * t.stride * 2 + 2]);
};

/**
 * Drive a KeyStateTable and the segmented LRU it replaces (KeyTable) with the same random mix of
 * look-ups, inserts, promotions and idle evictions, and check they keep the same keys in the same
 * order and segments, with the same counters.
 */
function differential(seed: number, options: { ghost: boolean; hash?: (key: string) => number }, steps = 8000) {
  const r = rng(seed);
  const cap = 40;
  const t = new KeyStateTable(cap, { ghost: options.ghost, hash: options.hash, stateDoubles: 1 });
  const ref = new KeyTable<number>(cap, { ghost: options.ghost });
  for (let step = 0; step < steps; step++) {
    const k = keyOf(Math.floor(r() * 110));
    const op = r();
    if (op < 0.7) {
      const s = t.nodeOf(k);
      expect(s >= 0).toBe(ref.get(k) !== undefined);
      if (s < 0) {
        const protect = op < 0.05;
        const n = t.insert(k, protect);
        t.data[t.base(n)] = step;
        ref.set(k, step, protect);
      } else {
        expect(t.keyAt(s)).toBe(k);
        expect(t.data[t.base(s)]).toBe(ref.get(k));
        if (op < 0.3) {
          t.promoteAt(s);
          ref.promote(k);
        }
      }
    } else if (op < 0.72) {
      // drop the keys not seen in the last 300 steps, from the old end of each segment
      const limit = step - 300;
      expect(t.evictIdleNodes((s) => t.data[t.base(s)] < limit)).toBe(ref.evictIdle((v) => v < limit));
    }
    expect(t.size).toBe(ref.size);
    expect(t.protectedSize).toBe(ref.protectedSize);
  }
  expect(order(t)).toEqual(refOrder(ref));
  expect([t.evicted, t.ghostAdmissions]).toEqual([ref.evicted, ref.ghostAdmissions]);
  expect(t.evicted).toBeGreaterThan(100);
  return t;
}

describe('KeyStateTable', () => {
  it('keeps the keys, order, segments and counters of the segmented LRU with the ghost set (KeyTable) on a random mix of operations', () => {
    const t = differential(3, { ghost: true });
    expect(t.ghostAdmissions).toBeGreaterThan(10);
  });

  it('every key in one probe run (a constant test hash): look-ups stay exact, deletions in the run keep the keys after it reachable, overflow counts return to 0', () => {
    const t = differential(5, { ghost: false, hash: () => 7 });
    const evicted = t.evictIdleNodes(() => true);
    expect(evicted).toBeGreaterThan(0);
    expect(t.size).toBe(0);
    expect(overflow(t).every((n) => n === 0)).toBe(true);
  });

  it('two hashes only (a test hash by parity): collisions in two long runs that wrap around the end of the table', () => {
    differential(9, { ghost: false, hash: (k) => (k.length % 2 === 0 ? -1 : 0x7fffffff) });
  });

  it('a key is never moved: its slot and its state stay while other keys of its probe run come and go', () => {
    const t = new KeyStateTable(8, { ghost: false, hash: () => 0, stateDoubles: 2 });
    const slots = ['a', 'b', 'c', 'd'].map((k, i) => {
      const s = t.insert(k);
      t.data[t.base(s)] = i + 1;
      t.data[t.base(s) + 1] = -(i + 1);
      return s;
    });
    expect(slots).toEqual([0, 1, 2, 3]); // one run from the home slot
    expect(overflow(t).slice(0, 4)).toEqual([3, 2, 1, 0]);
    // drop 'b' (idle), then a new key fills the hole: 'c' and 'd' stay where they were, and reachable
    t.nodeOf('a');
    t.nodeOf('c');
    t.nodeOf('d');
    expect(t.evictIdleNodes((s) => s === 1)).toBe(1);
    expect(overflow(t).slice(0, 4)).toEqual([2, 2, 1, 0]); // slot 1 is still passed by c and d
    expect(t.nodeOf('c')).toBe(2);
    expect(t.nodeOf('d')).toBe(3);
    expect(t.nodeOf('b')).toBe(-1);
    expect(t.insert('e')).toBe(1);
    expect(overflow(t).slice(0, 4)).toEqual([3, 2, 1, 0]);
    expect(['a', 'c', 'd'].map((k) => t.data[t.base(t.nodeOf(k))])).toEqual([1, 3, 4]);
    expect(['a', 'c', 'd'].map((k) => t.data[t.base(t.nodeOf(k)) + 1])).toEqual([-1, -3, -4]);
  });

  it('evicts the least recently used key when full (probation first), never holding more than the capacity', () => {
    const t = new KeyStateTable(3, { ghost: false });
    expect(t.slots).toBe(5); // capacity / 0.7, rounded up
    for (const k of ['a', 'b', 'c']) t.insert(k);
    t.nodeOf('a'); // b is now the least recently used
    t.insert('d');
    expect(order(t).map(([k]) => k)).toEqual(['c', 'a', 'd']);
    t.promoteAt(t.nodeOf('c'));
    t.insert('e'); // probation's oldest (a) goes, not the protected c
    expect(order(t)).toEqual([
      ['d', false],
      ['e', false],
      ['c', true],
    ]);
    for (let i = 0; i < 100; i++) {
      if (t.nodeOf(`n${i}`) < 0) t.insert(`n${i}`);
      expect(t.size).toBeLessThanOrEqual(3);
    }
    expect(t.nodeOf('c')).toBeGreaterThanOrEqual(0); // protected through the flood
    expect(t.evicted).toBe(2 + 100);
  });

  it('idle eviction drops from the old end of each segment until a key that is not idle; idle keys are not readmitted from the ghost set', () => {
    const t = new KeyStateTable(10, { stateDoubles: 1 });
    const last = (k: string, time: number) => {
      let s = t.nodeOf(k);
      if (s < 0) s = t.insert(k);
      t.data[t.base(s)] = time;
      return s;
    };
    last('a', 1);
    last('b', 2);
    t.promoteAt(last('p', 1));
    last('c', 9);
    last('d', 3); // not idle, but behind c
    expect(t.evictIdleNodes((s) => t.data[t.base(s)] < 5)).toBe(3);
    expect(order(t).map(([k]) => k)).toEqual(['c', 'd']);
    expect(t.protectedAt(t.insert('a'))).toBe(false);
    expect(t.ghostAdmissions).toBe(0);
  });

  it('keys of any length: empty, 24 and 25 code units (the inline limit), non-Latin-1, long', () => {
    const t = new KeyStateTable(20, { ghost: false, hash: (k) => k.length });
    const keys = ['', 'a'.repeat(24), `${'a'.repeat(23)}b`, 'a'.repeat(25), `${'a'.repeat(24)}b`, 'é€😀', 'y'.repeat(256)];
    const slots = keys.map((k) => t.insert(k));
    keys.forEach((k, i) => {
      expect(t.nodeOf(k)).toBe(slots[i]);
      expect(t.keyAt(slots[i])).toBe(k);
    });
    expect(t.nodeOf('a'.repeat(26))).toBe(-1);
    expect(t.nodeOf(`${'a'.repeat(24)}c`)).toBe(-1);
    expect(t.nodeOf(`${'a'.repeat(23)}c`)).toBe(-1);
  });
});
