import { describe, expect, it } from 'vitest';
import { ClientBlocks } from '../../src/security/client-blocks.js';

/** FNV-1a of the UTF-16 code units from basis 0x811c9dc5 (the value hash with a random basis of 0). */
function fnv(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h | 0;
}

describe('ClientBlocks of a distinct window (the scanner)', () => {
  it('keeps blocks and values by a dense client id below maxKeys, reused after eviction', () => {
    const maxKeys = 100;
    const c = new ClientBlocks(60_000, 4, maxKeys, true);
    const idOf = (node: number): number => (c as unknown as { idOf(n: number): number }).idOf(node);
    let t = 0;
    for (let i = 0; i < 1000; i++) {
      const node = c.insert(`10.0.${i >> 8}.${i & 255}`);
      expect(c.snapshot(node)).toEqual([]);
      c.addValue(node, `/p/${i}`, (t += 10));
      if (i % 97 === 96) c.evictIdle(t + 120_000);
    }
    expect(c.table.slots).toBeGreaterThan(maxKeys);
    const ids = [...c.table.nodeOrder()].map(idOf);
    expect(ids.length).toBe(c.table.size);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id >= 0 && id < maxKeys).toBe(true);
    // each client sees its own value only
    for (const node of c.table.nodeOrder()) {
      const key = c.table.keyAt(node).split('.');
      expect(c.snapshot(node)).toEqual([`/p/${(Number(key[2]) << 8) | Number(key[3])}`]);
    }
  });

  it('counts two values with the same 32-bit hash as two (the strings are compared on a hash match)', () => {
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const v = `/admin/${i}`;
      const h = fnv(v);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, v];
      else seen.set(h, v);
    }
    const c = new ClientBlocks(60_000, 8, 10, true);
    (c as unknown as { seed: number }).seed = 0;
    const node = c.insert('10.0.0.1');
    expect(c.addValue(node, pair[0], 1)).toBe(1);
    expect(c.addValue(node, pair[1], 2)).toBe(2);
    expect(c.addValue(node, pair[0], 3)).toBe(2);
    expect(c.snapshot(node)).toEqual(pair);
  });
});
