/** Longest text prefix {@link charEntropy} can scan. */
export const MAX_ENTROPY_CHARS = 4096;

// Scratch shared by all calls (JS runs one call at a time): per-code-unit counts, the code units
// touched (to reset only those), and c·log2(c) precomputed.
const COUNTS = new Uint16Array(65536);
const TOUCHED = new Uint16Array(MAX_ENTROPY_CHARS);
const C_LOG_C = new Float64Array(MAX_ENTROPY_CHARS + 1);
for (let c = 2; c <= MAX_ENTROPY_CHARS; c++) C_LOG_C[c] = c * Math.log2(c);

/**
 * Shannon entropy in bits of the character distribution of the first `maxChars` UTF-16 code units
 * of `text` (the seed's `H = -Σ p·log2 p` over characters). 0 for empty or one-symbol text.
 * Allocation-free; O(length).
 */
export function charEntropy(text: string, maxChars: number): number {
  const n = text.length < maxChars ? text.length : maxChars;
  if (n < 2) return 0;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (COUNTS[c]++ === 0) TOUCHED[distinct++] = c;
  }
  let s = 0;
  for (let i = 0; i < distinct; i++) {
    const c = TOUCHED[i];
    s += C_LOG_C[COUNTS[c]];
    COUNTS[c] = 0;
  }
  const h = Math.log2(n) - s / n;
  return h > 0 ? h : 0;
}
