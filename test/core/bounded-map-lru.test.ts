import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../src/core/bounded-map.js';
import { mulberry32 } from '../helpers/prng.js';

describe('BoundedMap: linked-list LRU', () => {
  it('matches a reference LRU on a random mix of get, set, delete and evictIdle', () => {
    const rand = mulberry32(11);
    const m = new BoundedMap<number, number>(50);
    const ref: number[] = []; // keys, least recently used first
    const val = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const k = Math.floor(rand() * 120);
      const op = rand();
      if (op < 0.4) {
        const got = m.get(k);
        expect(got).toBe(val.get(k));
        if (got !== undefined) ref.splice(ref.indexOf(k), 1), ref.push(k);
      } else if (op < 0.85) {
        m.set(k, i);
        if (val.has(k)) ref.splice(ref.indexOf(k), 1);
        else if (ref.length >= 50) val.delete(ref.shift()!);
        ref.push(k);
        val.set(k, i);
      } else if (op < 0.95) {
        expect(m.delete(k)).toBe(val.has(k));
        if (val.has(k)) ref.splice(ref.indexOf(k), 1), val.delete(k);
      } else {
        const limit = i - 500;
        const n = m.evictIdle((v) => v < limit);
        let expected = 0;
        while (ref.length > 0 && val.get(ref[0])! < limit) val.delete(ref.shift()!), expected++;
        expect(n).toBe(expected);
      }
      expect(m.size).toBe(ref.length);
    }
    expect([...m.entries()].map(([k]) => k)).toEqual(ref);
    expect([...m.values()]).toEqual(ref.map((k) => val.get(k)));
    expect(m.oldestKey()).toBe(ref[0]);
  });
  it('peek and has do not change recency; set of an existing key refreshes it', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.peek('a')).toBe(1);
    expect(m.has('a')).toBe(true);
    m.set('c', 3); // evicts a (peek did not refresh it)
    expect(m.has('a')).toBe(false);
    m.set('b', 20); // refresh b
    m.set('d', 4); // evicts c
    expect([...m.entries()]).toEqual([
      ['b', 20],
      ['d', 4],
    ]);
    expect(m.evicted).toBe(2);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.oldestKey()).toBeUndefined();
    m.set('x', 1);
    expect([...m.entries()]).toEqual([['x', 1]]);
  });
  it('a stream of new keys at the cap evicts in order (no iterator over deleted slots)', () => {
    const m = new BoundedMap<number, number>(1000);
    for (let i = 0; i < 200_000; i++) m.set(i, i);
    expect(m.size).toBe(1000);
    expect(m.oldestKey()).toBe(199_000);
    expect(m.evicted).toBe(199_000);
  });
});
