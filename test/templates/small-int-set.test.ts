import { describe, expect, it } from 'vitest';
import { SmallIntSet } from '../../src/templates/small-int-set.js';

describe('SmallIntSet', () => {
  it('answers membership like a Set, colliding slots and 0 included', () => {
    const values = [0, 1, 16, 32, 48, 2 ** 30 - 1, 12345, 0x3fffffff & 0xdeadbeef];
    const set = new SmallIntSet(values);
    const ref = new Set(values);
    for (let v = 0; v < 2000; v++) expect(set.has(v)).toBe(ref.has(v));
    for (const v of values) expect(set.has(v)).toBe(true);
    expect(set.has(2 ** 30 - 2)).toBe(false);
  });

  it('refuses a value out of range', () => {
    expect(() => new SmallIntSet([2 ** 30])).toThrow(RangeError);
    expect(() => new SmallIntSet([-1])).toThrow(RangeError);
  });
});
