import { describe, expect, it } from 'vitest';
import { boundedKey, MAX_KEY_LENGTH } from '../../src/core/bounded-key.js';

describe('boundedKey', () => {
  it('keeps short keys as they are', () => {
    expect(boundedKey('10.0.0.1')).toBe('10.0.0.1');
    expect(boundedKey('k'.repeat(MAX_KEY_LENGTH))).toBe('k'.repeat(MAX_KEY_LENGTH));
  });
  it('shortens long keys to a prefix and the 64-bit FNV-1a hash of the whole key', () => {
    // FNV-1a 64 computed with BigInt as the reference
    const ref = (s: string) => {
      let h = 0xcbf29ce484222325n;
      for (let i = 0; i < s.length; i++) h = ((h ^ BigInt(s.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    const a = `${'x'.repeat(20_000)}a`;
    const b = `${'x'.repeat(20_000)}b`;
    expect(boundedKey(a)).toBe(`${'x'.repeat(200)}…#${ref(a)}`);
    expect(boundedKey(a)).not.toBe(boundedKey(b));
    expect(boundedKey(a).length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
  });
});
