/** mulberry32: a tiny seeded PRNG for deterministic tests. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n) from `rand`. */
export function randInt(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

/** A linear congruential generator (Numerical Recipes' constants) for deterministic tests. Returns floats in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** `x` written in letters (base 26, least significant first): distinct words with no digits. */
export function letters(x: number): string {
  let s = '';
  let v = x;
  do {
    s += String.fromCharCode(97 + (v % 26));
    v = Math.floor(v / 26);
  } while (v > 0);
  return s;
}
