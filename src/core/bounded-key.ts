/** Longest group key kept as it is; longer keys are shortened by {@link boundedKey}. */
export const MAX_KEY_LENGTH = 256;

/**
 * A group key (client address, `groupBy` value, ...) bounded in size, so per-key maps cannot be
 * slowed or bloated by huge keys (V8 hashes strings of 16,384+ characters by their length only, so
 * long keys would all collide). Keys up to {@link MAX_KEY_LENGTH} characters are returned as they
 * are; a longer key becomes its first 200 characters, `…#` and a 64-bit FNV-1a hash of the whole key
 * in hex (16 digits), so distinct long keys stay distinct with overwhelming probability.
 * Cost: O(length) for long keys, nothing for short ones.
 */
export function boundedKey(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  // FNV-1a 64-bit over UTF-16 code units, as two 32-bit halves (no BigInt on the hot path)
  let h0 = 0x2325; // low 16 bits of the offset basis 0xcbf29ce484222325, in 4 x 16-bit limbs
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < key.length; i++) {
    h0 ^= key.charCodeAt(i);
    // multiply by the FNV prime 0x100000001b3 (limbs: 0x01b3, 0x0000, 0x0100, 0x0000)
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3;
    const t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    h0 = t0 & 0xffff;
    const c1 = t1 + (t0 >>> 16);
    h1 = c1 & 0xffff;
    const c2 = t2 + (c1 >>> 16);
    h2 = c2 & 0xffff;
    h3 = (t3 + (c2 >>> 16)) & 0xffff;
  }
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return `${key.slice(0, 200)}…#${hex(h3)}${hex(h2)}${hex(h1)}${hex(h0)}`;
}
